/// A dense real matrix, `rows` x `columns`, stored column-major (LAPACK's layout):
/// entry (i, j) is `storage[i + j * rows]`. Eigenvector matrices are returned in this form,
/// one eigenvector per column.
public struct DenseMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// Column-major entries, `rows * columns` of them.
    public internal(set) var storage: [Double]

    /// The zero matrix.
    public init(rows: Int, columns: Int) {
        self.rows = max(rows, 0)
        self.columns = max(columns, 0)
        self.storage = [Double](repeating: 0, count: self.rows * self.columns)
    }

    /// Wraps column-major entries; throws if their count is not rows * columns.
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0 else {
            throw .unsupportedDimension(what: "matrix shape", value: min(rows, columns))
        }
        guard storage.count == rows * columns else {
            throw .sizeMismatch(what: "column-major storage", expected: rows * columns, actual: storage.count)
        }
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Entry (i, j), zero-based. Out-of-range indices trap like array indexing.
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row + column * rows] }
        set { storage[row + column * rows] = newValue }
    }

    /// Column j as an array of `rows` entries.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }
}
