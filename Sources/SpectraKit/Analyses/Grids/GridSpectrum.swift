/// How the points of a structured grid are weighted in the discrete kernel operator.
public enum GridWeighting: String, Sendable, Equatable, CaseIterable {
    /// Equal weights: the eigenvalues of K/n, as the gram method reports them (docs/conventions.md#empirical-spectra).
    case equal
    /// The grid's quadrature weights w_i (sum 1): the eigenvalues of W^{1/2} K W^{1/2}, i.e. of
    /// the operator f -> sum_i w_i kappa(<., x_i>) f(x_i). Exact (the analytic mu_k with
    /// multiplicity N(d,k)) for a polynomial profile of degree p when the rule integrates
    /// degree 2p exactly. On S^1 it coincides with `equal` (the trapezoid rule).
    case quadrature
}

/// The eigenvalues contributed by one Fourier mode of a structured grid: the eigenvalues of
/// one diagonal block of the Fourier-transformed kernel matrix (divided by n or weighted).
///
/// On S^1 each mode m holds one eigenvalue, the degree-m one. On S^2 (rings) mode m holds the
/// harmonics of azimuthal order m, degrees k >= m; the rings' north-south symmetry splits each
/// mode into two blocks, `parity` 0 holding degrees k = m, m+2, ... and parity 1 degrees
/// k = m+1, m+3, ... (P_k^m(-t) = (-1)^{k+m} P_k^m(t)).
public struct GridModeBlock: Sendable, Equatable {
    /// The Fourier mode m, 0 ... floor(M/2) (N/2 on S^1).
    public let mode: Int
    /// 0 or 1 on S^2 (see above); 0 on S^1.
    public let parity: Int
    /// 2 when modes m and M - m are distinct (they share their eigenvalues), else 1.
    public let multiplicity: Int
    /// The block's eigenvalues, descending (already divided by n, or weighted).
    public let eigenvalues: [Double]

    /// The degrees this block's eigenvalues can belong to, ascending: m + parity + 2i (on S^1 just m).
    public var candidateDegrees: [Int] {
        (0..<eigenvalues.count).map { mode + parity + 2 * $0 }
    }
}

/// The per-degree estimate from a grid spectrum: the mean, counted with multiplicity, of the
/// eigenvalues the degree's harmonics contribute across Fourier modes.
public struct GridDegreeEstimate: Sendable, Equatable {
    public let degree: Int
    /// N(d, k): 1 for k = 0, else 2 on S^1 and 2k + 1 on S^2.
    public let multiplicity: Int
    /// Mean of the contributing eigenvalues (each mode block counted with its multiplicity).
    public let estimate: Double
    /// Largest minus smallest contributing eigenvalue: 0 when the grid treats all orders m of
    /// the degree alike (exact quadrature), a measure of the grid's anisotropy otherwise.
    public let spread: Double
    /// mu_k when an analytic list was given.
    public let analytic: Double?
}

/// The exact spectrum of a zonal kernel on a structured grid (docs/accuracy.md#structured-grids): every eigenvalue of
/// K/n (or of the quadrature-weighted operator), obtained through Fourier modes instead of an
/// n x n eigenproblem, with the blocks kept for per-degree identification.
public struct GridSpectrum: Sendable {
    /// d: 2 for the circle, 3 for rings on S^2.
    public let dimension: Int
    public let weighting: GridWeighting
    /// All eigenvalues, descending, with the trace check (`meanDiagonal` is sum_i w_i kappa(1),
    /// i.e. kappa(1) up to the rounding of the weights).
    public let spectrum: EmpiricalSpectrum
    /// One entry per Fourier mode (and parity on S^2), in order of mode then parity.
    public let blocks: [GridModeBlock]
    /// The degrees whose every azimuthal order falls in its own, unaliased mode block:
    /// on S^1, k < N/2; on S^2, k <= min(L - 1, (M - 1)/2).
    public let resolvedDegrees: ClosedRange<Int>

    /// n, the number of points.
    public var count: Int { spectrum.count }

    /// Per-degree estimates for k in `resolvedDegrees` (or up to `maxDegree`, if smaller), from
    /// the Fourier structure, not from sorting (compare `EmpiricalSpectrum.degreeEstimates`):
    ///
    /// - S^1: degree k is mode k, exactly (its eigenvalue counted twice).
    /// - S^2: degree k has one eigenvalue in each mode m = 0 ... k, in the block of parity
    ///   (k - m) mod 2. Within a block the candidate degrees m + parity, m + parity + 2, ... are
    ///   matched to the block's descending eigenvalues in the order of `analytic` (descending
    ///   mu_k, ties lower degree first; degrees beyond the list after it, ascending); with no
    ///   list, in ascending degree (right when mu_k decreases). The estimate is
    ///   (lambda_{0,k} + 2 sum_{m=1}^{k} lambda_{m,k}) / (2k + 1).
    ///
    /// With the quadrature weighting and a polynomial profile of degree p < L, M > 2p every
    /// lambda_{m,k} equals mu_k (spread 0 to rounding).
    public func degreeEstimates(for analytic: [AnalyticEigenvalue]? = nil, maxDegree: Int? = nil) -> [GridDegreeEstimate] {
        let top = Swift.min(resolvedDegrees.upperBound, maxDegree ?? Int.max)
        guard top >= 0 else { return [] }
        var known: [Int: Double] = [:]
        for a in analytic ?? [] where !a.eigenvalue.isNaN { known[a.degree] = a.eigenvalue }
        // For each block, the degree -> eigenvalue assignment.
        var contributions = [[(value: Double, multiplicity: Int)]](repeating: [], count: top + 1)
        for block in blocks {
            let candidates = block.candidateDegrees
            guard let lowest = candidates.first, lowest <= top else { continue }
            let ordered = candidates.sorted { lhs, rhs in
                switch (known[lhs], known[rhs]) {
                case let (l?, r?): return l != r ? l > r : lhs < rhs
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return lhs < rhs
                }
            }
            for (value, degree) in zip(block.eigenvalues, ordered) where degree <= top {
                contributions[degree].append((value, block.multiplicity))
            }
        }
        return (0...top).map { k in
            let parts = contributions[k]
            let total = parts.reduce(0) { $0 + $1.multiplicity }
            let mean = compensatedSum(parts.map { $0.value * Double($0.multiplicity) }) / Double(Swift.max(total, 1))
            let values = parts.map(\.value)
            return GridDegreeEstimate(degree: k, multiplicity: total, estimate: mean,
                                      spread: (values.max() ?? 0) - (values.min() ?? 0), analytic: known[k])
        }
    }
}

/// Failures of a grid spectrum.
public enum GridSpectrumError: Error, CustomStringConvertible, Equatable, Sendable {
    case grid(GridError)
    /// No structured grid for this ambient dimension (only d = 2, 3).
    case unsupportedDimension(Int)
    case fft(FFTError)
    case linearAlgebra(LinearAlgebraError)
    /// The profile gave NaN or an infinity at inner product t.
    case nonFiniteKernelValue(innerProduct: Double, value: Double)
    /// The computation would need `requiredBytes` but only `budgetBytes` are available;
    /// `largestCount` points (of the same kind of grid) would fit.
    case insufficientMemory(points: Int, requiredBytes: Int, budgetBytes: Int, largestCount: Int)

    public var description: String {
        switch self {
        case .grid(let error): return error.description
        case .unsupportedDimension(let d):
            return "structured grids exist for d = 2 (the circle) and d = 3 (rings on S^2), not d = \(d); use --method gram"
        case .fft(let error): return error.description
        case .linearAlgebra(let error): return error.description
        case let .nonFiniteKernelValue(t, value):
            return "the kernel is \(value) at inner product \(t); a grid spectrum needs finite values"
        case let .insufficientMemory(points, required, budget, largest):
            return "a grid of \(points) points needs about \(formatBytes(required)) for its Fourier blocks and eigenvalues, "
                + "but only \(formatBytes(budget)) of memory is available; use --samples \(largest) or fewer"
        }
    }
}
