import CLapack
import Foundation

/// Eigenvalues (and optionally eigenvectors) of a symmetric matrix, in **descending** order:
/// `eigenvalues[0]` is the largest, and column k of `eigenvectors` belongs to `eigenvalues[k]`.
public struct SymmetricEigendecomposition: Sendable {
    public let eigenvalues: [Double]
    /// order x eigenvalues.count, orthonormal columns; nil when only values were asked for.
    public let eigenvectors: DenseMatrix?
}

/// LAPACK's symmetric eigensolvers on `SymmetricMatrix`.
///
/// The matrix's upper triangle is what counts; each solver first copies it into the strictly
/// lower part (`mirrorUpperIntoLower`, about 0.035 s at n = 4000) and calls LAPACK with `uplo = 'L'`.
/// LAPACK's lower-triangle reductions work on column panels and were faster and steadier on
/// this project's 2-core virtual machines, whose host moves the two vCPUs nearer or further
/// apart: the two-stage first stage at n = 4000 took a median 1.30 s (1.49 s while a cache
/// line took 170 ns or more to pass between the CPUs) against 1.61 s (2.62 s) for the upper
/// triangle, whose row panels pass between OpenBLAS's threads; dsyevd and dsyevr took 10-23%
/// less time (README, Performance; `bash scripts/bench/eigensolve.sh --steadiness`).
///
/// Accuracy (backward stability of dsyevd, its two-stage form, and dsyevr): every computed eigenvalue is within
/// about p(n) * 2^-53 * ||A||_2 of an exact one, so eigenvalues much smaller than
/// 1e-16 * lambda_max are rounding noise (docs/accuracy.md). Eigenvectors of well separated
/// eigenvalues are accurate to about 2^-53 ||A|| / gap.
///
/// Errors: a NaN or infinite entry is reported before LAPACK is called; LAPACK's info != 0
/// becomes `LinearAlgebraError.illegalArgument` or `.noConvergence`, never a number.
public enum SymmetricEigensolver {
    /// All eigenvalues, descending, by the two-stage reduction (`eigenvalues(overwriting:)`). `matrix` is not changed
    /// (it is copied once; use `eigenvalues(overwriting:)` to avoid the copy).
    public static func eigenvalues(of matrix: SymmetricMatrix) throws(LinearAlgebraError) -> [Double] {
        var copy = matrix
        return try eigenvalues(overwriting: &copy)
    }

    /// All eigenvalues, descending, by LAPACK's two-stage reduction (what `dsyevd_2stage` with
    /// jobz = 'N' does) working in `matrix`'s own storage: no n x n copy. Afterwards the contents
    /// of `matrix` are unspecified.
    ///
    /// The stages are called one by one on the lower triangle: full -> band (`dsytrd_sy2sb`,
    /// BLAS 3, on every OpenBLAS thread), band -> tridiagonal (`dsytrd_sb2st`) and the
    /// tridiagonal eigenvalues (`dsterf`) on one OpenBLAS thread. The second stage is a
    /// sequence of small Householder updates; with two OpenBLAS threads it took two to five
    /// times as long (n = 4000 on 2 cores: 0.95-2.3 s against 0.47-0.50 s on one thread; the
    /// whole solve 1.9-2.2 s against 2.8-5.5 s for `dsyevd_2stage`;
    /// `bash scripts/bench/eigensolve.sh`).
    /// The same backward error as dsytrd. The matrix is scaled by a power of 2 first when its
    /// largest entry is outside LAPACK's safe range, as `dsyevd_2stage` does.
    /// Extra memory: about 105 n Doubles of LAPACK workspace (see `GramMemoryPlan`).
    public static func eigenvalues(overwriting matrix: inout SymmetricMatrix) throws(LinearAlgebraError) -> [Double] {
        let n = matrix.order
        var n32 = try lapackInt(n, "matrix order")
        guard n > 0 else { return [] }
        if let bad = matrix.firstNonFiniteEntry() {
            throw .nonFiniteEntry(routine: "dsytrd_2stage", row: bad.row, column: bad.column)
        }
        if n == 1 { return [matrix.storage[0]] }
        let scale = safeScale(matrix)
        if scale != 1 {
            matrix.storage.withUnsafeMutableBufferPointer { a in
                for j in 0..<n { for i in 0...j { a[i + j * n] *= scale } }
            }
        }
        // Block sizes and workspace as dsytrd_2stage queries them (vect = 'N').
        var spec: Int32 = 1, minus: Int32 = -1
        var kd = ilaenv2stage_(&spec, "DSYTRD_2STAGE", "N", &n32, &minus, &minus, &minus, 13, 1)
        spec = 2
        var ib = ilaenv2stage_(&spec, "DSYTRD_2STAGE", "N", &n32, &kd, &minus, &minus, 13, 1)
        spec = 3
        var lhous = Swift.max(1, ilaenv2stage_(&spec, "DSYTRD_2STAGE", "N", &n32, &kd, &ib, &minus, 13, 1))
        spec = 4
        let lworkTotal = ilaenv2stage_(&spec, "DSYTRD_2STAGE", "N", &n32, &kd, &ib, &minus, 13, 1)
        var ldab = kd + 1
        let bandCount = Int(ldab) * n
        var lwork = Int32(Swift.max(Int(lworkTotal) - bandCount, 2 * Int(kd) * n, 1))
        var band = [Double](repeating: 0, count: bandCount)
        var work = [Double](repeating: 0, count: Int(lwork))
        var tau = [Double](repeating: 0, count: n)
        var hous = [Double](repeating: 0, count: Int(lhous))
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n)
        var info: Int32 = 0
        matrix.mirrorUpperIntoLower()
        try OpenBLASThreads.solve { () throws(LinearAlgebraError) in
            try OpenBLASThreads.withAll { () throws(LinearAlgebraError) in
                matrix.storage.withUnsafeMutableBufferPointer { a in
                    dsytrd_sy2sb_("L", &n32, &kd, a.baseAddress, &n32, &band, &ldab, &tau, &work, &lwork, &info, 1)
                }
                try checkInfo(info, "dsytrd_sy2sb")
            }
            try OpenBLASThreads.withOne { () throws(LinearAlgebraError) in
                dsytrd_sb2st_("Y", "N", "L", &n32, &kd, &band, &ldab, &d, &e, &hous, &lhous, &work, &lwork, &info, 1, 1, 1)
                try checkInfo(info, "dsytrd_sb2st")
                try checkInfo(LAPACKE_dsterf(n32, &d, &e), "dsterf")
            }
        }
        // dsterf leaves the eigenvalues ascending.
        d.reverse()
        if scale != 1 { for i in 0..<n { d[i] /= scale } }
        return d
    }

    /// A power of 2 that brings the largest |entry| of `matrix` into [2^-486, 2^485] (LAPACK's
    /// sqrt(safe minimum / eps) ... its reciprocal, where dsyevd_2stage rescales), 1 when it is
    /// there already or the matrix is zero. Exact: only exponents change.
    static func safeScale(_ matrix: SymmetricMatrix) -> Double {
        let n = matrix.order
        var largest = 0.0
        matrix.storage.withUnsafeBufferPointer { a in
            for j in 0..<n { for i in 0...j { largest = Swift.max(largest, abs(a[i + j * n])) } }
        }
        let low = 0x1p-486, high = 0x1p485
        guard largest > 0, largest < low || largest > high else { return 1 }
        return Double(sign: .plus, exponent: -largest.exponent, significand: 1)
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
        matrix.mirrorUpperIntoLower()
        var a = matrix.storage
        matrix = SymmetricMatrix(order: 0)   // `a` is now the only reference: no copy on write
        var w = [Double](repeating: 0, count: n)
        let info = a.withUnsafeMutableBufferPointer { a in
            w.withUnsafeMutableBufferPointer { w in
                LAPACKE_dsyevd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "L")),
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
        matrix.mirrorUpperIntoLower()
        let info = matrix.storage.withUnsafeMutableBufferPointer { a in
            w.withUnsafeMutableBufferPointer { w in
                z.withUnsafeMutableBufferPointer { z in
                    isuppz.withUnsafeMutableBufferPointer { isuppz in
                        LAPACKE_dsyevr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: vectors ? "V" : "N")),
                                       CChar(UInt8(ascii: "I")), CChar(UInt8(ascii: "L")),
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

/// OpenBLAS's thread count is one setting for the whole process; the eigensolver runs the
/// first stage of a solve on the process's count (OPENBLAS_NUM_THREADS or every core, read once)
/// and the sequential second stage on one thread. Solves hold a lock from start to end, so each
/// solve sees the same counts whatever runs beside it and its result is the same bit for bit. A
/// BLAS call that another thread makes during a solve's second stage runs on one thread: slower,
/// and for dgemm possibly different in the last bits (OpenBLAS's dgemm on one and on two threads
/// differ; dsyrk does not). The spectra command never makes BLAS calls beside a solve.
enum OpenBLASThreads {
    private static let lock = NSLock()
    /// The count OpenBLAS started with.
    private static let processCount: Int32 = openblas_get_num_threads()

    /// Runs `body` holding the solve lock.
    static func solve<T>(_ body: () throws(LinearAlgebraError) -> T) throws(LinearAlgebraError) -> T {
        _ = processCount
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Inside `solve`: runs `body` on the process's thread count.
    static func withAll<T>(_ body: () throws(LinearAlgebraError) -> T) throws(LinearAlgebraError) -> T {
        if openblas_get_num_threads() != processCount { openblas_set_num_threads(processCount) }
        return try body()
    }

    /// Inside `solve`: runs `body` on one thread, then goes back to the process's count.
    static func withOne<T>(_ body: () throws(LinearAlgebraError) -> T) throws(LinearAlgebraError) -> T {
        if processCount != 1 { openblas_set_num_threads(1) }
        defer { if processCount != 1 { openblas_set_num_threads(processCount) } }
        return try body()
    }
}
