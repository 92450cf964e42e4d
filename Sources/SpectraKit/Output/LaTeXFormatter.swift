/// A booktabs `tabular` for a paper: a comment naming the package it needs
/// (`% needs \usepackage{booktabs}`, `preamble`), then `\toprule`, the header, `\midrule`, the
/// rows, `\bottomrule`. Numeric columns are `r`, others `l`. Text and headers have LaTeX's
/// special characters escaped. Every number is in math mode, the same way whatever its type:
/// integers `$3$`, `$-3$`, reals with their trustworthy digits (`NumberFormatting.latex`:
/// `$0.25$`, `$1.234\times10^{-5}$`), zero `$0$`; missing cells are empty.
public enum LaTeXFormatter {
    /// The comment that opens every LaTeX output: the packages the tables need.
    public static let preamble = "% needs \\usepackage{booktabs} (\\toprule, \\midrule, \\bottomrule)"

    /// The tabular, opened by `preamble` unless `withPreamble` is false (for the second and
    /// later tables of one output).
    public static func render(_ table: Table, withPreamble: Bool = true) -> String {
        let spec = table.numericColumns.map { $0 ? "r" : "l" }.joined()
        func line(_ cells: [String]) -> String { cells.joined(separator: " & ") + " \\\\" }
        var lines = withPreamble ? [preamble] : []
        lines += ["\\begin{tabular}{\(spec)}", "\\toprule", line(table.columns.map(escaped)), "\\midrule"]
        lines += table.rows.map { line($0.map(latexText)) }
        lines += ["\\bottomrule", "\\end{tabular}"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func latexText(_ cell: TableCell) -> String {
        switch cell {
        case .text(let s): return escaped(s)
        case .integer(let n): return "$\(n)$"
        case .bigInteger(let n): return "$\(n.digits)$"
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
