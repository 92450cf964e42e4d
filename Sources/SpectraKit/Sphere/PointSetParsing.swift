/// How the values of a row are separated in point data text.
public enum PointSetDelimiter: Sendable, Equatable {
    case comma
    case tab
    /// Runs of spaces and tabs; leading and trailing whitespace is ignored.
    case whitespace

    /// The delimiter of a line: a tab if it has one, else a comma if it has one, else whitespace.
    static func detect(in line: ArraySlice<UInt8>) -> PointSetDelimiter {
        if line.contains(UInt8(ascii: "\t")) { return .tab }
        if line.contains(UInt8(ascii: ",")) { return .comma }
        return .whitespace
    }
}

extension PointSet {
    /// Points parsed from CSV, TSV or whitespace-separated text (already read by the caller),
    /// one point per row.
    ///
    /// - Lines: "\n", "\r\n" or "\r" end a line; blank lines and lines starting with '#' are
    ///   ignored; a UTF-8 byte order mark is skipped. Line numbers in errors count every line
    ///   from 1.
    /// - Delimiter: `nil` detects it from the first non-blank line (tab, else comma, else
    ///   whitespace). With comma or tab, spaces around a value are ignored and a value may be
    ///   wrapped in double quotes; an empty value is an error.
    /// - Header: the first row is a header (kept as `columnNames`) when none of its values is a
    ///   number; a first row of numbers is data. A header must have as many names as the rows
    ///   have values.
    /// - Numbers: Swift's locale-independent `Double(_:)` syntax (decimal point, optional
    ///   exponent); "nan" and "inf" are read and then rejected as non-finite.
    /// - Errors (`PointSetError`), each naming line and column: `nonNumeric`, `emptyCell`,
    ///   `nonFinite`, `unequalRowLength`, `noRows`, `dimensionTooSmall` (one value per row).
    ///   Zero rows are allowed here; `normalizedOntoSphere()` rejects them.
    public static func parse(_ text: String, delimiter: PointSetDelimiter? = nil) throws(PointSetError) -> PointSet {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var parser = PointSetParser(delimiter: delimiter)
        var lineNumber = 0
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
            lineNumber += 1
            try parser.consume(line: bytes[start..<end], number: lineNumber)
            if end == bytes.count { break }
            // "\r\n" is one line end.
            start = (bytes[end] == UInt8(ascii: "\r") && end + 1 < bytes.count && bytes[end + 1] == UInt8(ascii: "\n")) ? end + 2 : end + 1
        }
        return try parser.finish()
    }
}

/// The state of a parse: delimiter, header, rows so far.
private struct PointSetParser {
    var delimiter: PointSetDelimiter?
    var header: [String]?
    var width: Int?
    var firstDataLine = 0
    var coordinates: [Double] = []
    var lines: [Int] = []
    var sawContent = false

    init(delimiter: PointSetDelimiter?) {
        self.delimiter = delimiter
    }

    mutating func consume(line: ArraySlice<UInt8>, number: Int) throws(PointSetError) {
        let content = line.drop(while: isBlank)
        guard let first = content.first, first != UInt8(ascii: "#") else { return }
        let delimiter = self.delimiter ?? PointSetDelimiter.detect(in: line)
        self.delimiter = delimiter
        let cells = split(line, by: delimiter)
        if !sawContent {
            sawContent = true
            let texts = cells.map { String(decoding: unquoted(trimmed($0)), as: UTF8.self) }
            if !texts.contains(where: { Double($0) != nil }) {
                // A column is found by its name (`--target`): two columns may not share one.
                for (second, name) in texts.enumerated() {
                    if let first = texts[..<second].firstIndex(of: name) {
                        throw .duplicateColumnName(name, line: number, first: first + 1, second: second + 1)
                    }
                }
                header = texts
                width = texts.count
                return
            }
        }
        if let width, cells.count != width {
            throw .unequalRowLength(PointLocation(point: lines.count, line: number), found: cells.count, expected: width)
        }
        width = cells.count
        for (c, cell) in cells.enumerated() {
            let value = unquoted(trimmed(cell))
            guard !value.isEmpty else { throw .emptyCell(line: number, column: c + 1) }
            let text = String(decoding: value, as: UTF8.self)
            guard let x = Double(text) else { throw .nonNumeric(line: number, column: c + 1, text: text) }
            guard x.isFinite else {
                throw .nonFinite(PointLocation(point: lines.count, line: number), column: c + 1, value: text)
            }
            coordinates.append(x)
        }
        lines.append(number)
    }

    func finish() throws(PointSetError) -> PointSet {
        guard !lines.isEmpty, let width else { throw .noRows }
        var points = try PointSet(count: lines.count, dimension: width, rowMajor: coordinates, sourceLines: lines)
        points.columnNames = header
        return points
    }
}

private func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }

private func trimmed(_ cell: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var s = cell.drop(while: isBlank)
    while let last = s.last, isBlank(last) { s = s.dropLast() }
    return s
}

private func unquoted(_ cell: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    let quote = UInt8(ascii: "\"")
    if cell.count >= 2, cell.first == quote, cell.last == quote { return cell.dropFirst().dropLast() }
    return cell
}

private func split(_ line: ArraySlice<UInt8>, by delimiter: PointSetDelimiter) -> [ArraySlice<UInt8>] {
    switch delimiter {
    case .comma:
        return line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
    case .tab:
        return line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
    case .whitespace:
        return line.split(whereSeparator: isBlank)
    }
}
