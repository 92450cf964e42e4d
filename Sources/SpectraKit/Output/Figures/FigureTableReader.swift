/// Typed access to the columns of a tidy table for a figure: every failure names the table
/// (main or fit), the column and the row.
struct FigureTableReader {
    let table: Table
    let role: FigureTableRole
    let kind: FigureKind

    init(_ table: Table, role: FigureTableRole, kind: FigureKind) throws(FigureError) {
        guard !table.rows.isEmpty else { throw .emptyTable(role: role) }
        self.table = table
        self.role = role
        self.kind = kind
    }

    func has(_ column: String) -> Bool { table.columns.contains(column) }

    func index(_ column: String) throws(FigureError) -> Int {
        guard let i = table.columns.firstIndex(of: column) else {
            throw .missingColumn(role: role, column: column, kind: kind, available: table.columns)
        }
        return i
    }

    /// The column as numbers; a missing cell is nil, text is an error.
    func numbers(_ column: String) throws(FigureError) -> [Double?] {
        let c = try index(column)
        var result: [Double?] = []
        result.reserveCapacity(table.rows.count)
        for (r, row) in table.rows.enumerated() {
            switch row[c] {
            case .integer(let n): result.append(Double(n))
            case .real(let x, _): result.append(x)
            case .bigInteger(let n): result.append(Double(n.digits))
            case .missing: result.append(nil)
            case .text(let s): throw .notANumber(role: role, column: column, row: r + 1, text: s)
            case .boolean(let b): throw .notANumber(role: role, column: column, row: r + 1, text: b ? "true" : "false")
            }
        }
        return result
    }

    /// The column as text, whatever its cells hold.
    func texts(_ column: String) throws(FigureError) -> [String] {
        let c = try index(column)
        return table.rows.map { DelimitedFormatter.text(of: $0[c]) }
    }

    /// For each row, the values of `columns` joined: the series a row belongs to.
    func keys(_ columns: [String]) throws(FigureError) -> [[String]] {
        var columnsTexts: [[String]] = []
        for c in columns { columnsTexts.append(try texts(c)) }
        return table.rows.indices.map { r in columnsTexts.map { $0[r] } }
    }

    /// The columns among `candidates` present in the table with more than one distinct value.
    func varying(_ candidates: [String]) throws(FigureError) -> [String] {
        var result: [String] = []
        for c in candidates where has(c) {
            if Set(try texts(c)).count > 1 { result.append(c) }
        }
        return result
    }
}

/// Rows grouped by series key, in order of first appearance.
struct SeriesGroups {
    var keys: [[String]] = []
    var rows: [[Int]] = []

    init(_ rowKeys: [[String]]) {
        var position: [[String]: Int] = [:]
        for (r, key) in rowKeys.enumerated() {
            if let p = position[key] {
                rows[p].append(r)
            } else {
                position[key] = keys.count
                keys.append(key)
                rows.append([r])
            }
        }
    }
}
