import CLapack

/// The energy of one unit vector v in R^n (an empirical eigenvector, a sampled function) in
/// each harmonic degree 0...K (docs/eigenfunctions.md): energy_k = ||Q_k^T v||^2, where Q_k is the part of
/// an orthonormalised sampled basis that belongs to degree k (see `HarmonicProjector`).
///
/// Postconditions for a unit v: every energy is in [0, 1], their sum is at most 1 + n 2^-53
/// (the columns of Q are orthonormal to rounding), so `residual` >= -1e-12 in practice.
public struct HarmonicProjection: Sendable, Equatable {
    /// energy_k for k = 0...K.
    public let energies: [Double]

    public init(energies: [Double]) {
        self.energies = energies
    }

    /// sum_k energy_k: the fraction of ||v||^2 in degrees 0...K.
    public var capturedEnergy: Double { compensatedSum(energies) }

    /// 1 - sum_k energy_k: the energy beyond degree K (and whatever of v the samples of
    /// H_0...H_K cannot represent).
    public var residual: Double { 1 - capturedEnergy }

    /// The degree holding the most energy (the lowest such degree on a tie).
    public var dominantDegree: Int {
        energies.indices.max { energies[$0] < energies[$1] || (energies[$0] == energies[$1] && $0 > $1) } ?? 0
    }

    /// energy_k at the dominant degree: the fraction of v's energy in it.
    public var dominantFraction: Double { energies.isEmpty ? 0 : energies[dominantDegree] }
}

/// An orthonormal basis of the sampled harmonics of degrees 0...K on a fixed point set, built
/// once and applied to any number of vectors (plan, then execute).
///
/// docs/eigenfunctions.md: the sampled harmonics Y_k (n x N(d,k), entries Y_km(x_i)) of uniform points are
/// orthogonal only up to O(1/sqrt(n)). The stacked matrix A = [Y_0 | Y_1 | ... | Y_K]
/// (n x totalCount, columns in degree order) is factored A = Q R by Householder QR (dgeqrf)
/// and Q formed explicitly (dorgqr). Since R is upper triangular, the columns of Q that belong
/// to degree k span the part of span(Y_0..Y_k) orthogonal to span(Y_0..Y_{k-1}): an energy
/// counted in degree k is energy that lower degrees cannot explain.
///
/// Edge cases: a column whose R_jj is below 1e-8 of its own norm is numerically in the span
/// of the columns before it (points too few or too special for that degree); its column of
/// Q is dropped (it would be an arbitrary direction), and `dependentColumns` counts them.
/// Cost: O(n totalCount^2) for the QR, once; O(n totalCount m) per `project` of m vectors.
public struct HarmonicProjector: Sendable {
    /// K, the highest degree projected on.
    public let maxDegree: Int
    /// n, the number of points.
    public let pointCount: Int
    /// The columns of `basis` belonging to degree k, k = 0...K.
    public let degreeColumns: [Range<Int>]
    /// Q: n x totalCount, orthonormal columns (dropped columns are zero).
    public let basis: DenseMatrix
    /// Columns of A found numerically dependent on earlier ones (see above); 0 normally.
    public let dependentColumns: Int

    /// Relative size of R_jj below which column j counts as dependent.
    public static let dependenceTolerance = 1e-8

    /// The basis of degrees 0...harmonics.maxDegree on `points`.
    ///
    /// Throws `basisExceedsSamples` when totalCount > n: the n samples cannot hold that many
    /// independent functions (the message names --max-degree), and `dimensionMismatch` when the
    /// harmonics and the points disagree on d. Points are assumed on the unit sphere.
    public init(harmonics: RealSphericalHarmonics, points: PointSet) throws(HarmonicProjectionError) {
        guard harmonics.dimension == points.dimension else {
            throw .dimensionMismatch(harmonics: harmonics.dimension, points: points.dimension)
        }
        let n = points.count, total = harmonics.totalCount
        guard total <= n else {
            throw .basisExceedsSamples(maxDegree: harmonics.maxDegree, dimension: harmonics.dimension, basisSize: total, samples: n)
        }
        var a = harmonics.evaluate(points)
        guard a.count == n * total else {
            throw .linearAlgebra(.sizeMismatch(what: "sampled harmonics", expected: n * total, actual: a.count))
        }
        let columnNorms = (0..<total).map { j in
            var s = 0.0
            for i in 0..<n { s += a[i + j * n] * a[i + j * n] }
            return s.squareRoot()
        }
        do {
            let (n32, t32) = (try lapackInt(n, "point count"), try lapackInt(total, "basis size"))
            var tau = [Double](repeating: 0, count: max(total, 1))
            let info = a.withUnsafeMutableBufferPointer { a in
                tau.withUnsafeMutableBufferPointer { LAPACKE_dgeqrf(LAPACK_COL_MAJOR, n32, t32, a.baseAddress, n32, $0.baseAddress) }
            }
            try checkInfo(info, "dgeqrf")
            // R's diagonal sits on A's diagonal until dorgqr overwrites it.
            let dependent = (0..<total).filter { j in
                !(abs(a[j + j * n]) > Self.dependenceTolerance * columnNorms[j])
            }
            let formed = a.withUnsafeMutableBufferPointer { a in
                tau.withUnsafeMutableBufferPointer { LAPACKE_dorgqr(LAPACK_COL_MAJOR, n32, t32, t32, a.baseAddress, n32, $0.baseAddress) }
            }
            try checkInfo(formed, "dorgqr")
            for j in dependent { for i in 0..<n { a[i + j * n] = 0 } }
            self.basis = try DenseMatrix(rows: n, columns: total, columnMajor: a)
            self.dependentColumns = dependent.count
        } catch { throw .linearAlgebra(error) }
        self.maxDegree = harmonics.maxDegree
        self.pointCount = n
        self.degreeColumns = (0...harmonics.maxDegree).map { harmonics.columns(degree: $0) }
    }

    /// The projections of the columns of `vectors` (n x m, each of unit norm), in column order,
    /// by one dgemm C = Q^T V (totalCount x m) and energy_k = sum over degree k's rows of C^2.
    /// Throws `linearAlgebra(.sizeMismatch)` when `vectors` does not have n rows.
    public func project(_ vectors: DenseMatrix) throws(HarmonicProjectionError) -> [HarmonicProjection] {
        let n = pointCount, total = basis.columns, m = vectors.columns
        guard vectors.rows == n else {
            throw .linearAlgebra(.sizeMismatch(what: "eigenvector rows", expected: n, actual: vectors.rows))
        }
        guard m > 0 else { return [] }
        let coefficients: [Double]
        do {
            coefficients = try transposeProduct(basis, vectors)
        } catch { throw .linearAlgebra(error) }
        return (0..<m).map { j in
            HarmonicProjection(energies: degreeColumns.map { rows in
                var s = 0.0
                for r in rows { let c = coefficients[r + j * total]; s += c * c }
                return s
            })
        }
    }
}

/// A^T B for column-major A (n x p) and B (n x q), by cblas_dgemm: p x q, column-major.
func transposeProduct(_ a: DenseMatrix, _ b: DenseMatrix) throws(LinearAlgebraError) -> [Double] {
    guard a.rows == b.rows else { throw .sizeMismatch(what: "rows of the second factor", expected: a.rows, actual: b.rows) }
    let (n, p, q) = (try lapackInt(a.rows, "rows"), try lapackInt(a.columns, "columns"), try lapackInt(b.columns, "columns"))
    var c = [Double](repeating: 0, count: a.columns * b.columns)
    guard n > 0, p > 0, q > 0 else { return c }
    a.storage.withUnsafeBufferPointer { a in
        b.storage.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, p, q, n, 1, a.baseAddress, n, b.baseAddress, n, 0,
                            c.baseAddress, p)
            }
        }
    }
    return c
}

/// Failures of harmonic projections.
public enum HarmonicProjectionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// More basis functions up to degree K than points: the samples cannot separate them.
    case basisExceedsSamples(maxDegree: Int, dimension: Int, basisSize: Int, samples: Int)
    case dimensionMismatch(harmonics: Int, points: Int)
    case linearAlgebra(LinearAlgebraError)

    public var description: String {
        switch self {
        case let .basisExceedsSamples(k, d, size, n):
            return "--max-degree \(k) needs \(size) harmonics on S^\(d - 1) (sum of N(\(d),k) for k <= \(k)), more than the \(n) points; "
                + "lower --max-degree or use more points"
        case let .dimensionMismatch(harmonics, points):
            return "harmonics of dimension \(harmonics) cannot be sampled at points of dimension \(points)"
        case let .linearAlgebra(error): return error.description
        }
    }
}

extension HarmonicProjector {
    /// sum_{k<=K} N(d,k), the number of harmonics of degree at most K on S^{d-1}; nil when it
    /// exceeds Int.max.
    public static func basisSize(dimension d: Int, maxDegree: Int) -> Int? {
        guard maxDegree >= 0 else { return 0 }
        // sum_{k <= K} N(d, k) = N(d + 1, K): the harmonics of degree K on S^d restrict to the
        // polynomials of degree <= K on S^{d-1}. Closed form, so a huge K costs nothing (a loop
        // over K = 2^31 degrees did not return).
        return SphericalHarmonics.dimension(degree: maxDegree, sphereDimension: d + 1).intValue
    }

    /// The default degree bound for n points: the largest K <= `cap` with basisSize <= n/4 (0
    /// when even degree 0 does not fit). The sampled harmonics of n uniform points have Gram
    /// matrix I + E with ||E|| growing like sqrt(totalCount / n); keeping n at four times the
    /// basis size keeps them far from dependent, so the QR is well conditioned and degree
    /// k's columns of Q stay close to the true Y_k.
    public static func defaultMaxDegree(dimension d: Int, points n: Int, cap: Int = 40) -> Int {
        var k = 0
        while k < cap, let size = basisSize(dimension: d, maxDegree: k + 1), size <= n / 4 { k += 1 }
        return k
    }
}
