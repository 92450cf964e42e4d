import Foundation
import Testing
@testable import SpectraKit

/// Standardisation is scale-equivariant: features multiplied by 1e160 (whose squares overflow
/// Double) give the same standardised values, not inf (which made regress print test_mse = inf).
@Suite struct FeatureScalerTests {
    @Test func standardisationDoesNotOverflow() {
        let base: [Double] = [0.3, -1.2, 2.5, 0.7, 1.1, -0.4, 0.9, 2.2, -2.0, 0.1]   // 5 rows, 2 columns
        let reference = FeatureScaler(fitting: base, dimension: 2)
        for factor in [1e160, 1e300, 1e-300] {
            let scaled = base.map { $0 * factor }
            let scaler = FeatureScaler(fitting: scaled, dimension: 2)
            for c in 0..<2 {
                #expect(Swift.abs(scaler.means[c] / factor - reference.means[c]) <= 1e-15 * Swift.abs(reference.means[c]) + 1e-16)
                #expect(Swift.abs(scaler.scales[c] / factor - reference.scales[c]) <= 1e-15 * reference.scales[c])
            }
            for (a, b) in zip(scaler.transform(scaled), reference.transform(base)) {
                #expect(a.isFinite && Swift.abs(a - b) <= 1e-14, "factor \(factor)")
            }
        }
    }
}
