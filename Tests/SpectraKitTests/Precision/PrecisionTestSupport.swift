@testable import SpectraKit
import Foundation
import Testing

/// Parent suite of the Precision folder, so `swift test --filter Precision` selects it.
@Suite enum Precision {}

/// u^2 = 2^-106, the unit of double-double accuracy (u = 2^-53).
let uSquared = 0x1p-106

/// 8 u^2 ~ 9.9e-32: the accuracy promised for +, -, *, / and the elementary functions.
let doubleDoubleTolerance = 8 * uSquared

/// A function value from mpmath, rounded to the nearest double-double.
struct Reference: Sendable, CustomStringConvertible {
    let x: DoubleDouble
    let value: DoubleDouble
    var description: String { "x = \(x)" }
}

/// |computed - reference| / |reference| (absolute when the reference is 0); the difference of
/// two nearby double-doubles is exact, so this resolves errors far below u^2.
func relativeError(_ computed: DoubleDouble, _ reference: DoubleDouble) -> Double {
    let difference = (computed - reference).hi
    return reference.hi == 0 ? Swift.abs(difference) : Swift.abs(difference / reference.hi)
}

extension SplitMix64 {
    /// A double-double with hi uniform in range and lo uniform in [-ulp(hi)/2, ulp(hi)/2],
    /// so all 106 bits are exercised.
    mutating func doubleDouble(in range: ClosedRange<Double>) -> DoubleDouble {
        let hi = Double.random(in: range, using: &self)
        let lo = Double.random(in: -0.5...0.5, using: &self) * hi.ulp
        return DoubleDouble.twoSum(hi, lo)
    }

    /// 10^e with e uniform in range, as a double-double with a random low part.
    mutating func logUniform(exponents range: ClosedRange<Double>) -> DoubleDouble {
        let hi = Foundation.pow(10, Double.random(in: range, using: &self))
        return DoubleDouble.twoSum(hi, Double.random(in: -0.5...0.5, using: &self) * hi.ulp)
    }
}
