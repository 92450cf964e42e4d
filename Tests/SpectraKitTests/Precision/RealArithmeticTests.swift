import Testing
@testable import SpectraKit

@Suite struct RealArithmeticTests {
    @Test func doublePowMatchesFoundation() {
        #expect(abs(Double.pow(2.0, 0.5) - 2.0.squareRoot()) < 1e-15)
    }
}
