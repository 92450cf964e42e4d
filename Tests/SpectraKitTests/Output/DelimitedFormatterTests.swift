import Testing
@testable import SpectraKit

/// A small RFC 4180 reader written independently of the formatter: a state machine over
/// Unicode scalars (so CR LF inside a quoted field stays two characters).
private func readDelimited(_ text: String, delimiter: Unicode.Scalar) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = String.UnicodeScalarView()
    var inQuotes = false
    var scalars = Array(text.unicodeScalars)[...]
    while let c = scalars.popFirst() {
        if inQuotes {
            if c == "\"" {
                if scalars.first == "\"" { scalars.removeFirst(); field.append("\"") } else { inQuotes = false }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            inQuotes = true
        } else if c == delimiter {
            row.append(String(field)); field = String.UnicodeScalarView()
        } else if c == "\n" {
            row.append(String(field)); field = String.UnicodeScalarView()
            rows.append(row); row = []
        } else {
            field.append(c)
        }
    }
    #expect(!inQuotes && field.isEmpty && row.isEmpty, "text must end with a complete line")
    return rows
}

extension OutputTests {
    @Suite struct DelimitedFormatterTests {
        static let awkwardReals: [Double] = [
            // 5e-324 = 2^-1074, the least subnormal; 123456789012345678 rounds to the nearest Double.
            1e-300, 0.1, 1.0 / 3.0, -0.0, .leastNonzeroMagnitude, Double(123456789012345678 as Int64), 0x1p-1074, 0x1p-1022,
            .greatestFiniteMagnitude, .pi, -2.5e-17, 1e16, 100,
        ]
        static let awkwardTexts = [
            "ntk:depth=3,bias_var=0.1", "say \"hi\"", "two\nlines", "cr\r\nlf", "tab\there", "", " padded ", "µ_k ∝ k^-3",
        ]

        static func awkwardTable() throws -> Table {
            var table = try Table(columns: ["kernel", "degree", "multiplicity", "eigenvalue", "exact", "note"])
            for (i, x) in awkwardReals.enumerated() {
                try table.append([
                    .text(awkwardTexts[i % awkwardTexts.count]), .integer(i - 3),
                    .bigInteger(DecimalInteger("123456789012345678901234567890\(i)")!),
                    .real(x, significantDigits: 3), .boolean(i % 2 == 0), .missing,
                ])
            }
            return table
        }

        @Test(arguments: [("csv", DelimitedFormatter.csv), ("tsv", DelimitedFormatter.tsv)])
        func awkwardValuesReadBackBitForBit(name: String, formatter: DelimitedFormatter) throws {
            let table = try Self.awkwardTable()
            let delimiter = formatter.delimiter.unicodeScalars.first!
            let rows = readDelimited(formatter.render(table), delimiter: delimiter)
            #expect(rows.first == table.columns, "\(name) header")
            #expect(rows.count == table.rows.count + 1)
            for (written, read) in zip(table.rows, rows.dropFirst()) {
                #expect(read.count == written.count)
                #expect(read[0] == { if case .text(let s) = written[0] { return s } else { return "?" } }())
                #expect(Int(read[1]) != nil && TableCell.integer(Int(read[1])!) == written[1])
                #expect(TableCell.bigInteger(DecimalInteger(read[2])!) == written[2])
                guard case .real(let x, _) = written[3], let y = Double(read[3]) else {
                    Issue.record("\(name): '\(read[3])' is not a real"); continue
                }
                #expect(y.bitPattern == x.bitPattern, "\(name): \(x) came back as \(read[3])")
                #expect(read[4] == (written[4] == .boolean(true) ? "true" : "false"))
                #expect(read[5] == "")
            }
        }

        @Test func onlyFieldsThatNeedItAreQuoted() throws {
            let table = try Table(columns: ["kernel", "value"], rows: [
                [.text("ntk:depth=3,bias_var=0.1"), .real(0.5)],
                [.text("laplace"), .real(-0.0)],
            ])
            #expect(DelimitedFormatter.csv.render(table) == "kernel,value\n\"ntk:depth=3,bias_var=0.1\",0.5\nlaplace,-0.0\n")
            #expect(DelimitedFormatter.tsv.render(table) == "kernel\tvalue\nntk:depth=3,bias_var=0.1\t0.5\nlaplace\t-0.0\n")
        }
    }
}
