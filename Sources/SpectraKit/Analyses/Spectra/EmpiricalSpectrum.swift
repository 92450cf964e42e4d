/// The spectrum of K/n for a kernel on n points (docs/conventions.md#empirical-spectra): all
/// eigenvalues or the largest m, descending, optionally with eigenvectors, the trace identity
/// beside them, and the wall-clock time of assembly and eigensolve.
///
/// For x_1..x_n i.i.d. uniform on S^{d-1} and a zonal kernel, the eigenvalues of K/n converge
/// to the Mercer eigenvalues mu_k, each repeated N(d,k) times: by Hoffman-Wielandt applied to
/// the empirical covariance operator, sum_i (lambda_i - mu_(i))^2 <= ||Sigma_n - Sigma||_HS^2,
/// whose expectation is at most kappa(1)^2 / n. So a degree's block mean is off by about
/// kappa(1) / sqrt(n N(d,k)) or less (O(1/sqrt(n))). Eigenvalues below about
/// 1e-16 * lambda_max are LAPACK rounding noise (docs/accuracy.md#gram-matrices).
public struct EmpiricalSpectrum: Sendable, Equatable {
    /// The eigenvalues of K/n, descending: all n of them, or the largest m when a `top` m was asked for.
    public let eigenvalues: [Double]
    /// Unit eigenvectors of K (and K/n), column k belonging to `eigenvalues[k]` (n x m); nil
    /// unless asked for. Each is determined up to sign (and within a cluster of nearly equal
    /// eigenvalues, up to a rotation of the cluster's span).
    public let eigenvectors: DenseMatrix?
    /// n, the number of points.
    public let count: Int
    /// trace(K/n) = (1/n) sum_i k(x_i, x_i); on the sphere this is kappa(1) up to rounding.
    public let meanDiagonal: Double
    /// sum of `eigenvalues`, compensated; for a complete spectrum it equals `meanDiagonal` up
    /// to LAPACK's backward error (about n * 1e-16 * lambda_max).
    public let eigenvalueSum: Double
    /// Largest |interpolant - kappa| / max|kappa| measured by the `ZonalInterpolant` that
    /// built K, i.e. the accuracy of its entries; nil when every entry came from the kernel
    /// itself (small n, off-sphere kernels, profiles the interpolant cannot resolve).
    public let interpolationError: Double?
    /// Wall-clock seconds of the two phases. Measurements, not results: `==` ignores them.
    public let timings: GramTimings

    /// True when all n eigenvalues are present (no `top`, or top = n).
    public var isComplete: Bool { eigenvalues.count == count }

    /// |eigenvalueSum - meanDiagonal|: the trace identity's residual for a complete spectrum;
    /// for the top m only it is the mass of the n - m eigenvalues left out (plus rounding).
    public var traceResidual: Double { abs(eigenvalueSum - meanDiagonal) }

    /// A complete spectrum, without eigenvectors or timings.
    public init(eigenvalues: [Double], meanDiagonal: Double) {
        self.init(eigenvalues: eigenvalues, eigenvectors: nil, count: eigenvalues.count, meanDiagonal: meanDiagonal,
                  interpolationError: nil, timings: GramTimings(assembly: 0, eigensolve: 0))
    }

    /// All fields; `eigenvalues` may be the top m of `count`.
    public init(eigenvalues: [Double], eigenvectors: DenseMatrix?, count: Int, meanDiagonal: Double,
                interpolationError: Double?, timings: GramTimings) {
        self.eigenvalues = eigenvalues
        self.eigenvectors = eigenvectors
        self.count = count
        self.meanDiagonal = meanDiagonal
        self.eigenvalueSum = compensatedSum(eigenvalues)
        self.interpolationError = interpolationError
        self.timings = timings
    }

    public static func == (a: EmpiricalSpectrum, b: EmpiricalSpectrum) -> Bool {
        a.eigenvalues == b.eigenvalues && a.eigenvectors == b.eigenvectors && a.count == b.count
            && a.meanDiagonal == b.meanDiagonal && a.interpolationError == b.interpolationError
    }

    /// The spectrum of K/n, K_ij = kappa(<x_i, x_j>), for points on the sphere.
    ///
    /// - Checks, before anything n x n is allocated: every point within `onSphereTolerance`
    ///   of the unit sphere (else `points(.offSphere)`, whose message suggests --normalize);
    ///   `top` in 1...n (else `linearAlgebra(.eigenpairCountOutOfRange)`); if `memoryBudget`
    ///   (bytes) is given, that `GramMemoryPlan` for this `top` / `eigenvectors` fits in it
    ///   (else `linearAlgebra(.insufficientMemory)`, naming --samples or the data size per `origin`).
    /// - Assembly: dsyrk O(n^2 d), then the profile on n(n+1)/2 arguments (`GramMatrix.zonal`,
    ///   through a `ZonalInterpolant` within 1e-13 of max|kappa| for n >= about 316, see
    ///   `interpolationError`), on every core.
    /// - `onPhase` hears the name of each phase as it starts (for progress displays).
    /// - Eigensolve, in place in the Gram buffer (`SymmetricEigensolver`): eigenvalues only by
    ///   the two-stage reduction, its second stage on one OpenBLAS thread, also for `top`
    ///   (dsyevr's range 'I' reduces to tridiagonal form like dsyevd and was no faster; at
    ///   n = 4000 on 2 cores: 2.63 s against dsyevr 3.98 s, dsyevd 4.95 s, dsyevd_2stage 3.01 s,
    ///   `bash scripts/bench/eigensolve.sh`);
    ///   with `eigenvectors`, dsyevd 'V' for all and dsyevr 'I' for the top m (2.9 s against
    ///   4.2 s for m = 500 of n = 4000).
    public static func zonal(_ profile: any ZonalFunction, on points: PointSet, onSphereTolerance: Double = 1e-6,
                             memoryBudget: Int? = nil, origin: GramPointOrigin = .samples,
                             top: Int? = nil, eigenvectors: Bool = false,
                             onPhase: (@Sendable (String) -> Void)? = nil) throws(EmpiricalSpectrumError) -> EmpiricalSpectrum {
        do { try points.requireOnSphere(tolerance: onSphereTolerance) } catch { throw .points(error) }
        try checkRequest(points, memoryBudget, origin, top, eigenvectors)
        let n = points.count
        let clock = ContinuousClock()
        let start = clock.now
        onPhase?("assembling the \(n) x \(n) Gram matrix")
        let interpolant = GramProfileEvaluation.automaticInterpolant(for: profile, points: n)
        var matrix = try GramMatrix.zonal(profile, on: points, scale: 1 / Double(n),
                                          evaluation: interpolant.map { .interpolated($0) } ?? .direct)
        onPhase?("eigenvalues of the \(n) x \(n) Gram matrix (LAPACK)")
        return try solve(&matrix, top: top, eigenvectors: eigenvectors, assembly: seconds(clock.now - start),
                         interpolationError: interpolant?.measuredError)
    }

    /// The spectrum of K/n for a kernel given through squared norms and the inner product,
    /// K_ij = kernel(||x_i||^2, ||x_j||^2, <x_i, x_j>) (network kernels off the sphere),
    /// every entry from `kernel` itself. Checks, options and eigensolvers as for `zonal`.
    public static func general(on points: PointSet, memoryBudget: Int? = nil, origin: GramPointOrigin = .samples,
                               top: Int? = nil, eigenvectors: Bool = false, onPhase: (@Sendable (String) -> Void)? = nil,
                               kernel: @Sendable (_ squaredNormX: Double, _ squaredNormY: Double, _ dot: Double) -> Double) throws(EmpiricalSpectrumError) -> EmpiricalSpectrum {
        try checkRequest(points, memoryBudget, origin, top, eigenvectors)
        let clock = ContinuousClock()
        let start = clock.now
        onPhase?("assembling the \(points.count) x \(points.count) Gram matrix (off the sphere)")
        var matrix = try GramMatrix.general(on: points, scale: 1 / Double(points.count), kernel: kernel)
        onPhase?("eigenvalues of the \(points.count) x \(points.count) Gram matrix (LAPACK)")
        return try solve(&matrix, top: top, eigenvectors: eigenvectors, assembly: seconds(clock.now - start), interpolationError: nil)
    }

    private static func checkRequest(_ points: PointSet, _ budget: Int?, _ origin: GramPointOrigin,
                                     _ top: Int?, _ eigenvectors: Bool) throws(EmpiricalSpectrumError) {
        if let m = top, !(1...points.count).contains(m) {
            throw .linearAlgebra(.eigenpairCountOutOfRange(requested: m, order: points.count))
        }
        guard let budget else { return }
        do {
            try GramMemoryPlan(points: points.count, dimension: points.dimension,
                               work: GramEigenWork(top: top, eigenvectors: eigenvectors)).check(budget: budget, origin: origin)
        } catch { throw .linearAlgebra(error) }
    }

    private static func solve(_ matrix: inout SymmetricMatrix, top: Int?, eigenvectors: Bool, assembly: Double,
                              interpolationError: Double?) throws(EmpiricalSpectrumError) -> EmpiricalSpectrum {
        let n = matrix.order
        let trace = matrix.trace
        let clock = ContinuousClock()
        let start = clock.now
        let values: [Double], vectors: DenseMatrix?
        do {
            switch (top, eigenvectors) {
            case (nil, false):
                values = try SymmetricEigensolver.eigenvalues(overwriting: &matrix)
                vectors = nil
            case (let m?, false):
                values = Array(try SymmetricEigensolver.eigenvalues(overwriting: &matrix).prefix(m))
                vectors = nil
            case (let m?, true) where m < n:
                let pairs = try SymmetricEigensolver.topEigenpairs(overwriting: &matrix, count: m)
                (values, vectors) = (pairs.eigenvalues, pairs.eigenvectors)
            case (_, true):
                let pairs = try SymmetricEigensolver.decomposition(overwriting: &matrix)
                (values, vectors) = (pairs.eigenvalues, pairs.eigenvectors)
            }
        } catch { throw .linearAlgebra(error) }
        return EmpiricalSpectrum(eigenvalues: values, eigenvectors: vectors, count: n, meanDiagonal: trace,
                                 interpolationError: interpolationError,
                                 timings: GramTimings(assembly: assembly, eigensolve: seconds(clock.now - start)))
    }
}

/// Wall-clock seconds of an empirical spectrum's phases (for benchmarks; never compared).
public struct GramTimings: Sendable, Equatable {
    /// dsyrk, the interpolant's plan and the kernel on every entry.
    public var assembly: Double
    /// The LAPACK eigensolver.
    public var eigensolve: Double

    public init(assembly: Double, eigensolve: Double) {
        self.assembly = assembly
        self.eigensolve = eigensolve
    }
}

private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Failures of an empirical spectrum, each wrapping or naming its cause.
public enum EmpiricalSpectrumError: Error, CustomStringConvertible, Equatable, Sendable {
    case points(PointSetError)
    case linearAlgebra(LinearAlgebraError)
    /// The kernel gave NaN or an infinity for a pair of points.
    case nonFiniteKernelValue(first: PointLocation, second: PointLocation, innerProduct: Double, value: Double)
    /// Off the sphere, a point whose norm drives a smooth activation's layer variance past what
    /// its expectations serve (`NetworkKernel.offSphereVarianceExcess`).
    case inputTooLarge(point: PointLocation, squaredNorm: Double, kernel: String, layer: Int, variance: Double, limit: Double)
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
        case let .inputTooLarge(point, squaredNorm, kernel, layer, variance, limit):
            return "\(point) has squared norm \(squaredNorm), which gives layer \(layer) of \(kernel) the variance "
                + "S_xx = \(variance); off the sphere its activation is served up to S_xx = \(limit): scale the inputs down "
                + "(or put them on the sphere)"
        case let .invalidMultiplicity(degree, multiplicity):
            return "degree \(degree) has multiplicity \(multiplicity); multiplicities are at least 1"
        case let .unorderedAnalyticEigenvalue(degree):
            return "the analytic eigenvalue of degree \(degree) is NaN, so the degrees cannot be ordered"
        }
    }
}
