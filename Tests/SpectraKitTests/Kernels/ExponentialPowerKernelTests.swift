import Foundation
import Testing
@testable import SpectraKit

extension Kernels {
/// docs/kernels.md#exponential-power-kernels: exp(-c (2-2t)^{gamma/2}) for laplace, gexp and gaussian.
@Suite struct ExponentialPowerKernelTests {
    @Test func familyMembersAgree() throws {
        let laplace = try ExponentialPowerKernel.laplace(c: 1.3)
        let gexp1 = try ExponentialPowerKernel(family: .gexp, c: 1.3, gamma: 1)
        let gaussian = try ExponentialPowerKernel.gaussian(c: 0.7)
        let gexp2 = try ExponentialPowerKernel(family: .gexp, c: 0.7, gamma: 2)
        for t in stride(from: -1.0, through: 1.0, by: 0.01) {
            #expect(Swift.abs(laplace.value(at: t) - Foundation.exp(-1.3 * (2 - 2 * t).squareRoot())) < 4e-16)
            #expect(Swift.abs(gaussian.value(at: t) - Foundation.exp(-0.7 * (2 - 2 * t))) < 4e-16)
            #expect(Swift.abs(gexp1.value(at: t) - laplace.value(at: t)) < 4e-16)
            #expect(Swift.abs(gexp2.value(at: t) - gaussian.value(at: t)) < 4e-16)
        }
    }

    /// Near t = 1, 1 - kappa = -expm1(-c (2 e)^{gamma/2}) keeps its relative digits because 2 - 2t
    /// is formed from the complement.
    @Test func deviationFromOneNearTEqualsOneIsRelativelyAccurate() throws {
        for (gamma, c) in [(1.0, 1.0), (0.5, 2.0), (1.7, 0.3)] {
            let kernel = try ExponentialPowerKernel(family: .gexp, c: c, gamma: gamma)
            for e in [1e-30, 1e-20] {
                let v: DoubleDouble = kernel.value(KernelTestSupport.nearOne(e))
                let leading = -Foundation.expm1(-c * Foundation.pow(2 * e, gamma / 2))
                let deviation = (DoubleDouble(1.0) - v).doubleValue
                #expect(Swift.abs(deviation / leading - 1) < 1e-14, "gamma \(gamma), 1 - t = \(e)")
            }
        }
    }

    @Test func parametersOutsideTheirDomainAreRefused() {
        #expect(throws: KernelSpecError.self) { try ExponentialPowerKernel(family: .gexp, gamma: 2.5) }
        #expect(throws: KernelSpecError.self) { try ExponentialPowerKernel(family: .gexp, gamma: 0) }
        #expect(throws: KernelSpecError.self) { try ExponentialPowerKernel.laplace(c: 0) }
        #expect(throws: KernelSpecError.self) { try ExponentialPowerKernel.gaussian(c: .nan) }
    }
}
}
