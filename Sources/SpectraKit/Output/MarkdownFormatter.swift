/// A GitHub-flavoured Markdown pipe table: `| a | b |`, a delimiter row whose `---:` right-aligns
/// numeric columns, one line per row. Cells are those of the `table` format, with `|` and `\`
/// escaped by a backslash so that a cell never splits; missing cells are empty.
public enum MarkdownFormatter {
    public static func render(_ table: Table) -> String {
        let numeric = table.numericColumns
        func line(_ cells: [String]) -> String {
            "| " + cells.joined(separator: " | ") + " |"
        }
        var lines = [line(table.columns.map(escaped))]
        lines.append("|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined())
        for row in table.rows {
            lines.append(line(row.map { $0 == .missing ? "" : escaped($0.humanText) }))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escaped(_ s: String) -> String {
        s.reduce(into: "") { out, c in
            if c == "|" || c == "\\" { out.append("\\") }
            out.append(c)
        }
    }
}
