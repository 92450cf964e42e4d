import Foundation
import Testing
@testable import SpectraKit

extension Kernels {
/// docs/kernels.md#off-the-sphere: the network kernels for inputs of any norm.
@Suite struct OffSphereNetworkTests {
    static let specs = ["ntk", "nngp", "ntk:depth=3,bias_var=0.25", "nngp:depth=4,bias_var=0.1,input_var=1",
                        "ntk:depth=3,beta=0.7", "ntk:activation=erf,depth=3,bias_var=0.2", "nngp:activation=erf"]

    /// Deterministic pseudo-random vectors (an LCG: no dependence on the sampler of another layer).
    static func vectors(count: Int, dimension: Int) -> [[Double]] {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        return (0..<count).map { _ in (0..<dimension).map { _ in next() } }
    }

    static func unit(_ v: [Double]) -> [Double] {
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / n }
    }

    @Test func unitVectorsGiveTheProfile() throws {
        let vs = Self.vectors(count: 12, dimension: 5).map(Self.unit)
        for spec in Self.specs {
            guard let kernel = try KernelSpec(parsing: spec).kernel as? NetworkKernel else {
                Issue.record("\(spec) is not a NetworkKernel"); continue
            }
            for i in 0..<vs.count {
                for j in i..<vs.count {
                    // x = y is t = 1 exactly (the rounded |x|^2 would sit 1e-16 off the sqrt singularity).
                    let t = i == j ? 1 : zip(vs[i], vs[j]).reduce(0) { $0 + $1.0 * $1.1 }
                    let offSphere = kernel.value(vs[i], vs[j])
                    let tolerance = 1e-13 * kernel.profileMaximum
                    #expect(Swift.abs(offSphere - kernel.value(at: Swift.min(1, Swift.max(-1, t)))) <= tolerance, "\(spec)")
                }
            }
        }
    }

    @Test func kernelIsSymmetric() throws {
        let vs = Self.vectors(count: 8, dimension: 4)
        for spec in Self.specs {
            guard let kernel = try KernelSpec(parsing: spec).kernel as? NetworkKernel else { continue }
            for i in 0..<vs.count {
                for j in 0..<vs.count {
                    #expect(kernel.value(vs[i], vs[j]) == kernel.value(vs[j], vs[i]), "\(spec)")
                }
            }
        }
    }

    /// Bias-free ReLU networks are positively homogeneous: K(a x, b y) = a b K(x, y) (every layer
    /// maps covariances scaled by (a^2, ab, b^2) to the same scaling; Sdot is scale-free).
    @Test func biasFreeReLUIsHomogeneous() throws {
        let vs = Self.vectors(count: 6, dimension: 3)
        for spec in ["nngp", "nngp:depth=4", "ntk", "ntk:depth=3,weight_var=1.3"] {
            guard let kernel = try KernelSpec(parsing: spec).kernel as? NetworkKernel else { continue }
            // Distinct directions only: at x = y the data's own rounding moves the angle by ~1e-8.
            for (i, x) in vs.enumerated() {
                for y in vs[(i + 1)...] {
                    for (a, b) in [(2.0, 0.5), (3.0, 3.0), (0.1, 7.0)] {
                        let scaled = kernel.value(x.map { a * $0 }, y.map { b * $0 })
                        let base = kernel.value(x, y)
                        let size = kernel.value(x, x).squareRoot() * kernel.value(y, y).squareRoot() * a * b
                        #expect(Swift.abs(scaled - a * b * base) <= 1e-12 * size, "\(spec)")
                    }
                }
            }
        }
    }

    /// Depth-2 erf NNGP off the sphere against sw2 E[erf(u) erf(v)] + sb2 computed by the
    /// trapezoidal rule in two standard normals (erf is entire: the rule converges geometrically),
    /// an evaluation independent of the arcsine formula.
    @Test func erfNNGPMatchesTwoDimensionalQuadrature() throws {
        let kernel = try NetworkKernel(kind: .nngp, activation: .erf, weightVariance: 1.5, biasVariance: 0.2)
        for (xx, yy, xy) in [(0.3, 2.0, 0.5), (1.0, 1.0, -0.9), (4.0, 0.25, 0.7), (0.0, 1.0, 0.0)] {
            let sxx = 1.5 * xx + 0.2, syy = 1.5 * yy + 0.2, sxy = 1.5 * xy + 0.2
            let rho = sxy / (sxx * syy).squareRoot()
            let h = 0.1
            var sum = 0.0
            for i in -90...90 {
                let z1 = Double(i) * h
                for j in -90...90 {
                    let z2 = Double(j) * h
                    let u = sxx.squareRoot() * z1
                    let v = syy.squareRoot() * (rho * z1 + (1 - rho * rho).squareRoot() * z2)
                    sum += erf(u) * erf(v) * Foundation.exp(-(z1 * z1 + z2 * z2) / 2)
                }
            }
            let expectation = sum * h * h / (2 * Double.pi)
            let expected = 1.5 * expectation + 0.2
            #expect(Swift.abs(kernel.value(squaredNormX: xx, squaredNormY: yy, dot: xy) - expected) < 1e-12)
        }
    }

    /// Off the sphere a smooth activation's cost grows with the layer variance: an input whose
    /// norm takes S_xx past the limit is refused before any kernel value (inputs of norm 1e6 ran
    /// for hours), and the refusal names the point; just below the limit it is served. Layer 1's
    /// variance is input_var |x|^2 + bias_var exactly.
    @Test func offSphereInputsBeyondTheVarianceLimitAreRefused() throws {
        let kernel = try NetworkKernel(kind: .ntk, activation: NetworkActivation(rawValue: "tanh")!, depth: 3,
                                       weightVariance: 1.5, biasVariance: 0.1)
        let limit = 1000.0
        // |x|^2 = 800: S_xx = 1.5 * 800 + 0.1 = 1200.1 > 1000 in layer 1.
        let excess = try #require(kernel.offSphereVarianceExcess(squaredNorm: 800))
        #expect(excess.layer == 1 && excess.variance == 1.5 * 800 + 0.1 && excess.limit == limit)
        // |x|^2 = 600: S_xx = 900.1; layer 2's is 1.5 E[tanh^2] + 0.1 < 1.6: served.
        #expect(kernel.offSphereVarianceExcess(squaredNorm: 600) == nil)
        // ReLU has closed forms: never refused.
        let relu = try NetworkKernel(kind: .ntk, depth: 3, weightVariance: 2)
        #expect(relu.offSphereVarianceExcess(squaredNorm: 1e12) == nil)
        let points = try PointSet(count: 3, dimension: 2, rowMajor: [1, 0, 0, 2, 1e6, 1e6])
        do {
            _ = try GramMatrix.network(kernel, on: points)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.contains("point 3") && error.description.contains("S_xx"), "\(error)")
        }
    }
}
}
