import Foundation
import Testing
@testable import SpectraKit

extension Kernels {
/// docs/kernels.md#forms-in-the-literature: the network kernels' reference values, the Bietti-Mairal and Geifman forms.
@Suite struct NetworkKernelTests {
    static let points = [-1.0, -0.5, 0, 0.5, 0.9, 1]

    func expectValues(_ spec: String, _ expected: [Double], tolerance: Double) throws {
        let kernel = try KernelTestSupport.kernel(spec)
        for (t, v) in zip(Self.points, expected) {
            let got = kernel.value(at: t)
            #expect(Swift.abs(got - v) <= tolerance, "\(spec) at t = \(t): \(got) vs \(v)")
        }
    }

    /// docs/kernels.md ("Check your code against these values"), given to 8-9 digits.
    @Test func ntkDepth2MatchesMathReference() throws {
        try expectValues("ntk:depth=2", [0, -0.11533777, 0.63661977, 1.88466223, 3.36065747, 4], tolerance: 6e-9)
    }

    @Test func ntkDepth3BiasQuarterMatchesMathReference() throws {
        try expectValues("ntk:depth=3,bias_var=0.25",
                         [1.1822713, 1.58314966, 2.46358596, 3.98633543, 6.17357246, 7.5], tolerance: 6e-8)
    }

    @Test func nngpDepth3BiasQuarterMatchesMathReference() throws {
        try expectValues("nngp:depth=3,bias_var=0.25",
                         [1.21314172, 1.38697315, 1.6713056, 2.0917032, 2.58276986, 2.75], tolerance: 6e-9)
    }

    /// docs/kernels.md: depth 2, sw2 = 2, sb2 = 0 gives NNGP = 2 k1 and NTK = 2 (k1 + t k0).
    @Test func depth2ReLUIsArcCosineCombination() throws {
        let ntk = try KernelTestSupport.kernel("ntk")
        let nngp = try KernelTestSupport.kernel("nngp")
        let k0 = try ArcCosineKernel(order: 0), k1 = try ArcCosineKernel(order: 1)
        for t in stride(from: -1.0, through: 1.0, by: 0.05) {
            #expect(Swift.abs(nngp.value(at: t) - 2 * k1.value(at: t)) < 1e-15 * 4)
            #expect(Swift.abs(ntk.value(at: t) - 2 * (k1.value(at: t) + t * k0.value(at: t))) < 1e-15 * 4)
        }
    }

    /// Bietti & Mairal 2019 / Bietti & Bach 2021: with input_var = 1 the depth-D NTK has kappa(1) = D,
    /// and depth 2 is k1(t) + t k0(t).
    @Test func biettiMairalKappaAtOneEqualsDepth() throws {
        for depth in 2...7 {
            let kernel = try NetworkKernel(kind: .ntk, depth: depth, inputVariance: 1)
            #expect(Swift.abs(kernel.value(at: 1) - Double(depth)) < 1e-14)
            #expect(Swift.abs(kernel.profileMaximum - Double(depth)) < 1e-14)
            let dd: DoubleDouble = kernel.value(KernelTestSupport.nearOne(0))
            #expect(Swift.abs((dd - DoubleDouble(depth)).doubleValue) < 1e-30)
        }
        let bm = try NetworkKernel(kind: .ntk, inputVariance: 1)
        let k0 = try ArcCosineKernel(order: 0), k1 = try ArcCosineKernel(order: 1)
        for t in stride(from: -1.0, through: 1.0, by: 0.05) {
            #expect(Swift.abs(bm.value(at: t) - (k1.value(at: t) + t * k0.value(at: t))) < 1e-15 * 2)
        }
    }

    /// Geifman et al. 2020: depth 2 with input_var = 1, beta = b is (t + b^2) k0(t) + k1(t) + b^2.
    @Test func geifmanFormWithBeta() throws {
        let k0 = try ArcCosineKernel(order: 0), k1 = try ArcCosineKernel(order: 1)
        for b in [0.0, 0.5, 1, 2] {
            let kernel = try KernelSpec(parsing: "ntk:input_var=1,beta=\(b)").kernel
            for t in stride(from: -1.0, through: 1.0, by: 0.05) {
                let expected = (t + b * b) * k0.value(at: t) + k1.value(at: t) + b * b
                #expect(Swift.abs(kernel.value(at: t) - expected) < 1e-15 * (2 + 2 * b * b))
            }
        }
    }

    /// `normalize=true` divides by kappa(1): kappa(1) = 1 in both precisions, shape unchanged.
    @Test func normalizeGivesKappaOneEqualToOne() throws {
        for spec in ["ntk:depth=3,bias_var=0.25", "nngp:depth=4", "ntk:activation=erf,depth=3,beta=0.3"] {
            let plain = try KernelTestSupport.kernel(spec)
            let unit = try KernelTestSupport.kernel(spec + ",normalize=true")
            #expect(unit.value(at: 1) == 1)
            let dd: DoubleDouble = unit.value(KernelTestSupport.nearOne(0))
            #expect(dd == DoubleDouble(1.0))
            #expect(unit.profileMaximum == 1)
            for t in stride(from: -1.0, through: 1.0, by: 0.1) {
                #expect(Swift.abs(unit.value(at: t) - plain.value(at: t) / plain.value(at: 1)) < 1e-15)
            }
        }
    }
}
}
