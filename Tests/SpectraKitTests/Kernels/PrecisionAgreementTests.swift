import Foundation
import Testing
@testable import SpectraKit

extension Kernels {
/// Every catalogue profile: the Double and double-double evaluations agree, and max|kappa| is
/// attained at t = 1 (docs/kernels.md and docs/accuracy.md).
@Suite struct PrecisionAgreementTests {
    @Test func doubleAndDoubleDoubleAgreeEverywhere() throws {
        var worst = (error: 0.0, spec: "", theta: 0.0)
        for spec in KernelTestSupport.catalogue {
            let kernel = try KernelTestSupport.kernel(spec)
            let xs = KernelTestSupport.angles.map { CosineArgument<Double>(angle: $0) }
            let xxs = KernelTestSupport.angles.map { CosineArgument<DoubleDouble>(angle: DoubleDouble($0)) }
            let single = kernel.values(xs)
            let double = kernel.values(xxs)
            for i in xs.indices {
                let error = Swift.abs(single[i] - double[i].doubleValue) / kernel.profileMaximum
                if error > worst.error { worst = (error, spec, KernelTestSupport.angles[i]) }
                #expect(error < 1e-15, "\(spec) at theta = \(KernelTestSupport.angles[i]): \(error)")
            }
        }
        print("Kernels: worst |Double - DoubleDouble| / max|kappa| = \(worst.error) (\(worst.spec), theta = \(worst.theta))")
    }

    /// |kappa(t)| <= kappa(1) = profileMaximum for every catalogue profile.
    @Test func maximumIsAttainedAtOne() throws {
        for spec in KernelTestSupport.catalogue {
            let kernel = try KernelTestSupport.kernel(spec)
            let top = kernel.value(at: 1)
            #expect(Swift.abs(top - kernel.profileMaximum) <= 1e-15 * top, "\(spec)")
            for t in stride(from: -1.0, through: 1.0, by: 0.01) {
                #expect(Swift.abs(kernel.value(at: t)) <= top * (1 + 1e-15), "\(spec) at t = \(t)")
            }
        }
    }
}
}
