import Foundation
import Testing
@testable import SpectraKit

extension Kernels {
/// MATH.md 3: the Matern kernel, closed forms against the general-nu integral route.
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

    @Test func kappaAtOneIsOne() throws {
        for nu in [0.05, 0.75, 3.3, 40] {
            let kernel = try MaternKernel(nu: nu, lengthScale: 0.8)
            #expect(kernel.value(at: 1) == 1)
            let near: DoubleDouble = kernel.value(KernelTestSupport.nearOne(1e-300))
            #expect(Swift.abs((near - DoubleDouble(1.0)).doubleValue) < 1e-31)
        }
    }

    @Test func nonPositiveNuOrEllIsRefused() {
        #expect(throws: KernelSpecError.self) { try MaternKernel(nu: 0) }
        #expect(throws: KernelSpecError.self) { try MaternKernel(nu: 1, lengthScale: -1) }
    }
}
}
