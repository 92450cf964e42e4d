/// The spectrum of K/n for a kernel on n points (MATH.md 2, "Empirical spectrum"): all
/// eigenvalues, descending, with the trace identity beside them.
///
/// For x_1..x_n i.i.d. uniform on S^{d-1} and a zonal kernel, the eigenvalues of K/n converge
/// to the Mercer eigenvalues mu_k, each repeated N(d,k) times: by Hoffman-Wielandt applied to
/// the empirical covariance operator, sum_i (lambda_i - mu_(i))^2 <= ||Sigma_n - Sigma||_HS^2,
/// whose expectation is at most kappa(1)^2 / n. So a degree's block mean is off by about
/// kappa(1) / sqrt(n N(d,k)) or less (O(1/sqrt(n))). Eigenvalues below about
/// 1e-16 * lambda_max are LAPACK rounding noise (MATH.md 9).
public struct EmpiricalSpectrum: Sendable, Equatable {
    /// All n eigenvalues of K/n, descending.
    public let eigenvalues: [Double]
    /// trace(K/n) = (1/n) sum_i k(x_i, x_i); on the sphere this is kappa(1) up to rounding.
    public let meanDiagonal: Double
    /// sum of `eigenvalues`, compensated; equals `meanDiagonal` up to LAPACK's backward error
    /// (about n * 1e-16 * lambda_max).
    public let eigenvalueSum: Double

    /// n, the number of points.
    public var count: Int { eigenvalues.count }

    /// |eigenvalueSum - meanDiagonal|: the trace identity's residual.
    public var traceResidual: Double { abs(eigenvalueSum - meanDiagonal) }

    public init(eigenvalues: [Double], meanDiagonal: Double) {
        self.eigenvalues = eigenvalues
        self.meanDiagonal = meanDiagonal
        self.eigenvalueSum = compensatedSum(eigenvalues)
    }

    /// The spectrum of K/n, K_ij = kappa(<x_i, x_j>), for points on the sphere.
    ///
    /// - Checks, before anything n x n is allocated: every point within `onSphereTolerance`
    ///   of the unit sphere (else `points(.offSphere)`, whose message suggests --normalize);
    ///   if `memoryBudget` (bytes) is given, that `GramMemoryPlan` fits in it (else
    ///   `linearAlgebra(.insufficientMemory)`, naming --samples or the data size per `origin`).
    /// - Work: dsyrk O(n^2 d), the profile on n(n+1)/2 arguments (`GramMatrix.zonal`),
    ///   dsyevd in place O(n^3). Memory: one n x n matrix plus O(n) (see `GramMemoryPlan`).
    public static func zonal(_ profile: any ZonalFunction, on points: PointSet, onSphereTolerance: Double = 1e-6,
                             memoryBudget: Int? = nil, origin: GramPointOrigin = .samples) throws(EmpiricalSpectrumError) -> EmpiricalSpectrum {
        do { try points.requireOnSphere(tolerance: onSphereTolerance) } catch { throw .points(error) }
        try checkMemory(points, memoryBudget, origin)
        let n = points.count
        var matrix = try GramMatrix.zonal(profile, on: points, scale: 1 / Double(n))
        return try solve(&matrix)
    }

    /// The spectrum of K/n for a kernel given through squared norms and the inner product,
    /// K_ij = kernel(||x_i||^2, ||x_j||^2, <x_i, x_j>) (network kernels off the sphere).
    /// Memory check and cost as for `zonal`.
    public static func general(on points: PointSet, memoryBudget: Int? = nil, origin: GramPointOrigin = .samples,
                               kernel: (_ squaredNormX: Double, _ squaredNormY: Double, _ dot: Double) -> Double) throws(EmpiricalSpectrumError) -> EmpiricalSpectrum {
        try checkMemory(points, memoryBudget, origin)
        var matrix = try GramMatrix.general(on: points, scale: 1 / Double(points.count), kernel: kernel)
        return try solve(&matrix)
    }

    private static func checkMemory(_ points: PointSet, _ budget: Int?, _ origin: GramPointOrigin) throws(EmpiricalSpectrumError) {
        guard let budget else { return }
        do {
            try GramMemoryPlan(points: points.count, dimension: points.dimension, work: .eigenvalues).check(budget: budget, origin: origin)
        } catch { throw .linearAlgebra(error) }
    }

    private static func solve(_ matrix: inout SymmetricMatrix) throws(EmpiricalSpectrumError) -> EmpiricalSpectrum {
        let trace = matrix.trace
        do {
            let values = try SymmetricEigensolver.eigenvalues(overwriting: &matrix)
            return EmpiricalSpectrum(eigenvalues: values, meanDiagonal: trace)
        } catch { throw .linearAlgebra(error) }
    }
}

/// Failures of an empirical spectrum, each wrapping or naming its cause.
public enum EmpiricalSpectrumError: Error, CustomStringConvertible, Equatable, Sendable {
    case points(PointSetError)
    case linearAlgebra(LinearAlgebraError)
    /// The kernel gave NaN or an infinity for a pair of points.
    case nonFiniteKernelValue(first: PointLocation, second: PointLocation, innerProduct: Double, value: Double)
    /// A degree with multiplicity < 1 in the analytic list handed to `degreeEstimates`.
    case invalidMultiplicity(degree: Int, multiplicity: Int)
    /// A NaN analytic eigenvalue, which cannot be ordered.
    case unorderedAnalyticEigenvalue(degree: Int)

    public var description: String {
        switch self {
        case let .points(error): return error.description
        case let .linearAlgebra(error): return error.description
        case let .nonFiniteKernelValue(first, second, innerProduct, value):
            return "the kernel is \(value) at \(first) and \(second) (inner product \(innerProduct)); a Gram matrix needs finite values"
        case let .invalidMultiplicity(degree, multiplicity):
            return "degree \(degree) has multiplicity \(multiplicity); multiplicities are at least 1"
        case let .unorderedAnalyticEigenvalue(degree):
            return "the analytic eigenvalue of degree \(degree) is NaN, so the degrees cannot be ordered"
        }
    }
}
