import Testing
@testable import SpectraKit

extension OutputTests {
    @Suite struct NumberFormattingTests {
        @Test func humanFormIsPercentGWithTrustworthyDigits() {
            #expect(NumberFormatting.human(1.0 / 3.0) == "0.3333333333")
            #expect(NumberFormatting.human(1.0 / 3.0, significantDigits: 3) == "0.333")
            #expect(NumberFormatting.human(1.234e-5, significantDigits: 4) == "1.234e-05")
            #expect(NumberFormatting.human(-2.5e300) == "-2.5e+300")
            #expect(NumberFormatting.human(0.0001) == "0.0001")
            #expect(NumberFormatting.human(123456.0) == "123456")
            #expect(NumberFormatting.human(1e10) == "1e+10")
            #expect(NumberFormatting.human(.leastNonzeroMagnitude) == "4.940656458e-324")
        }

        @Test func roundingCarriesIntoTheExponent() {
            #expect(NumberFormatting.human(9.99999, significantDigits: 3) == "10")
            #expect(NumberFormatting.human(9.9996e-5, significantDigits: 4) == "0.0001")
        }

        @Test func zeroOfEitherSignPrintsAsZeroForPeople() {
            #expect(NumberFormatting.human(0.0) == "0")
            #expect(NumberFormatting.human(-0.0) == "0")
            #expect(NumberFormatting.latex(-0.0) == "$0$")  // in math mode, as every number of a LaTeX table
        }

        @Test func nonFiniteValuesPrintAsWordsThatReadBack() {
            #expect(NumberFormatting.roundTrip(.nan) == "nan")
            #expect(NumberFormatting.roundTrip(-.infinity) == "-inf")
            #expect(Double(NumberFormatting.roundTrip(.infinity)) == .infinity)
            #expect(NumberFormatting.human(.infinity) == "inf")
        }

        @Test func digitsAreClampedToWhatADoubleHolds() {
            #expect(NumberFormatting.human(0.1, significantDigits: 40) == "0.10000000000000001")
            #expect(NumberFormatting.human(0.1, significantDigits: 0) == "0.1")
        }

        @Test func latexUsesTimesTenToThePower() {
            #expect(NumberFormatting.latex(1.234e-5, significantDigits: 4) == "$1.234\\times10^{-5}$")
            #expect(NumberFormatting.latex(-3e20) == "$-3\\times10^{20}$")
            #expect(NumberFormatting.latex(0.25) == "$0.25$")
            #expect(NumberFormatting.latex(-.infinity) == "$-\\infty$")
        }
    }
}
