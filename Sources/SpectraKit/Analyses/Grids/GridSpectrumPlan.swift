/// The structured grid for a requested number of points on S^{d-1}: what `--method grid
/// --samples N` computes. Built (cheaply) before anything large is allocated, so the actual
/// point count and the memory estimate can be shown or checked first.
public enum GridPlan: Sendable, Equatable {
    /// d = 2: N equispaced points on the circle.
    case circle(CircleGrid)
    /// d = 3: rings (`RingGrid(approximateCount:rule:)`, M = 2L).
    case rings(RingGrid)

    /// Dimensions with a structured grid.
    public static let dimensions = 2...3

    /// The grid for about `approximateCount` points on S^{d-1} (exactly that many on S^1;
    /// 2 L^2 on S^2). Throws `unsupportedDimension` for d outside 2...3 and `grid` errors for
    /// counts below 1. With `memoryBudget`, throws `insufficientMemory` from the requested count
    /// alone, before the grid is built (on S^2 the Gauss-Legendre latitudes of a grid too large
    /// to solve cost O(L^2) to compute).
    public init(dimension d: Int, approximateCount n: Int, latitudes: RingLatitudes = .gaussLegendre,
                memoryBudget: Int? = nil) throws(GridSpectrumError) {
        if let budget = memoryBudget, n >= 1 {
            let (count, required, largest): (Int, Int, Int)
            switch d {
            case 2:
                (count, required) = (n, GridSpectrum.memoryEstimate(circleCount: n))
                largest = GridSpectrum.largestCircleCount(budget: budget)
            case 3:
                let l = RingGrid.latitudeCount(approximateCount: n)
                let (product, overflow) = l.multipliedReportingOverflow(by: 2 * l)
                (count, required) = (overflow ? Int.max : product,
                                     RingGridFourierBlocks.memoryEstimate(latitudes: l, longitudes: 2 * l))
                largest = RingGridFourierBlocks.largestCount(budget: budget)
            default: throw .unsupportedDimension(d)
            }
            if required > budget {
                throw .insufficientMemory(points: count, requiredBytes: required, budgetBytes: budget, largestCount: largest)
            }
        }
        switch d {
        case 2: do { self = .circle(try CircleGrid(count: n)) } catch { throw .grid(error) }
        case 3: do { self = .rings(try RingGrid(approximateCount: n, rule: latitudes)) } catch { throw .grid(error) }
        default: throw .unsupportedDimension(d)
        }
    }

    /// d.
    public var dimension: Int {
        switch self {
        case .circle: return 2
        case .rings: return 3
        }
    }

    /// The actual number of points n.
    public var count: Int {
        switch self {
        case .circle(let grid): return grid.count
        case .rings(let grid): return grid.count
        }
    }

    /// Estimated peak bytes of `spectrum(of:weighting:memoryBudget:)`.
    public var memoryEstimate: Int {
        switch self {
        case .circle(let grid): return GridSpectrum.memoryEstimate(circle: grid)
        case .rings(let grid): return RingGridFourierBlocks.memoryEstimate(latitudes: grid.latitudes, longitudes: grid.longitudes)
        }
    }

    /// The grid spectrum (`GridSpectrum.circle` or `GridSpectrum.rings`). On S^1 the weighting
    /// is irrelevant (equal weights are the trapezoid rule's).
    public func spectrum(of profile: any ZonalFunction, weighting: GridWeighting,
                         memoryBudget: Int? = nil) throws(GridSpectrumError) -> GridSpectrum {
        switch self {
        case .circle(let grid): return try GridSpectrum.circle(profile, on: grid, memoryBudget: memoryBudget)
        case .rings(let grid): return try GridSpectrum.rings(profile, on: grid, weighting: weighting, memoryBudget: memoryBudget)
        }
    }
}

extension GridSpectrum {
    /// The per-degree estimates of `degreeEstimates(for:maxDegree:)` in the gram method's
    /// `DegreeGrouping` shape, for the existing reports and fits: one `DegreeEstimate` per
    /// resolved degree with an analytic value. Its `estimate` comes from the Fourier modes; its
    /// `block` is the index range the degree occupies when the degrees are listed in analytic
    /// order (descending mu_k, consecutive blocks of N(d,k)), which is what the index form
    /// lambda_i ~ i^-q fits against. `unassigned` covers the eigenvalues beyond those blocks.
    public func degreeGrouping(for analytic: [AnalyticEigenvalue], maxDegree: Int? = nil) -> DegreeGrouping {
        let known = degreeEstimates(for: analytic, maxDegree: maxDegree).compactMap { e in e.analytic.map { (estimate: e, mu: $0) } }
        let ordered = known.sorted { $0.mu != $1.mu ? $0.mu > $1.mu : $0.estimate.degree < $1.estimate.degree }
        var start = 0
        var grouped: [DegreeEstimate] = []
        for (e, mu) in ordered {
            let end = Swift.min(start + e.multiplicity, count)
            grouped.append(DegreeEstimate(degree: e.degree, multiplicity: e.multiplicity, analytic: mu,
                                          estimate: e.estimate, block: start..<end))
            start = end
        }
        return DegreeGrouping(estimates: grouped, unassigned: start..<count)
    }
}
