/// An L2(sigma)-orthonormal basis of real spherical harmonics of degrees 0...maxDegree on
/// S^{d-1} (docs/conventions.md#the-sphere-and-its-measure; sigma the uniform probability measure: int Y_kj^2 dsigma = 1).
///
/// Construction (hyperspherical coordinates, peeling off the last coordinate t = x_d):
///   Y^{(d)}_{k,(m,i)}(x) = q^{(d,m)}_{k-m}(t) (1-t^2)^{m/2} Y^{(d-1)}_{m,i}(x' / |x'|),
/// x' = (x_1, ..., x_{d-1}), 0 <= m <= k, where q^{(d,m)}_n are the Gegenbauer polynomials
/// C_n^{(m+(d-2)/2)} normalised in L2(c_d (1-t^2)^{m+(d-3)/2} dt)
/// (`AssociatedGegenbauerRecurrence`), down to S^1: 1, sqrt(2) cos(m phi), sqrt(2) sin(m phi)
/// with x_1 + i x_2 = |x'| e^{i phi}. Degree k has sum_m N(d-1, m) = N(d, k) functions.
///
/// Column order: degrees 0, 1, ..., maxDegree; within degree k by m = 0...k; within m the
/// order of degree m one dimension down; on S^1 cosine before sine. The degree-1 functions on
/// S^2 are sqrt(3) (x_3, x_1, x_2).
public struct RealSphericalHarmonics: Sendable {
    /// d >= 2, the ambient dimension (docs/conventions.md#the-sphere-and-its-measure).
    public let dimension: Int
    /// K >= 0: the basis holds every degree 0...K.
    public let maxDegree: Int

    /// The largest basis `init` accepts: 2^20 functions.
    public static let maximumFunctionCount = 1 << 20

    /// functionCounts[j - 2][k] = N(j, k) for the levels j = 2...d and k = 0...K.
    let functionCounts: [[Int]]
    /// degreeOffsets[j - 2][k] = N(j, 0) + ... + N(j, k - 1), k = 0...K+1: the rows of degree k
    /// in a level-j table are degreeOffsets[j-2][k] ..< degreeOffsets[j-2][k+1].
    let degreeOffsets: [[Int]]
    /// The recurrences of levels j = 3...d (index j - 3).
    let recurrences: [AssociatedGegenbauerRecurrence]

    /// Throws `dimensionTooSmall` (d < 2), `negativeDegree` (K < 0), or `tooManyFunctions` when
    /// sum_{k <= K} N(d, k) exceeds `maximumFunctionCount` (the error names the largest
    /// degree that fits).
    public init(dimension d: Int, maxDegree K: Int) throws(RealSphericalHarmonicsError) {
        guard d >= 2 else { throw .dimensionTooSmall(d) }
        guard K >= 0 else { throw .negativeDegree(K) }
        // The top level first: it is the largest, so the lower levels then fit as well
        // (N(j, k) <= N(j + 1, k)).
        var topCounts: [Int] = []
        var total = 0
        for k in 0...K {
            let n = SphericalHarmonics.dimension(degree: k, sphereDimension: d).intValue
            guard let n, n <= Self.maximumFunctionCount - total else {
                throw .tooManyFunctions(dimension: d, maxDegree: K, limit: Self.maximumFunctionCount, largestDegreeThatFits: k - 1)
            }
            topCounts.append(n)
            total += n
        }
        var counts: [[Int]] = []
        for j in 2..<d {
            counts.append((0...K).map { k in
                SphericalHarmonics.dimension(degree: k, sphereDimension: j).intValue ?? 0
            })
        }
        counts.append(topCounts)
        dimension = d
        maxDegree = K
        functionCounts = counts
        degreeOffsets = counts.map { levelCounts in
            var offsets = [0]
            for n in levelCounts { offsets.append(offsets[offsets.count - 1] + n) }
            return offsets
        }
        recurrences = d >= 3 ? (3...d).map { AssociatedGegenbauerRecurrence(level: $0, maxDegree: K) } : []
    }

    /// N(d, k), the number of basis functions of degree k (`SphericalHarmonics.dimension`);
    /// 0 for k outside 0...maxDegree, whose functions are not in this basis.
    public func count(degree k: Int) -> Int {
        guard k >= 0, k <= maxDegree else { return 0 }
        return functionCounts[dimension - 2][k]
    }

    /// sum_{k <= maxDegree} N(d, k), the number of columns of `evaluate`.
    public var totalCount: Int { degreeOffsets[dimension - 2][maxDegree + 1] }

    /// The columns of degree k in `evaluate`'s output; empty for k outside 0...maxDegree
    /// (at 0 below the range, at `totalCount` above it).
    public func columns(degree k: Int) -> Range<Int> {
        let offsets = degreeOffsets[dimension - 2]
        guard k >= 0 else { return 0..<0 }
        guard k <= maxDegree else { return totalCount..<totalCount }
        return offsets[k]..<offsets[k + 1]
    }
}

/// Invalid parameters of a `RealSphericalHarmonics` basis: each case says what was given and
/// what is allowed.
public enum RealSphericalHarmonicsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// d < 2: the sphere S^{d-1} needs at least two coordinates.
    case dimensionTooSmall(Int)
    /// A maximum degree below 0.
    case negativeDegree(Int)
    /// sum_{k <= maxDegree} N(d, k) exceeds `limit`; degrees up to `largestDegreeThatFits` fit
    /// (-1 if not even one degree does).
    case tooManyFunctions(dimension: Int, maxDegree: Int, limit: Int, largestDegreeThatFits: Int)

    public var description: String {
        switch self {
        case let .dimensionTooSmall(d):
            return "dimension \(d): spherical harmonics on S^{d-1} need d >= 2"
        case let .negativeDegree(k):
            return "maximum degree \(k): it must be 0 or more"
        case let .tooManyFunctions(d, k, limit, fits):
            return "the spherical harmonics of degrees 0...\(k) on S^\(d - 1) number more than \(limit) functions; "
                + "at most \(limit) are evaluated, so the maximum degree in dimension \(d) can be at most \(fits)"
        }
    }
}
