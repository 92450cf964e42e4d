@testable import SpectraKit
import Foundation
import Testing

extension Precision {
    @Suite struct DoubleDoubleArithmetic {
        // The double-double nearest pi and e (pi: DoubleDouble.pi; e: mpmath 1.3.0, mp.dps = 50).
        static let e = DoubleDouble(uncheckedHi: 0x1.5bf0a8b145769p+1, lo: 0x1.4d57ee2b1013ap-53)

        @Test func basicOperationsMatchMpmath() {
            // mpmath 1.3.0, mp.dps = 50, of the exact pairs pi and e:
            // pi*e = 8.53973422267356706546355086954658932
            let product = DoubleDouble(uncheckedHi: 0x1.114580b45d475p+3, lo: -0x1.867bdea1974bdp-51)
            // pi/e = 1.1557273497909217179100931833126965
            let quotient = DoubleDouble(uncheckedHi: 0x1.27ddbf6271dbep+0, lo: -0x1.023c476cc3361p-56)
            // pi+e = 5.8598744820488384738229308546321705
            let sum = DoubleDouble(uncheckedHi: 0x1.77082efac4241p+2, lo: -0x1.9845aea3aa2bfp-53)
            // sqrt(2) = 1.41421356237309504880168872420969808
            let root2 = DoubleDouble(uncheckedHi: 0x1.6a09e667f3bcdp+0, lo: -0x1.bdd3413b26456p-54)
            // 1/3 = 0.333333333333333333333333333333333333
            let third = DoubleDouble(uncheckedHi: 0x1.5555555555555p-2, lo: 0x1.5555555555555p-56)
            #expect(relativeError(.pi * Self.e, product) < doubleDoubleTolerance)
            #expect(relativeError(.pi / Self.e, quotient) < doubleDoubleTolerance)
            #expect(relativeError(.pi + Self.e, sum) < doubleDoubleTolerance)
            #expect(relativeError(.sqrt(DoubleDouble(2.0)), root2) < doubleDoubleTolerance)
            #expect(relativeError(DoubleDouble.one / DoubleDouble(3.0), third) < doubleDoubleTolerance)
            #expect(relativeError(DoubleDouble.one / 3.0, third) < doubleDoubleTolerance)
        }

        @Test func quotientTimesDivisorIsDividend() {
            var g = SplitMix64(seed: 21)
            var worst = 0.0
            for _ in 0..<500 {
                let a = g.logUniform(exponents: -100...100), b = g.logUniform(exponents: -100...100)
                worst = Swift.max(worst, relativeError((a / b) * b, a))
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func squareRootSquaredIsArgument() {
            var g = SplitMix64(seed: 22)
            var worst = 0.0
            for _ in 0..<500 {
                // Down to 1e-290, where the low part is still a normal Double.
                let x = g.logUniform(exponents: -290...300)
                let root = DoubleDouble.sqrt(x)
                worst = Swift.max(worst, relativeError(root * root, x))
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func sumUnderCancellationIsExactlyTheDifference() {
            // (a + b) - a = b when a + b is exact in double-double, here b = 2^-80 a.
            var g = SplitMix64(seed: 23)
            for _ in 0..<200 {
                let a = DoubleDouble(Double.random(in: 1...2, using: &g))
                let b = DoubleDouble(Double.random(in: 1...2, using: &g) * 0x1p-80)
                #expect((a + b) - a == b)
            }
        }

        @Test func intInitialisationIsExact() {
            for value in [Int.min, Int.min + 1, Int.max, Int.max - 1, -(1 << 53) - 1, (1 << 53) + 1, 0, -1, 12345] {
                let x = DoubleDouble(value)
                #expect(x.hi == Double(value))
                // value - hi in Int arithmetic; hi = 2^63 (not an Int) only just below Int.max.
                let remainder = x.hi == 0x1p63 ? -(Int.max - value) - 1 : value - Int(x.hi)
                #expect(x.lo == Double(remainder))
            }
            #expect(DoubleDouble(Int.max) == DoubleDouble(uncheckedHi: 0x1p63, lo: -1))
            #expect(DoubleDouble(Int.min) == DoubleDouble(uncheckedHi: -0x1p63, lo: 0))
            #expect(DoubleDouble(Int.max - 1024) == DoubleDouble(uncheckedHi: 0x1p63 - 1024, lo: -1))
        }

        @Test func nonFiniteValuesPropagateWithoutTraps() {
            let inf = DoubleDouble(Double.infinity), nan = DoubleDouble(Double.nan)
            let two = DoubleDouble(2.0)
            #expect((inf + two).hi == .infinity)
            #expect((inf * two).hi == .infinity)
            #expect((two * -inf).hi == -.infinity)
            #expect((inf - inf).isNaN)
            #expect((inf * .zero).isNaN)
            #expect((two / .zero).hi == .infinity)
            #expect((two / inf) == .zero)
            #expect((DoubleDouble.zero / .zero).isNaN)
            #expect((nan + two).isNaN && (nan * two).isNaN && (two / nan).isNaN)
            #expect(DoubleDouble.sqrt(-two).isNaN)
            #expect(DoubleDouble.sqrt(inf).hi == .infinity)
            let big = DoubleDouble(Double.greatestFiniteMagnitude)
            #expect((big + big).hi == .infinity)
            #expect((big * 2.0).hi == .infinity)
        }
    }

    @Suite struct DoubleDoubleDescription {
        @Test func piPrintsItsFirst32Digits() {
            // pi = 3.14159265358979323846264338327950288...; the pair is pi + 3.0e-33.
            #expect(DoubleDouble.pi.description == "3.1415926535897932384626433832795e0")
            #expect((-DoubleDouble.pi).description == "-3.1415926535897932384626433832795e0")
        }

        @Test func descriptionIsTheExactValueRounded() {
            // Exact decimal of the pair (Python decimal, then rounded half-even to 32 digits).
            #expect(DoubleDouble(uncheckedHi: 1, lo: -1e-20).description == "9.9999999999999999999000000000000e-1")
            #expect(DoubleDouble(uncheckedHi: 1, lo: 1e-40).description == "1.0000000000000000000000000000000e0")
            #expect(DoubleDouble(Int.max).description == "9.2233720368547758070000000000000e18")
            #expect(DoubleDouble(0.1).description == "1.0000000000000000555111512312578e-1")
            #expect(DoubleDouble(Double.leastNonzeroMagnitude).description == "4.9406564584124654417656879286822e-324")
            #expect(DoubleDouble(0x1p-3).description == "1.2500000000000000000000000000000e-1")
        }

        @Test func roundingCarriesIntoTheExponent() {
            // 10 - 2^-105 = 9.(31 nines)75... rounds up to 1.0e1.
            #expect(DoubleDouble(uncheckedHi: 10, lo: -0x1p-105).description == "1.0000000000000000000000000000000e1")
        }

        @Test func specialValues() {
            #expect(DoubleDouble.zero.description == "0")
            #expect(DoubleDouble(Double.infinity).description == "inf")
            #expect(DoubleDouble(-Double.infinity).description == "-inf")
            #expect(DoubleDouble(Double.nan).description == "nan")
        }
    }
}
