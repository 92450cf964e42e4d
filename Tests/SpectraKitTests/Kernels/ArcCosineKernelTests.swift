import Foundation
import Testing
@testable import SpectraKit

extension Kernels {
/// docs/kernels.md#arc-cosine-kernels: the arc-cosine kernels of Cho & Saul against their closed forms.
@Suite struct ArcCosineKernelTests {
    /// The formulas of docs/kernels.md written naively in Double (accurate away from t = ±1).
    static func closedForm(order: Int, _ t: Double) -> Double {
        let a = Foundation.acos(t)
        switch order {
        case 0: return (Double.pi - a) / Double.pi
        case 1: return (Foundation.sin(a) + (Double.pi - a) * Foundation.cos(a)) / Double.pi
        default:
            let c = Foundation.cos(a)
            return (3 * Foundation.sin(a) * c + (Double.pi - a) * (1 + 2 * c * c)) / (3 * Double.pi)
        }
    }

    @Test func valuesMatchChoSaulClosedForms() throws {
        for order in 0...2 {
            let kernel = try ArcCosineKernel(order: order)
            for t in stride(from: -0.99, through: 0.99, by: 0.01) {
                #expect(Swift.abs(kernel.value(at: t) - Self.closedForm(order: order, t)) < 4e-16, "order \(order), t = \(t)")
            }
            #expect(kernel.value(at: 1) == 1)
            #expect(kernel.value(at: -1) == 0)
        }
    }

    /// Near t = -1 (b = pi - a small): k0 = b/pi, k1 ~ b^3 / (3 pi), k2 ~ 4 b^5 / (45 pi), with
    /// b = 2 asin(sqrt((1+t)/2)); relative accuracy, which the naive forms cannot give.
    @Test func leadingTermsNearMinusOneHoldRelatively() throws {
        for e in [1e-30, 1e-20, 1e-12] {
            let x = KernelTestSupport.nearMinusOne(e)
            let b = 2 * Foundation.asin((e / 2).squareRoot())
            let k0: DoubleDouble = try ArcCosineKernel(order: 0).value(x)
            let k1: DoubleDouble = try ArcCosineKernel(order: 1).value(x)
            let k2: DoubleDouble = try ArcCosineKernel(order: 2).value(x)
            #expect(Swift.abs(k0.doubleValue / (b / Double.pi) - 1) < 1e-15)
            #expect(Swift.abs(k1.doubleValue / (b * b * b / (3 * Double.pi)) - 1) < 1e-5)
            #expect(Swift.abs(k2.doubleValue / (4 * Foundation.pow(b, 5) / (45 * Double.pi)) - 1) < 1e-5)
        }
    }

    @Test func orderOutsideZeroToTwoIsRefused() {
        #expect(throws: KernelSpecError.self) { try ArcCosineKernel(order: 3) }
        #expect(throws: KernelSpecError.self) { try ArcCosineKernel(order: -1) }
    }
}
}
