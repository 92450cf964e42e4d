/// A booktabs `tabular` for a paper (needs `\usepackage{booktabs}`):
/// `\toprule`, the header, `\midrule`, the rows, `\bottomrule`. Numeric columns are `r`, others
/// `l`. Text and headers have LaTeX's special characters escaped; reals are in math mode with
/// their trustworthy digits (`NumberFormatting.latex`: `$1.234\times10^{-5}$`); negative
/// integers are in math mode so the sign is a minus, not a hyphen; missing cells are empty.
public enum LaTeXFormatter {
    public static func render(_ table: Table) -> String {
        let spec = table.numericColumns.map { $0 ? "r" : "l" }.joined()
        func line(_ cells: [String]) -> String { cells.joined(separator: " & ") + " \\\\" }
        var lines = ["\\begin{tabular}{\(spec)}", "\\toprule", line(table.columns.map(escaped)), "\\midrule"]
        lines += table.rows.map { line($0.map(latexText)) }
        lines += ["\\bottomrule", "\\end{tabular}"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func latexText(_ cell: TableCell) -> String {
        switch cell {
        case .text(let s): return escaped(s)
        case .integer(let n): return n < 0 ? "$\(n)$" : String(n)
        case .bigInteger(let n): return n.digits.hasPrefix("-") ? "$\(n.digits)$" : n.digits
        case .real(let x, let digits): return NumberFormatting.latex(x, significantDigits: digits)
        case .boolean(let b): return b ? "true" : "false"
        case .missing: return ""
        }
    }

    /// Text-mode escapes for the ten special characters `\ { } $ & # ^ _ % ~`; line breaks
    /// become spaces (a cell is one line).
    public static func escaped(_ s: String) -> String {
        s.reduce(into: "") { out, c in
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "_", "%", "&", "#", "$", "{", "}": out += "\\" + String(c)
            case _ where c.isNewline: out += " "
            default: out.append(c)
            }
        }
    }
}
