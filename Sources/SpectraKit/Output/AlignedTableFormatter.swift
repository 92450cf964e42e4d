/// Aligned plain text for people: the `table` format.
///
/// Columns are separated by two spaces; a column of numbers (and missing cells) is
/// right-aligned, header included, any other column left-aligned; a rule of dashes under the
/// header; no trailing spaces. Reals show their trustworthy digits (`NumberFormatting.human`),
/// missing cells show `-`. Widths count Characters, which is exact for the ASCII that
/// kernel names and numbers use.
public enum AlignedTableFormatter {
    public static func render(_ table: Table) -> String {
        let numeric = table.numericColumns
        let body = table.rows.map { $0.map(\.humanText) }
        let widths = table.columns.indices.map { c in
            body.reduce(table.columns[c].count) { max($0, $1[c].count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - cells[c].count)
                return numeric[c] ? pad + cells[c] : cells[c] + pad
            }
            return trimmingTrailingSpaces(padded.joined(separator: "  "))
        }
        var lines = [line(table.columns), line(widths.map { String(repeating: "-", count: $0) })]
        lines += body.map(line)
        return lines.joined(separator: "\n") + "\n"
    }

    static func trimmingTrailingSpaces(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}

extension TableCell {
    /// The cell for a human reader, on one line: reals to their trustworthy digits, control
    /// characters in text (newlines, tabs) shown as spaces.
    var humanText: String {
        switch self {
        case .text(let s): return String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        case .integer(let n): return String(n)
        case .bigInteger(let n): return n.digits
        case .real(let x, let digits): return NumberFormatting.human(x, significantDigits: digits)
        case .boolean(let b): return b ? "true" : "false"
        case .missing: return "-"
        }
    }
}
