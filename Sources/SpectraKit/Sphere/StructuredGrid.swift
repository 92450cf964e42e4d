import Foundation

/// N equispaced points on the circle S^1 (d = 2): x_j = (cos phi_j, sin phi_j), phi_j = 2 pi j / N.
///
/// With equal weights 1/N this is the trapezoid rule, exact for trigonometric polynomials of
/// degree < N; a zonal kernel on it has a circulant Gram matrix (docs/accuracy.md#structured-grids, `GridSpectrum`).
public struct CircleGrid: Sendable, Equatable {
    /// N, the number of points.
    public let count: Int

    /// Throws `GridError.invalidSize` unless N >= 1.
    public init(count: Int) throws(GridError) {
        guard count >= 1 else { throw .invalidSize(what: "number of points on the circle", value: count, minimum: 1) }
        self.count = count
    }

    /// <x_0, x_j> = cos(2 pi j / N) for j = 0 ... floor(N/2), with both complements to full
    /// relative accuracy (`CosineArgument(angle:)`): the half of the circulant's first row.
    public func halfRowArguments() -> [CosineArgument<Double>] {
        (0...(count / 2)).map { CosineArgument(angle: 2 * Double.pi * Double($0) / Double(count)) }
    }

    /// The points, row-major (for the dense Gram method and for tests).
    public func pointSet() throws(PointSetError) -> PointSet {
        var xs: [Double] = []
        xs.reserveCapacity(2 * count)
        for j in 0..<count {
            let phi = 2 * Double.pi * Double(j) / Double(count)
            xs.append(cos(phi))
            xs.append(sin(phi))
        }
        return try PointSet(count: count, dimension: 2, rowMajor: xs)
    }
}

/// Where the rings of a `RingGrid` sit (their cosines t_a and weights w_a, sum_a w_a = 1).
public enum RingLatitudes: String, Sendable, Equatable, CaseIterable {
    /// The L-point Gauss-Legendre rule: with its weights the grid integrates spherical
    /// polynomials of degree <= min(2L - 1, M - 1) exactly. The rings are uniform in theta,
    /// so with *equal* weights the design has density proportional to 1/sin(theta) with
    /// respect to sigma: K/n then converges to the eigenvalues of that weighted operator, not to
    /// the mu_k (an O(1) bias; use the quadrature weighting).
    case gaussLegendre = "gauss-legendre"
    /// The midpoint rule in t: t_a = 1 - (2a + 1)/L, equal weights 1/L. Uniform in t and phi is
    /// uniform on S^2 (Archimedes), so equal weights *are* the rule's weights and K/n converges
    /// to the mu_k, at the midpoint rule's O(L^-2) for smooth profiles.
    case equalArea = "equal-area"
}

/// Rings on S^2 (d = 3): L rings at latitudes t_a = cos(theta_a) (Gauss-Legendre or equal-area),
/// each with M equispaced longitudes phi_b = 2 pi b / M; n = L M points, point (a, b) at index
/// a M + b,  x_{ab} = (sin theta_a cos phi_b, sin theta_a sin phi_b, cos theta_a).
///
/// With weights w_a / M it is a product quadrature rule for sigma (see `RingLatitudes` for its
/// exactness). A common offset of all longitudes would only rotate the set (same spectrum), so
/// none is offered; staggered rings would make the Fourier blocks complex Hermitian.
///
/// Nodes are ordered t_0 > t_1 > ... > t_{L-1}, symmetric: t_{L-1-a} = -t_a exactly.
public struct RingGrid: Sendable, Equatable {
    public let latitudeRule: RingLatitudes
    /// L, the number of rings (latitudes).
    public let latitudes: Int
    /// M, the number of points on each ring.
    public let longitudes: Int
    /// t_a = cos(theta_a), descending.
    public let nodes: [Double]
    /// 1 - t_a and 1 + t_a, each to full relative accuracy.
    public let oneMinusNodes: [Double]
    public let onePlusNodes: [Double]
    /// theta_a in (0, pi), ascending.
    public let polarAngles: [Double]
    /// sin(theta_a) = sqrt((1 - t_a)(1 + t_a)).
    public let sines: [Double]
    /// The rule's weights w_a > 0, sum_a w_a = 1 (to rounding); symmetric.
    public let ringWeights: [Double]

    /// n = L M.
    public var count: Int { latitudes * longitudes }

    /// Throws `GridError.invalidSize` unless L >= 1 and M >= 1, and `tooManyPoints` if L M
    /// overflows.
    public init(latitudes l: Int, longitudes m: Int, rule: RingLatitudes = .gaussLegendre) throws(GridError) {
        guard l >= 1 else { throw .invalidSize(what: "number of latitudes", value: l, minimum: 1) }
        guard m >= 1 else { throw .invalidSize(what: "number of longitudes", value: m, minimum: 1) }
        guard !l.multipliedReportingOverflow(by: m).overflow else { throw .tooManyPoints(latitudes: l, longitudes: m) }
        latitudeRule = rule
        latitudes = l
        longitudes = m
        switch rule {
        case .gaussLegendre:
            let gauss = GaussLegendreRule(pointCount: l)
            oneMinusNodes = gauss.nodes.map { (DoubleDouble.one - $0).doubleValue }
            onePlusNodes = gauss.nodes.map { (DoubleDouble.one + $0).doubleValue }
            ringWeights = gauss.weights.map { ($0 * 0.5).doubleValue }
        case .equalArea:
            // 1 -/+ t_a = (2a + 1)/L, (2L - 2a - 1)/L: the mirrored ring gets the swapped pair exactly.
            oneMinusNodes = (0..<l).map { Double(2 * $0 + 1) / Double(l) }
            onePlusNodes = (0..<l).map { Double(2 * (l - $0) - 1) / Double(l) }
            ringWeights = [Double](repeating: 1 / Double(l), count: l)
        }
        // t from the smaller complement, so that t_{L-1-a} = -t_a exactly.
        nodes = zip(oneMinusNodes, onePlusNodes).map { $0 <= $1 ? 1 - $0 : $1 - 1 }
        // theta = 2 asin(sqrt((1 - t)/2)) from the smaller complement, so theta keeps its digits at both poles.
        polarAngles = zip(oneMinusNodes, onePlusNodes).map { minus, plus in
            minus <= plus ? 2 * asin((0.5 * minus).squareRoot()) : Double.pi - 2 * asin((0.5 * plus).squareRoot())
        }
        sines = zip(oneMinusNodes, onePlusNodes).map { ($0 * $1).squareRoot() }
    }

    /// The grid for about n points with M = 2L (for Gauss-Legendre rings, spacing about pi/L
    /// both in latitude and, on the equator, in longitude): L = max(1, round(sqrt(n/2))). The
    /// actual count is 2 L^2 (n = 200 000 gives L = 316, M = 632, 199 712 points).
    public init(approximateCount n: Int, rule: RingLatitudes = .gaussLegendre) throws(GridError) {
        guard n >= 1 else { throw .invalidSize(what: "number of points", value: n, minimum: 1) }
        let l = RingGrid.latitudeCount(approximateCount: n)
        try self.init(latitudes: l, longitudes: 2 * l, rule: rule)
    }

    /// L = max(1, round(sqrt(n/2))) for about n >= 1 points (at most about 2.1e9 for any Int n).
    public static func latitudeCount(approximateCount n: Int) -> Int {
        Swift.max(1, Int((Double(n) / 2).squareRoot().rounded()))
    }

    /// The points, row-major, point (a, b) at index a M + b (for the dense Gram method and tests).
    public func pointSet() throws(PointSetError) -> PointSet {
        var xs: [Double] = []
        xs.reserveCapacity(3 * count)
        for a in 0..<latitudes {
            for b in 0..<longitudes {
                let phi = 2 * Double.pi * Double(b) / Double(longitudes)
                xs.append(sines[a] * cos(phi))
                xs.append(sines[a] * sin(phi))
                xs.append(nodes[a])
            }
        }
        return try PointSet(count: count, dimension: 3, rowMajor: xs)
    }

    /// The product rule's weight of every point, w_a / M, in point order (sum 1 to rounding).
    public func pointWeights() -> [Double] {
        ringWeights.flatMap { [Double](repeating: $0 / Double(longitudes), count: longitudes) }
    }
}

/// Invalid structured grids.
public enum GridError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidSize(what: String, value: Int, minimum: Int)
    case tooManyPoints(latitudes: Int, longitudes: Int)

    public var description: String {
        switch self {
        case let .invalidSize(what, value, minimum):
            return "the \(what) must be at least \(minimum), got \(value)"
        case let .tooManyPoints(l, m):
            return "\(l) latitudes times \(m) longitudes overflows the number of points"
        }
    }
}
