import Foundation
import Testing
@testable import SpectraKit

extension Kernels {
/// docs/kernels.md#matern-kernels: the Matern kernel, closed forms against the general-nu integral route.
@Suite struct MaternKernelTests {
    /// nu = 1/2 is the Laplace kernel with c = 1/ell.
    @Test func halfIsLaplaceWithCOneOverEll() throws {
        for ell in [0.3, 1, 2.5] {
            let matern = try MaternKernel(nu: 0.5, lengthScale: ell)
            let laplace = try ExponentialPowerKernel.laplace(c: 1 / ell)
            for t in stride(from: -1.0, through: 1.0, by: 0.02) {
                #expect(Swift.abs(matern.value(at: t) - laplace.value(at: t)) < 4e-16)
            }
        }
    }

    /// The closed forms for nu = 1/2, 3/2, 5/2 against the integral forced at the same nu, in
    /// double-double to 1e-30 and in Double to 1e-15, including t within 1e-20 of 1.
    @Test func closedFormsMatchIntegralRoute() throws {
        for (nu, ell) in [(0.5, 1.0), (1.5, 1.0), (1.5, 0.4), (2.5, 2.0), (2.5, 0.3)] {
            let closed = try MaternKernel(nu: nu, lengthScale: ell)
            let integral = try MaternKernel(nu: nu, lengthScale: ell, forcesIntegral: true)
            #expect(!closed.usesIntegral && integral.usesIntegral)
            var thetas = stride(from: 0.0, through: Double.pi, by: Double.pi / 12).map { $0 }
            thetas += [1e-10, 1e-5]
            for theta in thetas {
                let a: DoubleDouble = closed.value(CosineArgument(angle: DoubleDouble(theta)))
                let b: DoubleDouble = integral.value(CosineArgument(angle: DoubleDouble(theta)))
                #expect(Swift.abs((a - b).doubleValue) < 1e-30, "nu \(nu), ell \(ell), theta \(theta)")
                let x = CosineArgument(angle: theta)
                #expect(Swift.abs(closed.value(x) - integral.value(x)) < 1e-15)
            }
            let a: DoubleDouble = closed.value(KernelTestSupport.nearOne(1e-20))
            let b: DoubleDouble = integral.value(KernelTestSupport.nearOne(1e-20))
            #expect(Swift.abs((a - b).doubleValue) < 1e-30)
        }
    }

    /// nu = 1.5 +- 1e-9 goes through the integral; it must sit within O(1e-9) of the closed form
    /// (d kappa / d nu is O(1)).
    @Test func nearbyNuIsContinuousWithClosedForm() throws {
        let closed = try MaternKernel(nu: 1.5)
        for nu in [1.5 - 1e-9, 1.5 + 1e-9] {
            let general = try MaternKernel(nu: nu)
            #expect(general.usesIntegral)
            for t in stride(from: -1.0, through: 1.0, by: 0.1) {
                #expect(Swift.abs(general.value(at: t) - closed.value(at: t)) < 3e-9)
            }
        }
    }

    /// kappa(1) = 1, and at 1 - t = 1e-300 the cusp 1 - C z^{2 nu} of small nu is still visible:
    /// 1 - kappa from mpmath (80 digits, besselk) is 9.3271985034607258551e-16 for nu = 0.05,
    /// 2.159e-78 and 1.727e-77 for nu = 3.3 and 40, and 0 to 1e-80 for nu = 0.75 (ell = 0.8).
    /// (Before the left tail stopped being summed as if w were 0, nu = 0.05 gave 1 to 1e-31.)
    @Test func kappaAtOneIsOne() throws {
        for (nu, oneMinusKappa) in [(0.05, 9.3271985034607258551e-16), (0.75, 0), (3.3, 2.159e-78), (40, 1.727e-77)] {
            let kernel = try MaternKernel(nu: nu, lengthScale: 0.8)
            #expect(kernel.value(at: 1) == 1)
            let near: DoubleDouble = kernel.value(KernelTestSupport.nearOne(1e-300))
            let deficit = (DoubleDouble(1.0) - near).doubleValue
            #expect(Swift.abs(deficit - oneMinusKappa) < 1e-31 + 1e-14 * oneMinusKappa, "nu \(nu): \(deficit)")
        }
    }

    /// Large and tiny nu against mpmath (50 digits:
    /// exp((1-nu) log 2 - loggamma(nu) + nu log z + log besselk(nu, z)), z = sqrt(2 nu) r, ell = 1).
    /// nu = 171 printed 0 and nu >= 172 NaN when the integrand was not scaled (Gamma(nu) overflowed).
    @Test func extremeNuAgainstHighPrecisionBessel() throws {
        let reference: [(nu: Double, values: [Double])] = [
            (171, [0.1353382971099524409640974, 0.605200316157361638453442, 0.9043323663458475687116827]),
            (172, [0.1353382625753415466607037, 0.6052080518395013268127264, 0.9043353164027517663126858]),
            (1000, [0.1353353730996879964144183, 0.6063032030052086011530281, 0.9047513895354924674899373]),
            (1e-20, [4.420412334951790264088363e-19, 4.559041771063779325840956e-19, 4.719985562307189363207486e-19]),
            (1e-100, [2.284109307890415573711689e-98, 2.297972251501614479900034e-98, 2.314066630625955483646041e-98]),
        ]
        for (nu, values) in reference {
            let kernel = try MaternKernel(nu: nu)
            for (t, expected) in zip([-1.0, 0.5, 0.9], values) {
                let dd: DoubleDouble = kernel.value(CosineArgument(t: DoubleDouble(t)))
                #expect(Swift.abs(dd.doubleValue - expected) <= 4e-16 * expected, "nu \(nu), t \(t): \(dd.doubleValue)")
                #expect(Swift.abs(kernel.value(at: t) - expected) <= 1e-14 * expected, "nu \(nu), t \(t), Double")
            }
        }
    }

    /// As nu -> infinity the Matern kernel tends to exp(-r^2 / (2 ell^2)) = exp(-(1 - t) / ell^2), with a
    /// correction of order 1/nu; every nu a spec can give (up to Double's largest) is finite and within it.
    @Test func hugeNuTendsToTheGaussian() throws {
        for nu in [1e6, 1e12, 1e100, 1e300, Double.greatestFiniteMagnitude] {
            for ell in [0.5, 1.0] {
                let kernel = try MaternKernel(nu: nu, lengthScale: ell)
                for t in stride(from: -1.0, through: 1.0, by: 0.125) {
                    let gaussian = Foundation.exp(-(1 - t) / (ell * ell))
                    let value = kernel.value(at: t)
                    #expect(value.isFinite)
                    #expect(Swift.abs(value - gaussian) <= Swift.max(1 / nu, 4e-16), "nu \(nu), ell \(ell), t \(t)")
                }
            }
        }
    }

    @Test func nonPositiveNuOrEllIsRefused() {
        #expect(throws: KernelSpecError.self) { try MaternKernel(nu: 0) }
        #expect(throws: KernelSpecError.self) { try MaternKernel(nu: 1, lengthScale: -1) }
    }
}
}

extension Kernels.MaternKernelTests {
    /// Tiny length scales give 0 off the diagonal and 1 on it, never NaN (ell^2 underflowed to 0,
    /// and (1 + z + z^2/3) e^{-z} became inf * 0); nu below 1e-300 is refused with its range.
    @Test func tinyLengthScalesAndNu() throws {
        for nu in [0.75, 1.5, 2.5, 7] {
            for ell in [1e-300, Double.leastNonzeroMagnitude] {
                let kernel = try MaternKernel(nu: nu, lengthScale: ell)
                #expect(kernel.value(at: 1) == 1)
                for t in [-1.0, 0.5, 0.999] { #expect(kernel.value(at: t) == 0, "nu \(nu), ell \(ell), t \(t)") }
                let dd: DoubleDouble = kernel.value(CosineArgument(t: DoubleDouble(0.5)))
                #expect(dd.doubleValue == 0)
            }
        }
        #expect(throws: KernelSpecError.self) { try MaternKernel(nu: 1e-308) }
        #expect(throws: Never.self) { try MaternKernel(nu: 1e-300) }
    }
}
