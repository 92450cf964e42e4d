@testable import SpectraKit
import Testing

extension Precision {
    @Suite struct NaturalNumbers {
        /// 2^n by repeated doubling, independent of multiplication and binomials.
        static func powerOfTwo(_ n: Int) -> Natural {
            var x = Natural(1)
            for _ in 0..<n { x = x + x }
            return x
        }

        @Test func centralBinomialOf100Is100891344545564193334812497256() {
            // OEIS A000984 (central binomial coefficients), a(50); also Python math.comb(100, 50).
            #expect(Natural.binomial(100, 50).description == "100891344545564193334812497256")
        }

        @Test func binomialsOutsideTheTriangleAreZero() {
            #expect(Natural.binomial(5, -1) == .zero)
            #expect(Natural.binomial(5, 6) == .zero)
            #expect(Natural.binomial(-3, 1) == .zero)
            #expect(Natural.binomial(0, 0) == .one)
            #expect(Natural.binomial(7, 7) == .one)
        }

        @Test func pascalsRuleHolds() {
            for n in [1, 2, 17, 64, 200, 513] {
                for k in [1, 2, n / 3, n / 2, n - 1] where k >= 1 && k <= n {
                    #expect(Natural.binomial(n, k) == Natural.binomial(n - 1, k - 1) + Natural.binomial(n - 1, k))
                }
            }
        }

        @Test func rowSumOfBinomialsIsPowerOfTwoAt200() {
            let sum = (0...200).reduce(Natural.zero) { $0 + Natural.binomial(200, $1) }
            #expect(sum == Self.powerOfTwo(200))
        }

        @Test func vandermondeIdentityHolds() {
            // sum_j C(m, j) C(n, k - j) = C(m + n, k)
            let (m, n, k) = (70, 90, 80)
            let sum = (0...k).reduce(Natural.zero) { $0 + Natural.binomial(m, $1) * Natural.binomial(n, k - $1) }
            #expect(sum == Natural.binomial(m + n, k))
        }

        @Test func descriptionOfPowersOfTwo() {
            #expect(Self.powerOfTwo(64).description == "18446744073709551616")
            #expect(Self.powerOfTwo(128).description == "340282366920938463463374607431768211456")
            #expect((Self.powerOfTwo(64).subtracting(.one))?.description == "18446744073709551615")
            #expect(Natural.zero.description == "0")
            // 10^19 crosses the 19-digit chunks of the conversion.
            #expect((Natural(10_000_000_000_000_000) * 1000).description == "10000000000000000000")
        }

        @Test func multiplicationAgreesWithRepeatedAddition() {
            let a = Natural.binomial(300, 150), b = Natural.binomial(90, 45)
            #expect(a * b == b * a)
            #expect(a * Natural(7) == a + a + a + a + a + a + a)
            #expect(a * 7 == a * Natural(7))
            #expect(Self.powerOfTwo(100) * Self.powerOfTwo(150) == Self.powerOfTwo(250))
        }

        @Test func exactDivisionByASmallInt() {
            let a = Natural.binomial(400, 200)
            #expect((a * 12345).dividedExactly(by: 12345) == a)
            #expect(Natural(10).dividedExactly(by: 3) == nil)
            #expect(Natural(10).dividedExactly(by: 0) == nil)
            #expect(Natural(10).dividedExactly(by: -2) == nil)
            #expect(Natural.zero.dividedExactly(by: 5) == .zero)
        }

        @Test func subtractionIsNilBelowZero() {
            #expect(Natural(3).subtracting(Natural(5)) == nil)
            #expect(Self.powerOfTwo(130).subtracting(Self.powerOfTwo(129)) == Self.powerOfTwo(129))
        }

        @Test func comparisonOrdersByValue() {
            #expect(Natural(3) < Natural(5))
            #expect(Self.powerOfTwo(64) > Natural(UInt64.max))
            #expect(Natural.binomial(100, 50) < Natural.binomial(101, 50))
            #expect(!(Natural(5) < Natural(5)))
        }

        @Test func doubleValueRoundTripsBelow2To53() {
            var g = SplitMix64(seed: 31)
            for _ in 0..<200 {
                let n = Int.random(in: 0...(1 << 53), using: &g)
                #expect(Natural(n).doubleValue == Double(n))
                #expect(Natural(n).intValue == n)
            }
        }

        @Test func doubleValueIsCorrectlyRounded() {
            // 2^53 + 1 is a tie between 2^53 and 2^53 + 2: even wins. Above 64 bits the
            // sticky bit decides: 2^100 + 2^47 is a tie (to 2^100), 2^100 + 2^47 + 1 is not.
            #expect(Natural((1 << 53) + 1).doubleValue == 0x1p53)
            #expect(Natural((1 << 53) + 3).doubleValue == 0x1p53 + 4)
            let p100 = Self.powerOfTwo(100), p47 = Self.powerOfTwo(47)
            #expect((p100 + p47).doubleValue == 0x1p100)
            #expect((p100 + p47 + .one).doubleValue == 0x1p100 + 0x1p48)
            #expect(Self.powerOfTwo(1023).doubleValue == 0x1p1023)
            #expect(Self.powerOfTwo(1024).doubleValue == .infinity)
            // C(1000, 500) = 2.70288240945436569515...e299; float(math.comb(1000, 500)) in Python is
            // correctly rounded.
            #expect(Natural.binomial(1000, 500).doubleValue == 2.7028824094543655e299)
        }

        @Test func intValueIsNilBeyondIntMax() {
            #expect(Natural(Int.max).intValue == Int.max)
            #expect((Natural(Int.max) + .one).intValue == nil)
            #expect(Natural.zero.intValue == 0)
            #expect(Natural(exactly: -1) == nil)
        }

        @Test func harmonicMultiplicityInDimension10AtDegree5000() {
            // N(d, k) = (2k + d - 2)/k C(k + d - 3, k - 1); Python integer arithmetic gives
            // N(10, 5000) = 19500584891326173246041001.
            let (d, k) = (10, 5000)
            let n = (Natural.binomial(k + d - 3, k - 1) * (2 * k + d - 2)).dividedExactly(by: k)
            #expect(n?.description == "19500584891326173246041001")
        }
    }
}
