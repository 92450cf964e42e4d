/// An exact integer of any size, held as its decimal digits.
///
/// Multiplicities N(d, k) of spherical harmonics overflow Int64 (d = 10, k in the thousands);
/// whatever type computes them hands its decimal string here, and every format prints it in full.
public struct DecimalInteger: Sendable, Hashable, CustomStringConvertible {
    /// Optional `-`, then digits without leading zeros (`0` alone for zero).
    public let digits: String

    /// `nil` unless `text` is an optional `-` followed by ASCII digits. Leading zeros and `-0`
    /// are normalised away, so the digits are always a valid JSON and CSV integer.
    public init?(_ text: String) {
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let trimmed = body.drop(while: { $0 == "0" })
        if trimmed.isEmpty {
            digits = "0"
        } else {
            digits = (negative ? "-" : "") + trimmed
        }
    }

    /// Any fixed-width or arbitrary-precision integer, through its decimal description.
    public init<T: BinaryInteger>(_ value: T) {
        digits = String(value)
    }

    public var description: String { digits }
}

/// One cell of a `Table`: the typed value, so that each format can print it its own way.
public enum TableCell: Sendable, Equatable {
    case text(String)
    case integer(Int)
    /// An exact integer too large for `Int`; printed in full in every format.
    case bigInteger(DecimalInteger)
    /// A real; `significantDigits` is how many digits are trustworthy, used by the human formats
    /// (table, markdown, latex) and clamped to 1...17. `nil` means the default of
    /// `NumberFormatting.defaultSignificantDigits`. Machine formats (csv, tsv) ignore it and print
    /// the shortest representation that reads back to the same Double.
    case real(Double, significantDigits: Int? = nil)
    case boolean(Bool)
    case missing

    /// True for the cases printed right-aligned as numbers.
    var isNumeric: Bool {
        switch self {
        case .integer, .bigInteger, .real: return true
        case .text, .boolean, .missing: return false
        }
    }
}

/// What went wrong building a table: the offending name or row, and what is allowed.
public enum TableError: Error, Equatable, CustomStringConvertible {
    case invalidColumnName(String)
    case duplicateColumnName(String)
    case rowLength(row: Int, given: Int, expected: Int)
    case mismatchedColumns(given: [String], expected: [String])
    /// A real cell that is NaN or infinite: no output format carries one (a quantity that is
    /// undefined is `.missing`, with the reason said where the table is made).
    case nonFiniteValue(column: String, row: Int, value: Double)

    public var description: String {
        switch self {
        case .invalidColumnName(let name):
            return "column name '\(name)' is not snake_case (a lower-case letter, then lower-case letters, digits or '_')"
        case .duplicateColumnName(let name):
            return "column name '\(name)' appears twice"
        case let .rowLength(row, given, expected):
            return "row \(row) has \(given) cells, the table has \(expected) columns"
        case let .mismatchedColumns(given, expected):
            return "cannot concatenate tables: columns \(given) differ from \(expected)"
        case let .nonFiniteValue(column, row, value):
            return "internal error: column '\(column)' of row \(row + 1) is \(value), which no output may print; "
                + "please report the command that gave it"
        }
    }
}

/// A tidy table: named columns (snake_case), one row per observation, typed cells.
/// Results describe themselves as tables; `TableFormat` turns a table into text.
public struct Table: Sendable, Equatable {
    public private(set) var columns: [String]
    public private(set) var rows: [[TableCell]]

    /// Column names must be snake_case (`^[a-z][a-z0-9_]*$`) and distinct.
    public init(columns: [String], rows: [[TableCell]] = []) throws(TableError) {
        var seen = Set<String>()
        for name in columns {
            guard Table.isSnakeCase(name) else { throw .invalidColumnName(name) }
            guard seen.insert(name).inserted else { throw .duplicateColumnName(name) }
        }
        self.columns = columns
        self.rows = []
        for row in rows { try append(row) }
    }

    /// Appends one row, which must have one cell per column and no NaN or infinite real.
    public mutating func append(_ row: [TableCell]) throws(TableError) {
        guard row.count == columns.count else {
            throw .rowLength(row: rows.count, given: row.count, expected: columns.count)
        }
        for (column, cell) in zip(columns, row) {
            if case .real(let x, _) = cell, !x.isFinite {
                throw .nonFiniteValue(column: column, row: rows.count, value: x)
            }
        }
        rows.append(row)
    }

    /// A copy with a new first column holding the same cell in every row: the `kernel` column
    /// that lets tables of several kernels be concatenated into one tidy table.
    public func prepending(column name: String, value: TableCell) throws(TableError) -> Table {
        try Table(columns: [name] + columns, rows: rows.map { [value] + $0 })
    }

    /// The rows of all `tables` in order, which must share the same columns in the same order.
    /// An empty list gives `nil` (there are no columns to name).
    public static func concatenating(_ tables: [Table]) throws(TableError) -> Table? {
        guard var result = tables.first else { return nil }
        for table in tables.dropFirst() {
            guard table.columns == result.columns else {
                throw .mismatchedColumns(given: table.columns, expected: result.columns)
            }
            result.rows.append(contentsOf: table.rows)
        }
        return result
    }

    /// A copy without the columns in which every cell is missing or empty text (the human
    /// formats leave them out); a table without rows keeps its columns.
    public func droppingEmptyColumns() -> Table {
        guard !rows.isEmpty else { return self }
        let kept = columns.indices.filter { c in
            rows.contains { row in
                switch row[c] {
                case .missing: return false
                case .text(let s): return !s.isEmpty
                default: return true
                }
            }
        }
        guard kept.count < columns.count else { return self }
        var copy = self
        copy.columns = kept.map { columns[$0] }
        copy.rows = rows.map { row in kept.map { row[$0] } }
        return copy
    }

    static func isSnakeCase(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Columns whose cells are all numbers or missing (and at least one number): printed
    /// right-aligned by the human formats.
    var numericColumns: [Bool] {
        columns.indices.map { c in
            rows.contains { $0[c].isNumeric } && rows.allSatisfy { $0[c].isNumeric || $0[c] == .missing }
        }
    }
}
