import CLapack

/// Eigenvalues (and optionally eigenvectors) of a symmetric matrix, in **descending** order:
/// `eigenvalues[0]` is the largest, and column k of `eigenvectors` belongs to `eigenvalues[k]`.
public struct SymmetricEigendecomposition: Sendable {
    public let eigenvalues: [Double]
    /// order x eigenvalues.count, orthonormal columns; nil when only values were asked for.
    public let eigenvectors: DenseMatrix?
}

/// LAPACK's symmetric eigensolvers on `SymmetricMatrix` (upper triangle, `uplo = 'U'`).
///
/// Accuracy (backward stability of dsyevd, its two-stage form, and dsyevr): every computed eigenvalue is within
/// about p(n) * 2^-53 * ||A||_2 of an exact one, so eigenvalues much smaller than
/// 1e-16 * lambda_max are rounding noise (docs/accuracy.md). Eigenvectors of well separated
/// eigenvalues are accurate to about 2^-53 ||A|| / gap.
///
/// Errors: a NaN or infinite entry is reported before LAPACK is called; LAPACK's info != 0
/// becomes `LinearAlgebraError.illegalArgument` or `.noConvergence`, never a number.
public enum SymmetricEigensolver {
    /// All eigenvalues, descending, by `LAPACKE_dsyevd_2stage` (jobz = 'N'). `matrix` is not changed
    /// (it is copied once; use `eigenvalues(overwriting:)` to avoid the copy).
    public static func eigenvalues(of matrix: SymmetricMatrix) throws(LinearAlgebraError) -> [Double] {
        var copy = matrix
        return try eigenvalues(overwriting: &copy)
    }

    /// All eigenvalues, descending, by `LAPACKE_dsyevd_2stage` (jobz = 'N') working in
    /// `matrix`'s own storage: no n x n copy. Afterwards the contents of `matrix` are unspecified.
    /// The two-stage reduction (full -> band by BLAS 3, band -> tridiagonal) has the same
    /// backward error as dsytrd but is faster: n = 4000 1.96 s against 2.19 s (dsyevd),
    /// n = 8000 13.2 s against 20.8 s on this machine's 2 cores.
    /// Extra memory: about 105 n Doubles of LAPACK workspace (see `GramMemoryPlan`).
    public static func eigenvalues(overwriting matrix: inout SymmetricMatrix) throws(LinearAlgebraError) -> [Double] {
        let n = matrix.order
        let n32 = try lapackInt(n, "matrix order")
        guard n > 0 else { return [] }
        if let bad = matrix.firstNonFiniteEntry() {
            throw .nonFiniteEntry(routine: "dsyevd_2stage", row: bad.row, column: bad.column)
        }
        var w = [Double](repeating: 0, count: n)
        let info = matrix.storage.withUnsafeMutableBufferPointer { a in
            w.withUnsafeMutableBufferPointer { w in
                LAPACKE_dsyevd_2stage(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "U")),
                               n32, a.baseAddress, n32, w.baseAddress)
            }
        }
        try checkInfo(info, "dsyevd_2stage")
        w.reverse()
        return w
    }

    /// All eigenvalues and orthonormal eigenvectors, descending, by `LAPACKE_dsyevd`
    /// (jobz = 'V'). `matrix` is not changed (copied once; `decomposition(overwriting:)` avoids it).
    public static func decomposition(of matrix: SymmetricMatrix) throws(LinearAlgebraError) -> SymmetricEigendecomposition {
        var copy = matrix
        return try decomposition(overwriting: &copy)
    }

    /// All eigenvalues and orthonormal eigenvectors, descending, by `LAPACKE_dsyevd`
    /// (jobz = 'V') in `matrix`'s own storage, which becomes the eigenvector matrix: no n x n
    /// copy is made, and afterwards `matrix` is empty (order 0).
    /// Extra memory: LAPACK's 1 + 6n + 2n^2 Doubles and 3 + 5n integers of workspace.
    public static func decomposition(overwriting matrix: inout SymmetricMatrix) throws(LinearAlgebraError) -> SymmetricEigendecomposition {
        let n = matrix.order
        let n32 = try lapackInt(n, "matrix order")
        guard n > 0 else { return SymmetricEigendecomposition(eigenvalues: [], eigenvectors: DenseMatrix(rows: 0, columns: 0)) }
        if let bad = matrix.firstNonFiniteEntry() {
            throw .nonFiniteEntry(routine: "dsyevd", row: bad.row, column: bad.column)
        }
        var a = matrix.storage
        matrix = SymmetricMatrix(order: 0)   // `a` is now the only reference: no copy on write
        var w = [Double](repeating: 0, count: n)
        let info = a.withUnsafeMutableBufferPointer { a in
            w.withUnsafeMutableBufferPointer { w in
                LAPACKE_dsyevd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
                               n32, a.baseAddress, n32, w.baseAddress)
            }
        }
        try checkInfo(info, "dsyevd")
        // LAPACK orders ascending; reverse values and swap columns j <-> n-1-j in place.
        w.reverse()
        a.withUnsafeMutableBufferPointer { a in
            for j in 0..<(n / 2) {
                let k = n - 1 - j
                for i in 0..<n { a.swapAt(i + j * n, i + k * n) }
            }
        }
        let vectors = try DenseMatrix(rows: n, columns: n, columnMajor: a)
        return SymmetricEigendecomposition(eigenvalues: w, eigenvectors: vectors)
    }

    /// The m largest eigenvalues, descending, and (if `vectors`) their eigenvectors, by
    /// `LAPACKE_dsyevr` with range = 'I' (indices n-m+1 ... n). The tridiagonal reduction is
    /// the same O(n^3) as a full solve; the saving is in the eigenvectors, O(n m) each step
    /// instead of n^2 (at n = 4000, m = 500: 2.9 s against 4.2 s for dsyevd 'V'; values only
    /// gain nothing, 2.4 s against 2.2 s). `matrix` is not changed (copied once;
    /// `topEigenpairs(overwriting:count:vectors:)` avoids it). Throws
    /// `eigenpairCountOutOfRange` unless 1 <= m <= n.
    public static func topEigenpairs(of matrix: SymmetricMatrix, count m: Int, vectors: Bool = true) throws(LinearAlgebraError) -> SymmetricEigendecomposition {
        var copy = matrix
        return try topEigenpairs(overwriting: &copy, count: m, vectors: vectors)
    }

    /// As `topEigenpairs(of:count:vectors:)`, working in `matrix`'s storage (no n x n copy);
    /// afterwards its contents are unspecified. Extra memory: n m Doubles for the vectors and
    /// LAPACK's optimal workspace (about 70 n Doubles and 10 n integers).
    public static func topEigenpairs(overwriting matrix: inout SymmetricMatrix, count m: Int, vectors: Bool = true) throws(LinearAlgebraError) -> SymmetricEigendecomposition {
        let n = matrix.order
        let n32 = try lapackInt(n, "matrix order")
        guard m >= 1, m <= n else { throw .eigenpairCountOutOfRange(requested: m, order: n) }
        if let bad = matrix.firstNonFiniteEntry() {
            throw .nonFiniteEntry(routine: "dsyevr", row: bad.row, column: bad.column)
        }
        var w = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: vectors ? n * m : 1)
        var isuppz = [Int32](repeating: 0, count: 2 * m)
        var found: Int32 = 0
        let ldz: Int32 = vectors ? n32 : 1
        let info = matrix.storage.withUnsafeMutableBufferPointer { a in
            w.withUnsafeMutableBufferPointer { w in
                z.withUnsafeMutableBufferPointer { z in
                    isuppz.withUnsafeMutableBufferPointer { isuppz in
                        LAPACKE_dsyevr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: vectors ? "V" : "N")),
                                       CChar(UInt8(ascii: "I")), CChar(UInt8(ascii: "U")),
                                       n32, a.baseAddress, n32, 0, 0, Int32(n - m + 1), n32,
                                       0, &found, w.baseAddress, z.baseAddress, ldz, isuppz.baseAddress)
                    }
                }
            }
        }
        try checkInfo(info, "dsyevr")
        guard Int(found) == m else { throw .incompleteResult(routine: "dsyevr", expected: m, found: Int(found)) }
        let values = Array(w[0..<m].reversed())
        guard vectors else { return SymmetricEigendecomposition(eigenvalues: values, eigenvectors: nil) }
        for j in 0..<(m / 2) {
            let k = m - 1 - j
            for i in 0..<n { z.swapAt(i + j * n, i + k * n) }
        }
        return SymmetricEigendecomposition(eigenvalues: values, eigenvectors: try DenseMatrix(rows: n, columns: m, columnMajor: z))
    }
}

extension SymmetricMatrix {
    /// All eigenvalues, descending (`SymmetricEigensolver.eigenvalues(of:)`).
    public func eigenvalues() throws(LinearAlgebraError) -> [Double] {
        try SymmetricEigensolver.eigenvalues(of: self)
    }
}
