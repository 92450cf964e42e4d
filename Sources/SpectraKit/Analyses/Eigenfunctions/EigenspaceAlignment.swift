import CLapack
import Foundation

/// How close two subspaces of R^n are (docs/eigenfunctions.md): span(U_A) and span(U_B) for U_A (n x a)
/// and U_B (n x b) with orthonormal columns, such as the top eigenvectors of two kernels' Gram
/// matrices on one sample.
///
/// - `overlap` = ||U_A^T U_B||_F^2 / max(a, b) = sum_i cos^2 theta_i / max(a, b): 1 exactly when
///   the spaces coincide, 0 when they are orthogonal. For a = b = m this is the usual
///   ||U_A^T U_B||_F^2 / m; dividing by the larger size keeps a space strictly inside a larger
///   one below 1.
/// - `principalAngles` theta_1 <= ... <= theta_min(a,b), in radians, in [0, pi/2].
///
/// Accuracy: cos theta_i are the singular values of U_A^T U_B (dgesvd), accurate to about
/// 1e-16 absolutely, so arccos alone would give small angles only to about 1e-8. Following
/// Knyazev & Argentati (SIAM J. Sci. Comput. 23, 2002), angles with cos^2 theta >= 1/2 come
/// instead from the sines, the singular values of U_B - U_A (U_A^T U_B), which are accurate
/// to about 1e-16 too: identical spaces give angles of order 1e-16, not 1e-8.
public struct SubspaceAlignment: Sendable, Equatable {
    /// a and b, the dimensions of the two spaces.
    public let sizes: (Int, Int)
    public let overlap: Double
    /// Radians, ascending.
    public let principalAngles: [Double]

    public static func == (x: SubspaceAlignment, y: SubspaceAlignment) -> Bool {
        x.sizes == y.sizes && x.overlap == y.overlap && x.principalAngles == y.principalAngles
    }

    /// The alignment of span(a) and span(b); both must have the same number of rows and
    /// orthonormal columns (not checked: the eigenvectors of `EmpiricalSpectrum` are). Either
    /// may have no columns: then overlap 0 and no angles.
    public init(_ a: DenseMatrix, _ b: DenseMatrix) throws(LinearAlgebraError) {
        sizes = (a.columns, b.columns)
        let p = a.columns, q = b.columns, r = min(p, q)
        guard r > 0 else {
            overlap = 0
            principalAngles = []
            return
        }
        let cross = try transposeProduct(a, b)                      // U_A^T U_B, p x q
        let cosines = try singularValues(rows: p, columns: q, cross).map { min(max($0, 0), 1) }
        overlap = compensatedSum(cosines.map { $0 * $0 }) / Double(max(p, q))
        // Sines: singular values of U_B - U_A (U_A^T U_B), n x q; the r largest cosines go with
        // the r smallest of its sines.
        var residual = b.storage
        let n = a.rows
        let (n32, p32, q32) = (try lapackInt(n, "rows"), try lapackInt(p, "columns"), try lapackInt(q, "columns"))
        a.storage.withUnsafeBufferPointer { a in
            cross.withUnsafeBufferPointer { c in
                residual.withUnsafeMutableBufferPointer { w in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n32, q32, p32, -1, a.baseAddress, n32,
                                c.baseAddress, p32, 1, w.baseAddress, n32)
                }
            }
        }
        // Its q singular values: q - r of them belong to directions of B with no partner in A
        // (sine 1 up to rounding) and are the largest; the smallest r pair with the cosines.
        let sines = try singularValues(rows: n, columns: q, residual).sorted().prefix(r).map { min(max($0, 0), 1) }
        principalAngles = (0..<r).map { i in
            let c = cosines[i]
            return c * c >= 0.5 ? asin(sines[i]) : acos(c)
        }
    }
}

/// The singular values of a column-major rows x columns matrix, descending, by dgesvd
/// without vectors. `matrix` is taken by value (LAPACK overwrites its copy).
func singularValues(rows: Int, columns: Int, _ matrix: [Double]) throws(LinearAlgebraError) -> [Double] {
    let (m32, n32) = (try lapackInt(rows, "rows"), try lapackInt(columns, "columns"))
    let count = min(rows, columns)
    guard count > 0 else { return [] }
    if let bad = matrix.firstIndex(where: { !$0.isFinite }) {
        throw .nonFiniteEntry(routine: "dgesvd", row: bad % rows, column: bad / rows)
    }
    var a = matrix
    var s = [Double](repeating: 0, count: count)
    var superb = [Double](repeating: 0, count: max(count - 1, 1))
    var unused = [Double](repeating: 0, count: 1)
    let info = a.withUnsafeMutableBufferPointer { a in
        s.withUnsafeMutableBufferPointer { s in
            unused.withUnsafeMutableBufferPointer { u in
                superb.withUnsafeMutableBufferPointer { w in
                    LAPACKE_dgesvd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), m32, n32,
                                   a.baseAddress, max(m32, 1), s.baseAddress, u.baseAddress, 1, u.baseAddress, 1, w.baseAddress)
                }
            }
        }
    }
    try checkInfo(info, "dgesvd")
    return s
}

/// The leading `count` columns of a matrix.
func leadingColumns(_ matrix: DenseMatrix, _ count: Int) -> DenseMatrix {
    let k = min(max(count, 0), matrix.columns)
    // Column-major: the first k columns are one prefix of the storage.
    return (try? DenseMatrix(rows: matrix.rows, columns: k, columnMajor: Array(matrix.storage.prefix(matrix.rows * k))))
        ?? DenseMatrix(rows: matrix.rows, columns: 0)
}

/// Selected columns of a matrix, in the given order.
func selectedColumns(_ matrix: DenseMatrix, _ indices: [Int]) -> DenseMatrix {
    var storage: [Double] = []
    storage.reserveCapacity(matrix.rows * indices.count)
    for j in indices { storage += matrix.storage[(j * matrix.rows)..<((j + 1) * matrix.rows)] }
    return (try? DenseMatrix(rows: matrix.rows, columns: indices.count, columnMajor: storage))
        ?? DenseMatrix(rows: matrix.rows, columns: 0)
}
