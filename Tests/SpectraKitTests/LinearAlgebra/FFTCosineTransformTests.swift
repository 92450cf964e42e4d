import Foundation
import Testing
@testable import SpectraKit

@Suite struct FFTCosineTransformTests {
    /// X_m = sum_{c=0}^{M-1} x_c cos(2 pi c m / M) by the O(M^2) definition, x_{M-c} = x_c.
    private func directCosineSums(_ half: [Double], period m: Int) -> [Double] {
        (0...(m / 2)).map { k in
            (0..<m).reduce(0.0) { sum, c in sum + half[Swift.min(c, m - c)] * cos(2 * Double.pi * Double(c * k) / Double(m)) }
        }
    }

    @Test func matchesTheDefiningCosineSumForOddAndEvenPeriods() throws {
        for m in [1, 2, 3, 12, 13, 64, 97] {
            let half = (0...(m / 2)).map { 1 / (1 + Double($0 * $0)) + 0.3 * sin(Double($0)) }
            let fast = try EvenSequenceCosineTransform(period: m).transform(half)
            let direct = directCosineSums(half, period: m)
            #expect(fast.count == m / 2 + 1)
            let error = zip(fast, direct).map { abs($0 - $1) }.max() ?? 0
            #expect(error < 1e-13, "M = \(m): max |FFT - direct| = \(error)")
        }
    }

    @Test func rejectsPeriodsBelowOne() {
        #expect(throws: FFTError.invalidPeriod(0)) { try EvenSequenceCosineTransform(period: 0) }
    }
}
