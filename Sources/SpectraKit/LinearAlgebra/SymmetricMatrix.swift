import Dispatch
import Foundation
import CLapack

/// A dense real symmetric matrix of order n, stored column-major in n * n Doubles.
///
/// Only the **upper triangle** (row <= column) is authoritative, as for LAPACK with
/// `uplo = 'U'`: the subscript reads and writes it for either order of the indices, and the
/// strictly lower part of `storage` may hold anything (dsyrk leaves it untouched, and the
/// eigensolvers overwrite it). This lets a Gram matrix be built and transformed in place on
/// one triangle, with no second n x n buffer.
public struct SymmetricMatrix: Sendable {
    public let order: Int
    /// Column-major entries; only those with row <= column are meaningful.
    public internal(set) var storage: [Double]

    /// The zero matrix of order n (n < 0 is treated as 0).
    public init(order: Int) {
        self.order = max(order, 0)
        self.storage = [Double](repeating: 0, count: self.order * self.order)
    }

    /// The matrix with entries `entry(i, j)`, called once for each i <= j.
    public init(order: Int, entry: (Int, Int) -> Double) {
        self.init(order: order)
        for j in 0..<self.order {
            for i in 0...j { storage[i + j * self.order] = entry(i, j) }
        }
    }

    /// Wraps column-major entries (only the upper triangle is read); throws if their count is
    /// not order * order.
    public init(order: Int, columnMajor storage: [Double]) throws(LinearAlgebraError) {
        guard order >= 0 else { throw .unsupportedDimension(what: "matrix order", value: order) }
        guard storage.count == order * order else {
            throw .sizeMismatch(what: "column-major storage", expected: order * order, actual: storage.count)
        }
        self.order = order
        self.storage = storage
    }

    /// Entry (i, j) = entry (j, i), zero-based.
    public subscript(row: Int, column: Int) -> Double {
        get { row <= column ? storage[row + column * order] : storage[column + row * order] }
        set {
            if row <= column { storage[row + column * order] = newValue } else { storage[column + row * order] = newValue }
        }
    }

    /// The Gram matrix X X^T of n points in R^d given as the rows of X, i.e. entry (i, j) is
    /// <x_i, x_j>, computed by `cblas_dsyrk` into the upper triangle.
    ///
    /// - Parameters:
    ///   - rowMajorPoints: n * d Doubles, point i at offsets i*d ..< (i+1)*d (this is
    ///     X^T in column-major order, so dsyrk runs with `Trans` and lda = d, without a copy).
    ///   - n: the number of points.
    ///   - d: the number of coordinates of each.
    /// - Accuracy: each entry is a d-term dot product, |error| <= d * 2^-53 * ||x_i|| ||x_j||
    ///   (blocked BLAS summation; usually far less).
    /// - Edge cases: n = 0 gives the empty matrix; d = 0 gives the zero matrix.
    public static func gram(rowMajorPoints: [Double], count n: Int, dimension d: Int) throws(LinearAlgebraError) -> SymmetricMatrix {
        let n32 = try lapackInt(n, "point count")
        let d32 = try lapackInt(d, "dimension")
        guard rowMajorPoints.count == n * d else {
            throw .sizeMismatch(what: "point coordinates", expected: n * d, actual: rowMajorPoints.count)
        }
        guard n > 0, d > 0 else { return SymmetricMatrix(order: n) }
        // Not zero-filled first: dsyrk writes the whole upper triangle, and the strictly lower
        // part may hold anything (for n = 8000 the fill alone cost 0.19 s, twice dsyrk).
        let storage = [Double](unsafeUninitializedCapacity: n * n) { buffer, initialized in
            touchUpperTriangle(buffer.baseAddress!, order: n)
            rowMajorPoints.withUnsafeBufferPointer { x in
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, n32, d32,
                            1.0, x.baseAddress, d32, 0.0, buffer.baseAddress, n32)
            }
            initialized = n * n
        }
        return try SymmetricMatrix(order: n, columnMajor: storage)
    }

    /// Sum of the diagonal, compensated (Neumaier): |error| <= 2^-53 |trace| + n 2^-106 sum |a_ii|.
    public var trace: Double {
        compensatedSum((0..<order).lazy.map { storage[$0 + $0 * order] })
    }

    /// ||A||_F^2 = sum_ij a_ij^2 from the upper triangle (off-diagonal entries counted twice).
    public var squaredFrobeniusNorm: Double {
        var diagonal = 0.0, offDiagonal = 0.0
        for j in 0..<order {
            for i in 0..<j { offDiagonal += storage[i + j * order] * storage[i + j * order] }
            diagonal += storage[j + j * order] * storage[j + j * order]
        }
        return diagonal + 2 * offDiagonal
    }

    /// Multiplies every entry by `factor` (upper triangle only).
    public mutating func scale(by factor: Double) {
        for j in 0..<order {
            for i in 0...j { storage[i + j * order] *= factor }
        }
    }

    /// Copies the upper triangle into the strictly lower part, so that `storage` holds the whole
    /// matrix and LAPACK can read it with `uplo = 'L'` (the eigensolvers do: see
    /// `SymmetricEigensolver`). The upper triangle is unchanged. Tiles of 64 x 64 go in
    /// parallel. On 2 cores, on a Gram matrix fresh from `gram` (whose lower half's pages are
    /// written here for the first time): 0.023-0.041 s at n = 4000 and 0.08-0.15 s at n = 8000;
    /// 0.010-0.022 s and 0.037-0.047 s once the pages are mapped.
    mutating func mirrorUpperIntoLower() {
        let n = order
        guard n > 1 else { return }
        let tile = 64, tiles = (n + tile - 1) / tile
        storage.withUnsafeMutableBufferPointer { buffer in
            let shared = TouchTarget(base: buffer.baseAddress!)
            // Tile column t: columns t*tile ..< its end, every row tile on or below the diagonal.
            let mirrorTileColumn: @Sendable (Int) -> Void = { t in
                let a = shared.base
                let firstColumn = t * tile, endColumn = Swift.min(n, firstColumn + tile)
                for firstRow in stride(from: firstColumn, to: n, by: tile) {
                    let endRow = Swift.min(n, firstRow + tile)
                    for j in firstColumn..<endColumn {
                        var i = Swift.max(firstRow, j + 1)
                        while i < endRow { a[i + j * n] = a[j + i * n]; i += 1 }
                    }
                }
            }
            if tiles < 8 {
                for t in 0..<tiles { mirrorTileColumn(t) }
            } else {
                DispatchQueue.concurrentPerform(iterations: tiles, execute: mirrorTileColumn)
            }
        }
    }

    /// The first entry of the upper triangle that is NaN or infinite, as (row, column).
    func firstNonFiniteEntry() -> (row: Int, column: Int)? {
        for j in 0..<order {
            for i in 0...j where !storage[i + j * order].isFinite { return (i, j) }
        }
        return nil
    }
}

/// Has the operating system map every memory page that the upper triangle of an n x n
/// column-major buffer occupies, on every core, before dsyrk writes the triangle: a fresh
/// buffer's pages are zeroed and mapped at their first write, one fault per 4 KiB page, and
/// dsyrk left most of that work to one thread.
///
/// Each worker asks for its columns' pages with madvise(MADV_POPULATE_WRITE) (Linux 5.14 and
/// later), one call per run of columns whose pages meet, instead of one fault per page; where
/// that call is refused it writes one entry of every page. Measured at n = 8000 on 2 cores in
/// fresh processes, 18 of each in turns: madvise median 0.051 s (0.046-0.097), writing median
/// 0.10 s (0.053-0.109); dsyrk faulting the pages itself took 0.116-0.150 s. The entries
/// written are overwritten by the caller.
func touchUpperTriangle(_ base: UnsafeMutablePointer<Double>, order n: Int) {
    let page = 4096, doublesPerPage = page / MemoryLayout<Double>.stride
    guard n * n >= 4 * doublesPerPage * doublesPerPage else { return }
    let workers = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
    let chunks = 4 * workers
    let shared = TouchTarget(base: base)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        // Column ranges of equal triangle area: column j ends where (j/n)^2 reaches chunk/chunks.
        let first = Int(Double(n) * (Double(chunk) / Double(chunks)).squareRoot())
        let last = chunk + 1 == chunks ? n : Int(Double(n) * (Double(chunk + 1) / Double(chunks)).squareRoot())
        guard first < last else { return }
        // Page-aligned byte ranges of the columns' upper parts, merged where they meet.
        func pages(ofColumn j: Int) -> Range<Int> {
            let start = Int(bitPattern: shared.base + j * n), end = Int(bitPattern: shared.base + j * n + j + 1)
            return (start & ~(page - 1))..<((end + page - 1) & ~(page - 1))
        }
        var pending = pages(ofColumn: first)
        #if os(Linux)
        var populated = true
        #else
        var populated = false
        #endif
        for j in first..<last {
            let next = j + 1 < last ? pages(ofColumn: j + 1) : nil
            if let next, next.lowerBound <= pending.upperBound {
                pending = pending.lowerBound..<next.upperBound
                continue
            }
            #if os(Linux)
            if populated {
                populated = madvise(UnsafeMutableRawPointer(bitPattern: pending.lowerBound), pending.count, MADV_POPULATE_WRITE) == 0
            }
            #endif
            if let next { pending = next }
        }
        guard !populated else { return }
        for j in first..<last {
            let column = shared.base + j * n
            var i = 0
            while i <= j { column[i] = 0; i += doublesPerPage }
            column[j] = 0
        }
    }
}

private struct TouchTarget: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}
