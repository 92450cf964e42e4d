/// Tidy delimited text (CSV, TSV) for programs: a header row, one row per observation.
///
/// - Cells: reals in their shortest round-trip form (`NumberFormatting.roundTrip`, non-finite as
///   `nan`/`inf`/`-inf`), integers and big integers in full, booleans `true`/`false`, missing as an
///   empty field (read as NA by pandas and R).
/// - Quoting follows RFC 4180 for both delimiters: a field containing the delimiter, a double
///   quote, CR or LF is enclosed in double quotes, with inner quotes doubled. pandas
///   (`read_csv(sep="\t")`) and R (`read.delim`) read TSV quoted this way.
/// - Lines end with LF (not RFC 4180's CRLF); every reader in use accepts both.
public struct DelimitedFormatter: Sendable {
    public let delimiter: Character

    public static let csv = DelimitedFormatter(delimiter: ",")
    public static let tsv = DelimitedFormatter(delimiter: "\t")

    public func render(_ table: Table) -> String {
        var lines = [table.columns.map(field).joined(separator: String(delimiter))]
        for row in table.rows {
            lines.append(row.map { field(Self.text(of: $0)) }.joined(separator: String(delimiter)))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func text(of cell: TableCell) -> String {
        switch cell {
        case .text(let s): return s
        case .integer(let n): return String(n)
        case .bigInteger(let n): return n.digits
        case .real(let x, _): return NumberFormatting.roundTrip(x)
        case .boolean(let b): return b ? "true" : "false"
        case .missing: return ""
        }
    }

    /// RFC 4180 quoting: only when needed, inner quotes doubled.
    func field(_ s: String) -> String {
        let needsQuotes = s.contains { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return s }
        return "\"" + s.reduce(into: "") { $0 += $1 == "\"" ? "\"\"" : String($1) } + "\""
    }
}
