import Foundation
import Testing
@testable import SpectraKit

extension Kernels {
/// docs/decay.md: `vanishes(atDegree:)`, proved through the parity structure of each profile.
/// mu_k is a positive combination of the Taylor coefficients b_n with n >= k, n = k mod 2, so
/// "the odd (even) part of kappa is a polynomial of degree m" means mu_k = 0 for odd (even) k > m.
@Suite struct ExactZerosTests {
    static let ts: [Double] = (1...99).map { Double($0) / 100 } + [1e-8, 1 - 1e-8, 1]

    /// kappa(t) - kappa(-t) (odd part, times 2) and kappa(t) + kappa(-t) (even part, times 2)
    /// in double-double, from exact complements.
    static func parts(_ kernel: any CatalogueKernel, _ t: Double) -> (odd: Double, even: Double) {
        let plus = CosineArgument(t: DoubleDouble(t), oneMinusT: DoubleDouble(1.0) - DoubleDouble(t),
                                  onePlusT: DoubleDouble(1.0) + DoubleDouble(t))
        let minus = CosineArgument(t: -DoubleDouble(t), oneMinusT: DoubleDouble(1.0) + DoubleDouble(t),
                                   onePlusT: DoubleDouble(1.0) - DoubleDouble(t))
        let a: DoubleDouble = kernel.value(plus), b: DoubleDouble = kernel.value(minus)
        return ((a - b).doubleValue, (a + b).doubleValue)
    }

    func expectPart(_ spec: String, odd: Bool, equals polynomial: (Double) -> Double) throws {
        let kernel = try KernelTestSupport.kernel(spec)
        for t in Self.ts {
            let p = Self.parts(kernel, t)
            let got = odd ? p.odd : p.even
            #expect(Swift.abs(got - polynomial(t)) <= 1e-15 * kernel.profileMaximum, "\(spec) at t = \(t)")
        }
    }

    @Test func arcCosineOrder0EvenPartIsConstant() throws {
        try expectPart("arccos:order=0", odd: false) { _ in 1 }       // 2 * 1/2
        let k = try ArcCosineKernel(order: 0)
        #expect((0...12).map(k.vanishes(atDegree:)) == [false, false, true, false, true, false, true, false, true, false, true, false, true])
    }

    @Test func arcCosineOrder1OddPartIsLinear() throws {
        try expectPart("arccos:order=1", odd: true) { t in t }        // 2 * t/2
        let k = try ArcCosineKernel(order: 1)
        #expect((0...8).map(k.vanishes(atDegree:)) == [false, false, false, true, false, true, false, true, false])
    }

    /// k2 = (1 + 2t^2)/6 + [3 t sqrt(1-t^2) + (1 + 2t^2) asin t] / (3 pi): even part of degree 2.
    @Test func arcCosineOrder2EvenPartIsQuadratic() throws {
        try expectPart("arccos:order=2", odd: false) { t in (1 + 2 * t * t) / 3 }
        let k = try ArcCosineKernel(order: 2)
        #expect((0...9).map(k.vanishes(atDegree:)) == [false, false, false, false, true, false, true, false, true, false])
        // ... and its odd part is not a polynomial: the third difference of (odd part)/t is not zero.
        let odd = { (t: Double) in Self.parts(k, t).odd }
        #expect(Swift.abs(odd(0.9) - 3 * odd(0.6) + 3 * odd(0.3) - 0) > 1e-3)
    }

    /// Depth-2 bias-free ReLU: NTK(t) - NTK(-t) = sw2 input_var t, NNGP: sw2 input_var t / 2.
    @Test func depth2BiasFreeReLUOddPartIsLinear() throws {
        for (sw2, iv) in [(2.0, 2.0), (1.3, 0.7), (2.0, 1.0)] {
            try expectPart("ntk:weight_var=\(sw2),input_var=\(iv)", odd: true) { t in sw2 * iv * t }
            try expectPart("nngp:weight_var=\(sw2),input_var=\(iv),beta=0.8", odd: true) { t in sw2 * iv * t / 2 }
            let ntk = try KernelTestSupport.kernel("ntk:weight_var=\(sw2),input_var=\(iv)")
            #expect((0...7).map(ntk.vanishes(atDegree:)) == [false, false, false, true, false, true, false, true])
        }
        // With a bias, beta (NTK), or a third layer the odd part is no longer linear.
        for spec in ["ntk:bias_var=0.1", "ntk:beta=0.5", "ntk:depth=3", "nngp:depth=3", "nngp:bias_var=0.1"] {
            let kernel = try KernelTestSupport.kernel(spec)
            let odd = { (t: Double) in Self.parts(kernel, t).odd / t }
            #expect(Swift.abs(odd(0.9) - 2 * odd(0.6) + odd(0.3)) > 1e-4, "\(spec)")
            #expect(!kernel.vanishes(atDegree: 3), "\(spec)")
        }
    }

    /// erf with bias_var = 0 (and beta = 0 for the NTK) is odd at every depth: asin and S^1 are odd,
    /// Sdot is even in S_xy, so Theta^{l+1} = S + Theta Sdot stays odd. All even k vanish, k = 0 too.
    @Test func biasFreeErfIsOddAtEveryDepth() throws {
        for depth in 2...5 {
            for spec in ["ntk:activation=erf,depth=\(depth)", "nngp:activation=erf,depth=\(depth),weight_var=3",
                         "nngp:activation=erf,depth=\(depth),beta=1"] {
                try expectPart(spec, odd: false) { _ in 0 }
                let kernel = try KernelTestSupport.kernel(spec)
                #expect((0...5).map(kernel.vanishes(atDegree:)) == [true, false, true, false, true, false])
            }
        }
        for spec in ["ntk:activation=erf,beta=0.5", "ntk:activation=erf,bias_var=0.1"] {
            let kernel = try KernelTestSupport.kernel(spec)
            #expect(Swift.abs(Self.parts(kernel, 0.5).even) > 1e-3)
            #expect(!kernel.vanishes(atDegree: 2))
        }
    }

    @Test func polynomialVanishesBeyondItsDegree() throws {
        let p = try PolynomialKernel(degree: 3, c: 1)
        #expect((0...6).map(p.vanishes(atDegree:)) == [false, false, false, false, true, true, true])
        // c = 0: t^3 is odd.
        try expectPart("poly:degree=3,c=0", odd: false) { _ in 0 }
        let monomial = try PolynomialKernel(degree: 3, c: 0)
        #expect((0...5).map(monomial.vanishes(atDegree:)) == [true, false, true, false, true, true])
    }

    @Test func smoothAndLaplaceLikeKernelsHaveNoZeros() throws {
        for spec in ["laplace", "gexp:gamma=0.3", "gaussian", "matern", "matern:nu=0.7", "ntk:depth=3", "ntk:bias_var=0.1"] {
            let kernel = try KernelTestSupport.kernel(spec)
            #expect(!(0...50).contains(where: kernel.vanishes(atDegree:)), "\(spec)")
        }
    }
}
}
