import Foundation
import Testing
@testable import SpectraKit

@Suite struct DecayFitTests {
    @Test func exactPowerLawIsRecoveredWithZeroError() throws {
        let points = (1...200).map { (k: $0, value: 3.5 * pow(Double($0), -2.75)) }
        let fit = try DecayFitting.fit(points: points, range: 10...200)
        #expect(abs(fit.exponent - 2.75) < 1e-12)
        #expect(abs(fit.prefactor - 3.5) < 1e-10)
        #expect(fit.standardError < 1e-10)
        #expect(abs(fit.rSquared - 1) < 1e-12)
        #expect(fit.pointCount == 191)
    }

    /// Three points, the ordinary least-squares formulas written out independently.
    @Test func threePointRegressionMatchesHandComputation() throws {
        let points: [(k: Int, value: Double)] = [(1, 1), (2, exp(-1)), (4, exp(-1.5))]
        // In x = log k: 0, log 2, log 4; y = 0, -1, -1.5.
        let x = [0, log(2.0), log(4.0)], y = [0.0, -1, -1.5]
        let mx: Double = x.reduce(0, +) / 3, my: Double = y.reduce(0, +) / 3
        let sxx: Double = x.map { (v: Double) -> Double in (v - mx) * (v - mx) }.reduce(0, +)
        let sxy: Double = zip(x, y).map { (u: Double, v: Double) -> Double in (u - mx) * (v - my) }.reduce(0, +)
        let slope = sxy / sxx
        let sse: Double = zip(x, y).map { (u: Double, v: Double) -> Double in let r = v - (my + slope * (u - mx)); return r * r }.reduce(0, +)
        let fit = try DecayFitting.fit(points: points, range: 1...4)
        #expect(abs(fit.exponent + slope) < 1e-14)
        #expect(abs(fit.standardError - (sse / 1 / sxx).squareRoot()) < 1e-14)
        #expect(abs(fit.prefactor - exp(my - slope * mx)) < 1e-14)
    }

    @Test func parityAndZerosAreSkipped() throws {
        // Odd degrees vanish exactly (as for the bias-free depth-2 ReLU NTK).
        let points = (1...100).map { (k: $0, value: $0 % 2 == 0 ? pow(Double($0), -3) : 0) }
        let all = try DecayFitting.fit(points: points, range: 10...100)
        let even = try DecayFitting.fit(points: points, range: 10...100, parity: .even)
        #expect(all == even || (all.pointCount == even.pointCount && abs(all.exponent - 3) < 1e-12))
        #expect(throws: DecayFitError.self) { try DecayFitting.fit(points: points, range: 10...100, parity: .odd) }
    }

    @Test func shiftedFitIsExactForShiftedPowerLaw() throws {
        let shift = 0.5 // (d - 2)/2 for d = 3
        let points = (1...300).map { (k: $0, value: pow(Double($0) + shift, -3)) }
        let plain = try DecayFitting.fit(points: points, range: 20...40)
        let shifted = try DecayFitting.fit(points: points, range: 20...40, shift: shift)
        #expect(abs(shifted.exponent - 3) < 1e-12)
        #expect(plain.exponent < 3) // the finite-degree bias of docs/decay.md#finite-degree-bias-and-local-slopes, from below
    }

    @Test func localSlopesUseDoublingWindows() {
        let points = (1...400).map { (k: $0, value: pow(Double($0), -4)) }
        let slopes = DecayFitting.localSlopes(points: points, from: 25, to: 400)
        #expect(slopes.map(\.range) == [25...50, 50...100, 100...200, 200...400])
        #expect(slopes.allSatisfy { abs($0.exponent - 4) < 1e-12 })
    }
}
