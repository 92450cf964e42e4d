/// The `--format` values of the command-line contract (DESIGN.md), raw values exactly as typed.
public enum TableFormat: String, CaseIterable, Sendable {
    /// Aligned plain text for people (the default).
    case table
    /// Tidy RFC 4180 CSV, reals that read back exactly.
    case csv
    /// Tidy tab-separated values, same cells as `csv`.
    case tsv
    /// JSON. Commands build their own `JSONValue` documents (DESIGN.md keys); for a bare table,
    /// `render` gives an array of row objects.
    case json
    /// A GitHub-flavoured Markdown pipe table.
    case markdown
    /// A booktabs `tabular` for a paper.
    case latex

    /// Whether the format is for people (table, markdown, latex): kernels by their short names,
    /// empty columns left out, reals to their trustworthy digits.
    public var isHuman: Bool { self == .table || self == .markdown || self == .latex }

    /// `table` rendered in this format, ending with a newline. The human formats leave out the
    /// columns in which every cell is missing or empty (`Table.droppingEmptyColumns`).
    ///
    /// Never fails for the text formats; for `json` it throws if a real is not finite
    /// (`JSONEncodingError.nonFiniteReal`), since JSON has no such number.
    public func render(_ table: Table) throws(JSONEncodingError) -> String {
        switch self {
        case .table: return AlignedTableFormatter.render(table.droppingEmptyColumns())
        case .csv: return DelimitedFormatter.csv.render(table)
        case .tsv: return DelimitedFormatter.tsv.render(table)
        case .json: return try JSONValue(table).serialized(.pretty) + "\n"
        case .markdown: return MarkdownFormatter.render(table.droppingEmptyColumns())
        case .latex: return LaTeXFormatter.render(table.droppingEmptyColumns())
        }
    }
}
