import Foundation
import Testing
@testable import SpectraKit

/// The kernels of the catalogue whose interpolants are checked (issue 4: every shape of the
/// catalogue, singular ones included).
let interpolatedKernelSpecs = [
    "ntk:depth=2", "ntk:depth=3", "ntk:depth=5", "nngp:depth=2", "nngp:depth=3", "nngp:depth=5",
    "ntk:depth=2,bias_var=0.25", "ntk:depth=3,bias_var=0.25,beta=0.5", "ntk:depth=5,bias_var=0.1,beta=1",
    "nngp:depth=3,bias_var=0.25", "nngp:depth=5,bias_var=0.1", "ntk:depth=4,input_var=1,beta=0.5",
    "ntk:activation=erf", "ntk:activation=erf,depth=4,bias_var=0.1,beta=1", "nngp:activation=erf,depth=3",
    "arccos:order=0", "arccos:order=1", "arccos:order=2",
    "laplace:c=0.5", "laplace:c=1", "laplace:c=4",
    "gexp:gamma=0.25", "gexp:gamma=0.5", "gexp:gamma=1.5", "gexp:gamma=2",
    "gaussian:c=1", "gaussian:c=10",
    "matern:nu=0.5,ell=1", "matern:nu=0.75,ell=1", "matern:nu=1.5,ell=1", "matern:nu=2.2,ell=1", "matern:nu=2.5,ell=1",
    "matern:nu=0.5,ell=0.2", "matern:nu=0.75,ell=0.2", "matern:nu=1.5,ell=0.2", "matern:nu=2.2,ell=0.2",
    "matern:nu=2.5,ell=0.2",
    "poly", "poly:degree=5,c=0.5", "poly:degree=3,c=0",
]

/// Test arguments with exact double-double complements: random t and random angles over
/// [-1, 1], and t within 1e-16 ... 1e-1 of ±1 (inside 1e-12 included).
func interpolantTestArguments(count: Int, seed: UInt64) -> [(double: CosineArgument<Double>, exact: CosineArgument<DoubleDouble>)] {
    var generator = SplitMix64(seed: seed)
    var result: [(CosineArgument<Double>, CosineArgument<DoubleDouble>)] = []
    func add(t: Double) {
        result.append((CosineArgument(t: t, oneMinusT: 1 - t, onePlusT: 1 + t),
                       CosineArgument(t: DoubleDouble(t), oneMinusT: DoubleDouble(1.0) - DoubleDouble(t),
                                      onePlusT: DoubleDouble(1.0) + DoubleDouble(t))))
    }
    func addNear(_ e: Double, sign: Double) {
        let ed = DoubleDouble(e), two = DoubleDouble(2.0)
        if sign > 0 {
            result.append((CosineArgument(t: 1 - e, oneMinusT: e, onePlusT: 2 - e),
                           CosineArgument(t: DoubleDouble(1.0) - ed, oneMinusT: ed, onePlusT: two - ed)))
        } else {
            result.append((CosineArgument(t: e - 1, oneMinusT: 2 - e, onePlusT: e),
                           CosineArgument(t: ed - DoubleDouble(1.0), oneMinusT: two - ed, onePlusT: ed)))
        }
    }
    for _ in 0..<count {
        add(t: 2 * Double.random(in: 0..<1, using: &generator) - 1)
        add(t: Foundation.cos(Double.pi * Double.random(in: 0..<1, using: &generator)))
    }
    for _ in 0..<(count / 4) {
        let e = Foundation.pow(10, -16 + 15 * Double.random(in: 0..<1, using: &generator))
        addNear(e, sign: 1)
        addNear(e, sign: -1)
    }
    for e in [1e-300, 1e-100, 1e-30, 5e-17, 1e-16, 1e-14, 1e-13, 3e-13, 1e-12] {
        addNear(e, sign: 1)
        addNear(e, sign: -1)
    }
    add(t: 0)
    add(t: 1)
    add(t: -1)
    return result
}

/// The worst |interpolant - kappa| / max|kappa| over the test arguments, kappa in double-double.
func interpolantError(_ kernel: any CatalogueKernel, _ interpolant: ZonalInterpolant, count: Int = 1500) -> Double {
    let arguments = interpolantTestArguments(count: count, seed: 7)
    let exact = kernel.values(arguments.map(\.exact))
    var worst = 0.0
    for (argument, reference) in zip(arguments, exact) {
        worst = max(worst, abs(interpolant.value(argument.double) - reference.doubleValue))
    }
    return worst / kernel.profileMaximum
}

@Suite struct ZonalInterpolantTests {
    @Test(arguments: interpolatedKernelSpecs)
    func interpolantIsWithin1e13OfTheProfileEverywhere(spec: String) throws {
        let kernel = try KernelSpec.parse(spec).kernel
        let interpolant = try #require(ZonalInterpolant(kernel), "no interpolant for \(spec)")
        #expect(interpolant.measuredError <= 1e-13, "\(spec): plan's own check \(interpolant.measuredError)")
        #expect(abs(interpolant.scale - kernel.profileMaximum) <= 1e-15 * kernel.profileMaximum)
        let error = interpolantError(kernel, interpolant)
        #expect(error <= 1e-13, "\(spec): worst error \(error) relative to max|kappa|")
    }

    @Test func endpointsAreTheProfilesOwnValues() throws {
        let kernel = try KernelSpec.parse("laplace").kernel
        let interpolant = try #require(ZonalInterpolant(kernel))
        #expect(interpolant.value(at: 1) == kernel.value(at: 1))
        #expect(interpolant.value(at: -1) == kernel.value(at: -1))
    }

    /// A profile with a non-finite value has no interpolant: callers fall back to direct evaluation.
    @Test func nonFiniteProfileHasNoInterpolant() {
        struct Pole: ZonalFunction {
            func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R { R.one / x.t }
        }
        #expect(ZonalInterpolant(Pole()) == nil)
    }
}
