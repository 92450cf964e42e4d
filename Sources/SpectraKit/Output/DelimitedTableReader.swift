/// Why a delimited text could not be read back as a tidy table: line and column named.
public enum DelimitedTableError: Error, Equatable, CustomStringConvertible, Sendable {
    case empty
    case header(TableError)
    case rowLength(line: Int, given: Int, expected: Int)
    case unterminatedQuote(line: Int)
    case row(line: Int, TableError)

    public var description: String {
        switch self {
        case .empty: return "the file is empty: a header row naming the columns is needed"
        case .header(let error): return "header: \(error)"
        case let .rowLength(line, given, expected):
            return "line \(line) has \(given) fields, the header has \(expected)"
        case .unterminatedQuote(let line): return "line \(line): a quoted field is never closed"
        case let .row(line, error): return "line \(line): \(error)"
        }
    }
}

/// Reads the tidy CSV or TSV that `DelimitedFormatter` writes back into a `Table`: the inverse
/// of the machine formats, so that a figure can be drawn from a command's saved output.
///
/// Fields are RFC 4180 (quotes only where needed, inner quotes doubled, LF or CRLF line ends).
/// Cells are typed by their text: an empty field is `missing`, an integer is `integer`, a finite
/// number `Double(_:)` reads is `real`, `true`/`false` are booleans, the rest (`nan` and `inf`
/// included, which no table holds) is text. Blank lines are skipped.
public enum DelimitedTableReader {
    public static func read(_ text: String, delimiter: Character = ",") throws(DelimitedTableError) -> Table {
        let records = try split(text, delimiter: delimiter)
        guard let header = records.first else { throw .empty }
        var table: Table
        do { table = try Table(columns: header.fields) } catch { throw .header(error) }
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                throw .rowLength(line: record.line, given: record.fields.count, expected: header.fields.count)
            }
            do { try table.append(record.fields.map(cell)) } catch { throw .row(line: record.line, error) }
        }
        return table
    }

    /// The typed cell of one field's text.
    static func cell(_ text: String) -> TableCell {
        if text.isEmpty { return .missing }
        if let n = Int(text) { return .integer(n) }
        if let x = Double(text), x.isFinite { return .real(x) }
        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        if let big = DecimalInteger(text) { return .bigInteger(big) }
        return .text(text)
    }

    private struct Record {
        let line: Int
        let fields: [String]
    }

    /// Records of RFC 4180 text; a quoted field may span lines. Blank lines are dropped.
    private static func split(_ text: String, delimiter: Character) throws(DelimitedTableError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var line = 1, recordLine = 1
        var characters = text.makeIterator()
        var pending: Character? = nil
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            wasQuoted = false
        }
        while let c = pending ?? characters.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = characters.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                quoted = true
                wasQuoted = true
            case delimiter:
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(c)
            }
        }
        if quoted { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
