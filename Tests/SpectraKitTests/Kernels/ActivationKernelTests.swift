import Foundation
import Testing
@testable import SpectraKit

extension Kernels {
/// The network kernels of every activation (docs/kernels.md#activations) against an independent
/// high-precision computation, their exact zeros and their decay laws.
///
/// Provenance of the references: python3 with mpmath 1.3.0 at mp.dps = 30, the layer recursion
/// of docs/kernels.md with each Gaussian expectation E[f(u) g(v)] computed as a nested integral
/// over u = sqrt(q) x, v = sqrt(q) (c x + sqrt(1 - c^2) z) by composite 20-point Gauss-Legendre
/// on unit panels of |x|, |z| <= 9 (truncation below 1e-17 relative), the one-dimensional
/// integral at c = ±1; for the piecewise-linear activations the inner integral in closed form
/// (Gaussian partial moments, E[phi(m + w Z)] = b (m Phi(m/w) + w phi(m/w)) + a (m Phi(-m/w) - w phi(m/w)))
/// and the outer panels split at the kink. That is a different rule (Gauss-Legendre, not the
/// trapezoid) and, for the closed forms, a different formula from the library's. The script is
/// at the end of this file. Arguments t = -1, -0.5, 0, 0.5, 0.9, 1.
@Suite struct ActivationKernelTests {
    static let ts: [Double] = [-1, -0.5, 0, 0.5, 0.9, 1]

    static let references: [(spec: String, values: [Double])] = [
        ("ntk:depth=2,activation=sigmoid,weight_var=2,bias_var=0", [0.2150553976886814469959, 0.3658256232073043309678, 0.4999999999999999997743, 0.6341743767926956685808, 0.7522129379512872768994, 0.7849446023113185527784]),
        // reference.py ntk sigmoid 2 2 0
        ("ntk:depth=2,activation=tanh,weight_var=2,bias_var=0", [-2.437984682314308501759, -0.9679721662708824261775, 5.438413197273635385244e-64, 0.9679721662708824261775, 2.028573483908552331996, 2.437984682314308501759]),
        // reference.py ntk tanh 2 2 0
        ("ntk:depth=2,activation=gelu,weight_var=2,bias_var=0", [-0.1977865046131828512494, -0.2819143237028273045966, 0.4244131815783875593716, 1.718085676297172675997, 3.285757758246896584225, 3.802213495386817110841]),
        // reference.py ntk gelu 2 2 0
        ("ntk:depth=2,activation=silu,weight_var=2,bias_var=0", [-0.6942027964810948717461, -0.4930003164698441286005, 0.263773052826203459052, 1.506999683530155851993, 2.89169347772321320827, 3.305797203518905090344]),
        // reference.py ntk silu 2 2 0
        ("ntk:depth=3,activation=leaky_relu,slope=0.1,weight_var=2,bias_var=0.1", [0.02239085537605261502656, 0.5800681895762807183499, 1.652404543907286965839, 3.340694168670288244603, 5.544383612062017565505, 6.728629999999999876269]),
        // reference.py ntk pwl 3 2 0.1 0.1 1
        ("ntk:depth=2,activation=abs,weight_var=2,bias_var=0", [7.99999999999999992418, 3.538648915020501493469, 2.54647908947032536574, 3.538648915020501493469, 6.242629880230691391968, 7.99999999999999992418]),
        // reference.py ntk pwl 2 2 0 -1 1
        ("ntk:depth=3,activation=sin,weight_var=2,bias_var=0.1", [-2.356651134699218131895, -0.3221340574010114386051, 0.2859520817905871171418, 1.044789150023460886214, 3.207134853761569939556, 4.569567028079750652647]),
        // reference.py ntk sin 3 2 0.1
        ("ntk:depth=3,activation=identity,weight_var=2,bias_var=0.1", [-22.29999999999999956141, -10.29999999999999979429, 1.699999999999999972831, 13.69999999999999973995, 23.29999999999999955365, 25.69999999999999951854]),
        // reference.py ntk identity 3 2 0.1
        ("nngp:depth=2,activation=cos,weight_var=2,bias_var=0", [1.018315638888734179892, 0.4176665095393062643457, 0.2706705664732253834757, 0.4176665095393062643457, 0.8411015249341474540756, 1.018315638888734179892]),
        // reference.py nngp cos 2 2 0
        ("nngp:depth=3,activation=sigmoid,weight_var=16,bias_var=0.1", [4.524874126025075309819, 4.910290712210379084853, 5.22114536847518903792, 5.553559421536178399619, 5.913773826890060874037, 6.047133034633575841477]),
        // reference.py nngp sigmoid 3 16 0.1
        ("ntk:depth=3,activation=tanh,weight_var=1.5,bias_var=0.2", [-0.5411373611545420443435, 0.0563485293753103721048, 0.5665525068387218889173, 1.143016111798720138349, 1.84475310575175798792, 2.124864779479846233548]),
        // reference.py ntk tanh 3 1.5 0.2
        ("nngp:depth=3,activation=gelu,weight_var=2,bias_var=0.1", [0.5150564271360783384805, 0.6283260746464968347926, 0.8728027104157118355416, 1.284577016114738778094, 1.810414150481407279871, 1.989012819985684122781]),
        // reference.py nngp gelu 3 2 0.1
        ("ntk:depth=3,activation=softplus,weight_var=1,bias_var=0.1", [1.007350099970566190395, 1.098007555082916754409, 1.203459522352964928233, 1.324616776766325190736, 1.433816249762703331274, 1.462950823398971279961]),
        // reference.py ntk softplus 3 1 0.1
        ("nngp:depth=3,activation=abrelu,a=-0.5,b=2,weight_var=1.5,bias_var=0.05", [10.18204364864207356155, 9.808121789465492696968, 10.41007007596205588082, 12.08066182947247454436, 14.81117899695193243621, 15.95761718749999940711]),
        // reference.py nngp pwl 3 1.5 0.05 -0.5 2
        ("ntk:depth=3,activation=cos,weight_var=1,bias_var=0.1", [0.9880847234812256604482, 0.8023456229055257624656, 0.7709649038272979260434, 0.8503197499309927775164, 1.060744961821051952832, 1.152756486207524552583]),
        // reference.py ntk cos 3 1 0.1
    ]

    /// Every reference value, in double-double and in Double, within 1e-13 of max|kappa| =
    /// kappa(1); the worst error per activation is printed.
    @Test func profilesMatchTheHighPrecisionReference() throws {
        var worst: [String: Double] = [:]
        for (spec, values) in Self.references {
            let kernel = try KernelTestSupport.kernel(spec)
            guard let network = kernel as? NetworkKernel else { Issue.record("\(spec)"); continue }
            let scale = kernel.profileMaximum
            for (t, reference) in zip(Self.ts, values) {
                let extended: DoubleDouble = kernel.value(CosineArgument(t: DoubleDouble(t)))
                let plain: Double = kernel.value(CosineArgument(t: t))
                let error = Swift.max(Swift.abs(extended.doubleValue - reference), Swift.abs(plain - reference)) / scale
                #expect(error <= 1e-13, "\(spec) at t = \(t): \(extended) against \(reference)")
                worst[network.activation.description] = Swift.max(worst[network.activation.description] ?? 0, error)
            }
        }
        for (activation, error) in worst.sorted(by: { $0.key < $1.key }) {
            print("activation \(activation): worst |kappa - reference| / kappa(1) = \(error)")
        }
    }

    /// The quadrature's own error estimate: the rule against one with a 1.1 times coarser step
    /// (its error is e^{-L/1.1} or, where the Gaussian's own aliasing decides, e^{-L/1.21}: about
    /// 1e-27 in double-double, L = 75) agrees to 1e-25 of the scale, from tiny to large variances,
    /// at several correlations. (At 1.3 times the step the differences are up to 1e-20 of the
    /// scale, as e^{-75/1.69} predicts.)
    @Test(arguments: [NetworkActivation.Name.sigmoid, .tanh, .gelu, .silu, .softplus])
    func quadratureAgreesWithACoarserRule(_ name: NetworkActivation.Name) {
        for q in [1e-4, 1.0, 30.0] {
            for c in [-1.0, -0.3, 0.6, 0.999] {
                let qR = DoubleDouble(q), cR = DoubleDouble(c)
                let conditional = qR * (DoubleDouble(1.0) - cR) * (DoubleDouble(1.0) + cR)
                let fine = SmoothExpectations.expectations(name, varianceX: qR, slope: cR, conditionalVariance: conditional)
                let coarse = SmoothExpectations.expectations(name, varianceX: qR, slope: cR, conditionalVariance: conditional,
                                                             stepScale: 1.1)
                let scale = Swift.max(1, q)
                #expect(Swift.abs((fine.0 - coarse.0).doubleValue) <= 1e-25 * scale, "\(name) q = \(q) c = \(c)")
                #expect(Swift.abs((fine.1 - coarse.1).doubleValue) <= 1e-25, "\(name) q = \(q) c = \(c)")
            }
        }
    }

    /// At the largest variances (the first layer of a sigmoid network at its edge of chaos has
    /// S_xx ~ 100; phi' is then a peak of width 1/sqrt(q) in standard units), in Double: the rule
    /// against a 1.3 times coarser one, and the diagonal against one-dimensional sums.
    @Test func largeVariancesAreResolved() throws {
        for name in [NetworkActivation.Name.sigmoid, .tanh] {
            for q in [100.0, 1000.0] {
                let fine = SmoothExpectations.expectations(name, varianceX: q, slope: 0.5, conditionalVariance: q * 0.75)
                let coarse = SmoothExpectations.expectations(name, varianceX: q, slope: 0.5, conditionalVariance: q * 0.75,
                                                             stepScale: 1.3)
                #expect(Swift.abs(fine.0 - coarse.0) <= 1e-14 && Swift.abs(fine.1 - coarse.1) <= 1e-14, "\(name) q = \(q)")
            }
        }
        // A variance past the supported range is refused, naming the range.
        #expect(throws: KernelSpecError.self) { try KernelSpec(parsing: "ntk:activation=tanh,weight_var=2000") }
        do {
            _ = try KernelSpec(parsing: "nngp:activation=sigmoid,weight_var=5000")
            Issue.record("accepted")
        } catch {
            let limit = DualActivationSeries.maximumVariance(.sigmoid)
            #expect(error.description.contains("at most \(KernelParameter.format(limit))"), "\(error)")
            #expect(error.description.contains("input_var") && error.description.contains("5000"), "\(error)")
        }
        // A variance below 1e-12 (weight_var 1e-308 crashed converting an infinite node count)
        // is refused naming the parameter; just above it the kernel is served, and in the linear
        // regime tanh(u) = u - u^3/3 + ... gives kappa(t) = w^2 t (1 + O(w)) for the depth-2 NNGP
        // with input_var = weight_var = w.
        do {
            _ = try KernelSpec(parsing: "nngp:activation=tanh,depth=3,input_var=1,weight_var=1e-308")
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("weight_var") && error.description.contains("at least 1e-12"), "\(error)")
        }
        for name in ["tanh", "gelu", "sigmoid"] {
            #expect(throws: KernelSpecError.self) { try KernelSpec(parsing: "ntk:activation=\(name),weight_var=1e-300") }
        }
        let w = 3e-12
        let tiny = try NetworkKernel(kind: .nngp, activation: NetworkActivation(rawValue: "tanh")!, weightVariance: w)
        let value = tiny.value(CosineArgument(t: 0.5))
        #expect(Swift.abs(value / (w * w * 0.5) - 1) < 1e-10, "\(value)")
    }

    /// The per-layer dual series (`DualActivationSeries`) against the two-dimensional trapezoid
    /// rule of `SmoothExpectations` (a different method: product quadrature in the variables,
    /// not Hermite coefficients), in double-double, at variances from small to the largest
    /// accepted and correlations from -1 to 1: they agree to 1e-27 of the scale. The truncation
    /// remainders are at rounding level, and odd/even parts vanish exactly where phi's parity says.
    @Test(arguments: [NetworkActivation.Name.sigmoid, .tanh, .gelu, .silu, .softplus])
    func dualSeriesAgreesWithTheProductRule(_ name: NetworkActivation.Name) {
        for q in [0.01, 1.0, 7.0, 20.0] {
            let qR = DoubleDouble(q)
            let series = DualActivationSeries(name, variance: qR)
            let scaleF = series.phiSquareMean.doubleValue, scaleG = series.derivativeSquareMean.doubleValue
            #expect(series.phiRemainder <= 1e-29 * scaleF && series.derivativeRemainder <= 1e-29 * scaleG,
                    "\(name) q = \(q): remainders \(series.phiRemainder), \(series.derivativeRemainder)")
            for c in [-1.0, -0.6, 0, 0.3, 0.9, 0.999, 1] {
                let cR = DoubleDouble(c)
                let conditional = qR * (DoubleDouble(1.0) - cR) * (DoubleDouble(1.0) + cR)
                let rule = SmoothExpectations.expectations(name, varianceX: qR, slope: cR, conditionalVariance: conditional)
                let (f, g): (DoubleDouble, DoubleDouble) = series.values(cR)
                #expect(Swift.abs((f - rule.0).doubleValue) <= 1e-27 * scaleF, "\(name) q = \(q) rho = \(c): \(f) vs \(rule.0)")
                #expect(Swift.abs((g - rule.1).doubleValue) <= 1e-27 * scaleG, "\(name) q = \(q) rho = \(c): \(g) vs \(rule.1)")
                let (fD, gD): (Double, Double) = series.values(c)
                #expect(Swift.abs(fD - f.doubleValue) <= 4e-16 * scaleF && Swift.abs(gD - g.doubleValue) <= 4e-16 * scaleG)
            }
        }
    }

    /// The Hermite coefficients are squares (so >= 0) and parity zeros are exact: tanh is odd
    /// (a_n = 0 for even n), sigmoid is 1/2 + odd (a_n = 0 for even n >= 2), gelu is linear + even
    /// (a_n = 0 for odd n >= 3); phi' has the opposite parity.
    @Test func dualSeriesParityZerosAreExact() {
        let tanh = DualActivationSeries(.tanh, variance: DoubleDouble(2.0))
        let sigmoid = DualActivationSeries(.sigmoid, variance: DoubleDouble(2.0))
        let gelu = DualActivationSeries(.gelu, variance: DoubleDouble(2.0))
        for n in 0..<60 {
            if n % 2 == 0 { #expect(tanh.phiCoefficients[n] == .zero) } else { #expect(tanh.derivativeCoefficients[n] == .zero) }
            if n % 2 == 0 && n >= 2 { #expect(sigmoid.phiCoefficients[n] == .zero) }
            if n % 2 == 1 { #expect(sigmoid.derivativeCoefficients[n] == .zero) }
            if n % 2 == 1 && n >= 3 { #expect(gelu.phiCoefficients[n] == .zero) }
            if n % 2 == 0 && n >= 2 { #expect(gelu.derivativeCoefficients[n] == .zero) }
        }
        #expect(tanh.phiCoefficients[1] > .zero && sigmoid.phiCoefficients[0] > .zero && gelu.phiCoefficients[2] > .zero)
    }

    /// Double and double-double agree to 1e-14 of kappa(1), and off the sphere (unit norms) the
    /// Double recursion gives the profile.
    @Test(arguments: NetworkActivation.Name.allCases)
    func precisionsAndOffSphereAgree(_ name: NetworkActivation.Name) throws {
        for spec in ["ntk:depth=3,activation=\(name.rawValue),bias_var=0.1,weight_var=1.5",
                     "nngp:activation=\(name.rawValue)"] {
            let kernel = try #require(try KernelSpec(parsing: spec).networkKernel)
            let scale = kernel.profileMaximum
            for t in [-1.0, -0.7, 0, 0.3, 0.95, 1] {
                let extended: DoubleDouble = kernel.value(CosineArgument(t: DoubleDouble(t)))
                let plain: Double = kernel.value(CosineArgument(t: t))
                let off = kernel.value(squaredNormX: 1, squaredNormY: 1, dot: t)
                #expect(Swift.abs(plain - extended.doubleValue) <= 1e-14 * scale, "\(spec) t = \(t)")
                #expect(Swift.abs(off - extended.doubleValue) <= 1e-13 * scale, "\(spec) t = \(t) off the sphere")
            }
        }
    }

    // MARK: Exact zeros (docs/decay.md#exact-zeros)

    /// The odd or even part of a profile equals a polynomial (`ExactZerosTests.expectPart`).
    func part(_ spec: String, odd: Bool, equals polynomial: (Double) -> Double) throws {
        try ExactZerosTests().expectPart(spec, odd: odd, equals: polynomial)
    }

    /// Odd phi (tanh, sin, identity) bias-free: kappa odd at every depth, every even k vanishes.
    /// Even phi (cos, abs, abrelu with a = -b): kappa even at every depth, every odd k vanishes.
    @Test func oddAndEvenActivationsGiveOddAndEvenProfiles() throws {
        // (activation, whether kappa is even (its odd part vanishes), the zero pattern of k = 0...5)
        let cases = [("tanh", false), ("sin", false), ("cos", true), ("abs", true), ("abrelu,a=-2,b=2", true)]
        for depth in [2, 3] {
            for (name, even) in cases {
                for kind in ["ntk", "nngp"] {
                    let spec = "\(kind):depth=\(depth),activation=\(name),weight_var=1.5"
                    try part(spec, odd: even) { _ in 0 }
                    let kernel = try KernelTestSupport.kernel(spec)
                    #expect((0...5).map(kernel.vanishes(atDegree:)) == (0...5).map { ($0 % 2 == 1) == even }, "\(spec)")
                }
            }
        }
        // A bias breaks both.
        for spec in ["ntk:activation=tanh,bias_var=0.1", "nngp:activation=cos,bias_var=0.1", "ntk:activation=abs,beta=0.3"] {
            let kernel = try KernelTestSupport.kernel(spec)
            #expect(!(0...5).contains(where: kernel.vanishes(atDegree:)), "\(spec)")
            let p = ExactZerosTests.parts(kernel, 0.5)
            #expect(Swift.abs(p.odd) > 1e-3 && Swift.abs(p.even) > 1e-3, "\(spec)")
        }
    }

    /// phi = alpha x + even (gelu, silu, softplus: alpha = 1/2; leaky_relu: (1 + slope)/2),
    /// depth 2, bias-free: NNGP(t) - NNGP(-t) = 2 sw2 alpha^2 input_var t, NTK(t) - NTK(-t) =
    /// 4 sw2 alpha^2 input_var t (phi' = alpha + odd); so odd k >= 3 vanish. sigmoid = 1/2 + odd:
    /// the even part is constant, kappa(t) + kappa(-t) = sw2 / 2, so even k >= 2 vanish.
    @Test func linearPlusEvenAndConstantPlusOddAtDepthTwo() throws {
        let sw2 = 1.7, iv = 0.9
        for (name, alpha) in [("gelu", 0.5), ("silu", 0.5), ("softplus", 0.5), ("leaky_relu,slope=0.2", 0.6),
                              ("abrelu,a=0.5,b=-1.5", -0.5)] {
            try part("nngp:activation=\(name),weight_var=\(sw2),input_var=\(iv)", odd: true) { 2 * sw2 * alpha * alpha * iv * $0 }
            try part("ntk:activation=\(name),weight_var=\(sw2),input_var=\(iv)", odd: true) { 4 * sw2 * alpha * alpha * iv * $0 }
            let kernel = try KernelTestSupport.kernel("ntk:activation=\(name)")
            #expect((0...7).map(kernel.vanishes(atDegree:)) == [false, false, false, true, false, true, false, true], "\(name)")
            // A third layer ends it: the odd part of kappa(t)/t is no longer constant.
            let deep = try KernelTestSupport.kernel("ntk:depth=3,activation=\(name)")
            let odd = { (t: Double) in ExactZerosTests.parts(deep, t).odd / t }
            #expect(Swift.abs(odd(0.9) - 2 * odd(0.6) + odd(0.3)) > 1e-6, "\(name)")
            #expect(!deep.vanishes(atDegree: 3))
        }
        for kind in ["ntk", "nngp"] {
            try part("\(kind):activation=sigmoid,weight_var=\(sw2),input_var=\(iv)", odd: false) { _ in sw2 / 2 }
            let kernel = try KernelTestSupport.kernel("\(kind):activation=sigmoid")
            #expect((0...6).map(kernel.vanishes(atDegree:)) == [false, false, true, false, true, false, true])
        }
    }

    /// A linear phi gives a polynomial of degree 1: identity with bias_var 0.3 at depth 3 is
    /// NNGP = sw2^2 iv t + sb2 (sw2^2 + sw2 + 1) exactly, and k >= 2 vanish.
    @Test func identityIsLinear() throws {
        let kernel = try KernelTestSupport.kernel("nngp:depth=3,activation=identity,weight_var=1.5,input_var=0.5,bias_var=0.3")
        for t in ExactZerosTests.ts {
            let expected = 1.5 * 1.5 * 0.5 * t + 0.3 * (1.5 * 1.5 + 1.5 + 1)
            #expect(Swift.abs(kernel.value(CosineArgument(t: t)) - expected) <= 1e-15 * 4)
        }
        #expect((0...4).map(kernel.vanishes(atDegree:)) == [false, false, true, true, true])
        #expect(try KernelTestSupport.kernel("ntk:activation=leaky_relu,slope=1").vanishes(atDegree: 0))
        #expect(KernelTestSupport.theory("ntk:activation=identity").law == .finite(degree: 1))
    }

    // MARK: Decay laws

    @Test func decayLawsFollowSmoothnessAndSymmetry() throws {
        for name in ["sigmoid", "tanh", "gelu", "silu", "softplus", "sin", "cos"] {
            let theory = KernelTestSupport.theory("ntk:activation=\(name),bias_var=0.1")
            #expect(theory.law == .superPolynomial && theory.parity == .all, "\(name)")
        }
        for (name, parity) in [("tanh", DegreeParity.odd), ("sin", .odd), ("cos", .even), ("gelu", .even), ("sigmoid", .odd)] {
            #expect(KernelTestSupport.theory("nngp:activation=\(name)").parity == parity, "\(name)")
        }
        for name in ["leaky_relu,slope=0.1", "abrelu,a=-0.3,b=2", "abs"] {
            #expect(KernelTestSupport.theory("ntk:depth=3,activation=\(name)").law == .powerLaw(exponent: 3))
            #expect(KernelTestSupport.theory("nngp:depth=3,activation=\(name)").law == .powerLaw(exponent: 5))
        }
        #expect(KernelTestSupport.theory("ntk:activation=leaky_relu").parity == .even)
        #expect(KernelTestSupport.theory("ntk:depth=4,activation=abs").parity == .even)
    }
}
}

extension KernelTestSupport {
    /// The decay theory of a spec on S^2.
    static func theory(_ spec: String) -> DecayTheory {
        (try? kernel(spec).theoreticalDecay(dimension: 3)) ?? DecayTheory(law: .finite(degree: -1), parity: .all, note: "", citation: "")
    }
}

// The reference script (reference.py KIND ACTIVATION DEPTH WEIGHT_VAR BIAS_VAR [A B], pwl = a min(x,0) + b max(x,0)):
// # Reference profiles of network kernels with the activations of docs/kernels.md#activations, by
// # composite Gauss-Legendre quadrature (20 nodes on panels of width 1 in standard-normal units,
// # |x|, |z| <= 9) of the 2-D Gaussian expectations in mpmath at mp.dps = 30:
// # E[f(u) g(v)] with u = sqrt(q) x, v = sqrt(q) (c x + s z), s = sqrt(1 - c^2); at c = +-1 the
// # one-dimensional integral. Piecewise-linear phi: the inner integral in closed form,
// # E[phi(m + w Z)] = b (m Phi(m/w) + w phi(m/w)) + a (m Phi(-m/w) - w phi(m/w)),
// # E[phi'(m + w Z)] = b Phi(m/w) + a Phi(-m/w), and the outer panels split at x = 0.
// import sys
// from mpmath import mp, mpf, sqrt, exp, log, erfc, pi, tanh, sin, cos, legendre, findroot
// mp.dps = 30
//
// def legendre_rule(n):
//     from mpmath import cos as mcos, diff
//     nodes, weights = [], []
//     for i in range(1, n + 1):
//         x = mcos(pi * (i - mpf(1) / 4) / (n + mpf(1) / 2))
//         for _ in range(100):
//             p = legendre(n, x); dp = n * (x * p - legendre(n - 1, x)) / (x * x - 1)
//             dx = p / dp; x -= dx
//             if abs(dx) < mpf(10) ** (-mp.dps - 5): break
//         p = legendre(n, x); dp = n * (x * p - legendre(n - 1, x)) / (x * x - 1)
//         nodes.append(x); weights.append(2 / ((1 - x * x) * dp * dp))
//     return nodes, weights
//
// GL = legendre_rule(20)
// WIDTH, LIMIT = mpf(1), mpf(9)
// def composite():
//     xs, ws = [], []
//     a = -LIMIT
//     while a < LIMIT - mpf(1) / 1000:
//         for t, w in zip(*GL):
//             xs.append(a + WIDTH * (t + 1) / 2); ws.append(w * WIDTH / 2)
//         a += WIDTH
//     return xs, ws
// XS, WS = composite()
// DENS = [w * exp(-x * x / 2) / sqrt(2 * pi) for x, w in zip(XS, WS)]
//
// def Phi(x): return erfc(-x / sqrt(2)) / 2
//
// def act(name, a=0, b=1):
//     if name == 'sigmoid': return (lambda x: 1 / (1 + exp(-x)), lambda x: exp(-x) / (1 + exp(-x)) ** 2)
//     if name == 'tanh': return (lambda x: tanh(x), lambda x: 1 - tanh(x) ** 2)
//     if name == 'gelu': return (lambda x: x * Phi(x), lambda x: Phi(x) + x * exp(-x * x / 2) / sqrt(2 * pi))
//     if name == 'silu':
//         sg = lambda x: 1 / (1 + exp(-x))
//         return (lambda x: x * sg(x), lambda x: sg(x) + x * sg(x) * (1 - sg(x)))
//     if name == 'softplus': return (lambda x: log(1 + exp(x)), lambda x: 1 / (1 + exp(-x)))
//     if name == 'pwl': return (lambda x: b * x if x > 0 else a * x, lambda x: b if x > 0 else a)
//     if name == 'sin': return (sin, cos)
//     if name == 'cos': return (cos, lambda x: -sin(x))
//     if name == 'identity': return (lambda x: x, lambda x: mpf(1))
//     raise ValueError(name)
//
// def expect(name, a, b, q, c):
//     """(E[phi(u) phi(v)], E[phi'(u) phi'(v)]), u, v ~ N(0, q), correlation c."""
//     phi, dphi = act(name, a, b)
//     r = sqrt(q)
//     pp, dd = mpf(0), mpf(0)
//     s = sqrt((1 - c) * (1 + c)) if abs(c) < 1 else mpf(0)
//     for x, wx in zip(XS, DENS):
//         u = r * x
//         if s == 0:
//             v = c * u; g, gd = phi(v), dphi(v)
//         elif name == 'pwl':
//             m, w = c * u, r * s
//             d = exp(-(m / w) ** 2 / 2) / sqrt(2 * pi)
//             g = b * (m * Phi(m / w) + w * d) + a * (m * Phi(-m / w) - w * d)
//             gd = b * Phi(m / w) + a * Phi(-m / w)
//         else:
//             g, gd = mpf(0), mpf(0)
//             for z, wz in zip(XS, DENS):
//                 v = r * (c * x + s * z)
//                 g += wz * phi(v); gd += wz * dphi(v)
//         pp += wx * phi(u) * g; dd += wx * dphi(u) * gd
//     return pp, dd
//
// def profile(kind, name, depth, sw2, sb2, t, a=0, b=1):
//     t = mpf(t); sw2 = mpf(sw2); sb2 = mpf(sb2)
//     q = sw2 + sb2; s = sw2 * t + sb2; theta = s
//     for _ in range(depth - 1):
//         c = max(mpf(-1), min(mpf(1), s / q))
//         pp, dd = expect(name, a, b, q, c)
//         q = sw2 * expect(name, a, b, q, mpf(1))[0] + sb2
//         s = sw2 * pp + sb2
//         theta = s + theta * sw2 * dd
//     return theta if kind == 'ntk' else s
//
// if __name__ == '__main__':
//     kind, name, depth, sw2, sb2 = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
//     a = mpf(sys.argv[6]) if len(sys.argv) > 6 else mpf(0)
//     b = mpf(sys.argv[7]) if len(sys.argv) > 7 else mpf(1)
//     ts = sys.argv[8].split(',') if len(sys.argv) > 8 else ['-1', '-0.5', '0', '0.5', '0.9', '1']
//     vals = [profile(kind, name, depth, sw2, sb2, t, a, b) for t in ts]
//     print(' '.join(sys.argv[1:8]), '|', ', '.join(mp.nstr(v, 22) for v in vals), flush=True)
