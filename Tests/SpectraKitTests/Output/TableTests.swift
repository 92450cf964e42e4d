import Testing
@testable import SpectraKit

extension OutputTests {
    @Suite struct TableTests {
        @Test func rejectsColumnNamesThatAreNotSnakeCase() {
            for bad in ["Degree", "eigen value", "1st", "", "mu-k", "_x"] {
                #expect(throws: TableError.invalidColumnName(bad)) { try Table(columns: [bad]) }
            }
            #expect(throws: Never.self) { try Table(columns: ["kernel", "degree", "mu_k2"]) }
        }

        /// No output format may carry a NaN or an infinity: the table refuses them, so CSV, TSV,
        /// Markdown, LaTeX and the aligned table behave as JSON does.
        @Test func rejectsNonFiniteReals() throws {
            var table = try Table(columns: ["degree", "value"])
            for bad in [Double.nan, .infinity, -.infinity] {
                #expect(throws: TableError.self) { try table.append([.integer(1), .real(bad)]) }
                #expect(throws: TableError.self) { try Table(columns: ["value"], rows: [[.real(bad, significantDigits: 3)]]) }
            }
            try table.append([.integer(1), .missing])
            try table.append([.integer(2), .real(-0.0)])
            #expect(table.rows.count == 2)
        }

        @Test func rejectsDuplicateColumnsAndShortRows() throws {
            #expect(throws: TableError.duplicateColumnName("k")) { try Table(columns: ["k", "k"]) }
            var table = try Table(columns: ["a", "b"])
            #expect(throws: TableError.rowLength(row: 0, given: 1, expected: 2)) { try table.append([.integer(1)]) }
        }

        @Test func concatenationOfTwoKernelsGivesOneTidyTableWithAKernelColumn() throws {
            let ntk = try Table(columns: ["degree"], rows: [[.integer(0)], [.integer(1)]]).prepending(column: "kernel", value: .text("ntk"))
            let laplace = try Table(columns: ["degree"], rows: [[.integer(0)]]).prepending(column: "kernel", value: .text("laplace"))
            let both = try #require(try Table.concatenating([ntk, laplace]))
            #expect(both.columns == ["kernel", "degree"])
            #expect(both.rows == [[.text("ntk"), .integer(0)], [.text("ntk"), .integer(1)], [.text("laplace"), .integer(0)]])
            #expect(try Table.concatenating([]) == nil)
        }

        @Test func concatenationRefusesDifferentColumns() throws {
            let a = try Table(columns: ["kernel", "degree"])
            let b = try Table(columns: ["degree", "kernel"])
            #expect(throws: TableError.mismatchedColumns(given: ["degree", "kernel"], expected: ["kernel", "degree"])) {
                try Table.concatenating([a, b])
            }
        }

        @Test func decimalIntegerAcceptsOnlyDigitsAndNormalises() {
            #expect(DecimalInteger("000123")?.digits == "123")
            #expect(DecimalInteger("-0")?.digits == "0")
            #expect(DecimalInteger("-42")?.digits == "-42")
            #expect(DecimalInteger(UInt64.max).digits == "18446744073709551615")
            for bad in ["", "-", "1e5", "12.0", " 1", "+1", "١٢"] { #expect(DecimalInteger(bad) == nil) }
        }
    }
}
