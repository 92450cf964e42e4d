import Testing
@testable import SpectraKit

extension OutputTests {
    @Suite struct ValueListTests {
        @Test func itemsAreTrimmedAndEmptyOnesKept() {
            #expect(ValueList.items(" 3, 10 ,\t20") == ["3", "10", "20"])
            #expect(ValueList.items("1,,2") == ["1", "", "2"])
            #expect(ValueList.items("") == [""])
            #expect(ValueList.items(" , ") == ["", ""])
        }

        /// A comma followed by a combining mark is one Swift Character. The input below is what
        /// the value-list fuzzer found: its last item was a blank and a combining macron below
        /// (U+0331), trimmed to the bare mark, which fused with the comma put before it when the
        /// items were joined back, so the join gave one item fewer.
        @Test func aCommaBeforeACombiningMarkStillSeparates() {
            let mark = "\u{331}"
            #expect(ValueList.items("3,\(mark)4") == ["3", "\(mark)4"])
            #expect(ValueList.items("1, \(mark)") == ["1", mark])
            let found = "+314+2: ,5:, 4:,02: ,5::`,5:, 4:,0: ,5:,:4, \(mark)"
            let items = ValueList.items(found)
            #expect(items.count == found.unicodeScalars.filter { $0 == "," }.count + 1)
            #expect(ValueList.items(items.joined(separator: ",")) == items)
            #expect(ValueList.integerPair("3:\(mark)4") == nil)
            #expect(ValueList.realPair("1.5:\(mark)2") == nil)
        }

        @Test func pairsAreReadOnlyWhenBothHalvesAreNumbers() {
            #expect(ValueList.integerPair("25:100").map { $0 == (25, 100) } == true)
            #expect(ValueList.integerPair("25: 100") == nil)
            #expect(ValueList.integerPair("25:100:3") == nil)
            #expect(ValueList.realPair(" 1.5 : 0.1 ").map { $0 == (1.5, 0.1) } == true)
            #expect(ValueList.realPair("nan:1") == nil)
            #expect(ValueList.realPair("1:inf") == nil)
        }
    }
}
