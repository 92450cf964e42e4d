import Testing
@testable import SpectraKit

extension OutputTests {
    /// The three formats for people: aligned text, Markdown, LaTeX.
    @Suite struct HumanFormatterTests {
        static func spectrum() throws -> Table {
            try Table(columns: ["kernel", "degree", "multiplicity", "eigenvalue", "flagged"], rows: [
                [.text("ntk"), .integer(0), .bigInteger(DecimalInteger("1")!), .real(0.3183098861837907), .boolean(false)],
                [.text("ntk:bias_var=0.1"), .integer(4000), .bigInteger(DecimalInteger("123456789012345678901234567890")!), .real(1.2345e-11, significantDigits: 3), .boolean(true)],
                [.text("laplace"), .integer(3), .missing, .real(0), .boolean(false)],
            ])
        }

        @Test func alignedTableRightAlignsNumbersAndLeftAlignsText() throws {
            let expected = """
                kernel            degree                    multiplicity    eigenvalue  flagged
                ----------------  ------  ------------------------------  ------------  -------
                ntk                    0                               1  0.3183098862  false
                ntk:bias_var=0.1    4000  123456789012345678901234567890      1.23e-11  true
                laplace                3                               -             0  false

                """
            #expect(AlignedTableFormatter.render(try Self.spectrum()) == expected)
        }

        @Test func alignedTableLinesShareColumnBoundaries() throws {
            let lines = AlignedTableFormatter.render(try Self.spectrum()).split(separator: "\n")
            let rule = lines[1]
            // Every column ends where its dashes end: a right-aligned number's last digit sits there.
            let ends = rule.indices.filter { rule[$0] == "-" && (rule.index(after: $0) == rule.endIndex || rule[rule.index(after: $0)] == " ") }
            for line in lines where line != rule {
                for end in ends.dropLast() where line.indices.contains(end) {
                    #expect(line[line.index(after: end)] == " ", "a gap follows every column in '\(line)'")
                }
            }
            #expect(lines.allSatisfy { $0.last != " " })
        }

        @Test func markdownIsAPipeTableWithNumericColumnsRightAligned() throws {
            let lines = MarkdownFormatter.render(try Self.spectrum()).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines[0] == "| kernel | degree | multiplicity | eigenvalue | flagged |")
            #expect(lines[1] == "| --- | ---: | ---: | ---: | --- |")
            #expect(lines[3] == "| ntk:bias_var=0.1 | 4000 | 123456789012345678901234567890 | 1.23e-11 | true |")
            #expect(lines[4] == "| laplace | 3 |  | 0 | false |")
            #expect(lines.last == "" && lines.count == 6)
            let pipes = lines.dropLast().map { $0.filter { $0 == "|" }.count }
            #expect(Set(pipes) == [6])
        }

        @Test func markdownEscapesPipesInCells() throws {
            let table = try Table(columns: ["note"], rows: [[.text("a|b\\c\nd")]])
            #expect(MarkdownFormatter.render(table) == "| note |\n| --- |\n| a\\|b\\\\c d |\n")
        }

        /// A comment names the package; every number (integer, big integer, real, zero) is in math mode.
        @Test func latexIsABooktabsTabular() throws {
            let text = LaTeXFormatter.render(try Self.spectrum())
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.first == "% needs \\usepackage{booktabs} (\\toprule, \\midrule, \\bottomrule)")
            #expect(lines[1] == "\\begin{tabular}{lrrrl}")
            #expect(lines[2] == "\\toprule")
            #expect(lines[3] == "kernel & degree & multiplicity & eigenvalue & flagged \\\\")
            #expect(lines[4] == "\\midrule")
            #expect(lines[6] == "ntk:bias\\_var=0.1 & $4000$ & $123456789012345678901234567890$ & $1.23\\times10^{-11}$ & true \\\\")
            #expect(lines[7] == "laplace & $3$ &  & $0$ & false \\\\")
            #expect(lines.suffix(2) == ["\\bottomrule", "\\end{tabular}"])
            #expect(!LaTeXFormatter.render(try Self.spectrum(), withPreamble: false).contains("usepackage"))
        }

        @Test func humanFormatsLeaveOutEmptyColumns() throws {
            let table = try Table(columns: ["kernel", "note", "value"], rows: [[.text("a"), .missing, .real(1)], [.text("b"), .text(""), .missing]])
            #expect(try TableFormat.markdown.render(table) == "| kernel | value |\n| --- | ---: |\n| a | 1 |\n| b |  |\n")
            #expect(try TableFormat.table.render(table) == "kernel  value\n------  -----\na           1\nb           -\n")
            #expect(try TableFormat.csv.render(table) == "kernel,note,value\na,,1.0\nb,,\n")
            // A table without rows keeps its header.
            #expect(try Table(columns: ["note"]).droppingEmptyColumns().columns == ["note"])
        }

        @Test func latexEscapesItsTenSpecialCharacters() {
            #expect(LaTeXFormatter.escaped(#"a_b 5% R&D #1 $x$ {y} ~ ^ \n"#)
                == ##"a\_b 5\% R\&D \#1 \$x\$ \{y\} \textasciitilde{} \textasciicircum{} \textbackslash{}n"##)
            #expect(LaTeXFormatter.escaped("two\nlines") == "two lines")
        }

        @Test func latexHeadersAreEscapedAndNegativeNumbersAreInMathMode() throws {
            let table = try Table(columns: ["fit_range", "shift"], rows: [[.integer(-2), .real(-0.5)]])
            let lines = LaTeXFormatter.render(table).split(separator: "\n")
            #expect(lines[3] == "fit\\_range & shift \\\\")
            #expect(lines[5] == "$-2$ & $-0.5$ \\\\")
        }

        @Test func everyFormatRendersEveryTable() throws {
            for format in TableFormat.allCases {
                #expect(try format.render(try Self.spectrum()).hasSuffix("\n"), "\(format)")
            }
            #expect(TableFormat.allCases.map(\.rawValue) == ["table", "csv", "tsv", "json", "markdown", "latex"])
        }
    }
}
