import Foundation

/// The decay study of one kernel's empirical spectrum (docs/conventions.md and docs/decay.md): all eigenvalues of
/// K/n, per-degree estimates grouped in the order of the analytic mu_k, the fitted power law
/// over degrees, and the index form lambda_i ~ i^{-p/(d-1)}.
public struct GramDecayStudy: Sendable {
    public let kernel: String
    public let dimension: Int
    /// "gram" (sampled or given points) or "grid" (a structured grid, exact by FFT).
    public let method: String
    public let spectrum: EmpiricalSpectrum
    public let grouping: DegreeGrouping
    /// kappa(1) from the profile: the trace of K/n must equal it.
    public let profileAtOne: Double
    /// The fitted power law over degrees; nil when the default window admits none (`fitNote`).
    public let fit: PowerLawFit?
    public let fitNote: String?
    /// Fit of log lambda_i on log i over the indices of the fitted degrees (nil with `fit`).
    public let indexFit: PowerLawFit?
    public let theory: DecayTheory

    /// The gram method on points.
    /// - Parameters:
    ///   - kernel: the catalogue kernel of the Gram matrix.
    ///   - points: the sample (or the rows of --data).
    ///   - offSphere: the points keep their norms; only network kernels are defined there.
    ///   - memoryBudget: as for `EmpiricalSpectrum.zonal`.
    ///   - origin: as for `EmpiricalSpectrum.zonal`.
    ///   - parity: the degrees the fit uses.
    ///   - fitRange: degrees; nil chooses [max(1, B/4), B] with B the last complete degree.
    ///   - maxDegree: the highest degree reported (nil: every degree the n eigenvalues reach).
    ///   - top: only the m largest eigenvalues (nil for all); with eigenvectors, dsyevr computes
    ///     just those, without them the full solver runs (see `EmpiricalSpectrum.zonal`).
    ///   - assignment: how eigenvalues are assigned to degrees (`projection` needs the eigenvectors).
    ///   - onPhase: hears the name of each phase as it starts.
    public init(kernel: some CatalogueKernel, points: PointSet, offSphere: Bool, memoryBudget: Int?,
                origin: GramPointOrigin, fitRange: ClosedRange<Int>?, parity: DegreeParity, maxDegree: Int? = nil,
                top: Int? = nil, assignment: DegreeAssignment = .blocks,
                onPhase: (@Sendable (String) -> Void)? = nil) throws {
        let vectors = assignment == .projection
        let spectrum: EmpiricalSpectrum
        if offSphere {
            guard let network = kernel as? NetworkKernel else {
                throw GramStudyError.offSphereKernel(kernel.canonicalSpec)
            }
            try GramMatrix.checkOffSphere(network, points: points)
            spectrum = try EmpiricalSpectrum.general(on: points, memoryBudget: memoryBudget, origin: origin, top: top,
                                                     eigenvectors: vectors, onPhase: onPhase, kernel: network.value(squaredNormX:squaredNormY:dot:))
        } else {
            spectrum = try EmpiricalSpectrum.zonal(kernel, on: points, memoryBudget: memoryBudget, origin: origin, top: top,
                                                   eigenvectors: vectors, onPhase: onPhase)
        }
        let analytic = Self.analyticOrder(kernel, dimension: points.dimension, covering: points.count, maxDegree: maxDegree)
        let grouping: DegreeGrouping
        if let eigenvectors = spectrum.eigenvectors, assignment == .projection {
            // Harmonics up to the largest degree whose sampled basis stays well conditioned
            // (sum N(d,k) <= n/4), or --max-degree.
            let degree = maxDegree ?? HarmonicProjector.defaultMaxDegree(dimension: points.dimension, points: points.count)
            onPhase?("harmonic projections of \(eigenvectors.columns) eigenvectors, degrees 0...\(degree)")
            let harmonics = try RealSphericalHarmonics(dimension: points.dimension, maxDegree: degree)
            grouping = try spectrum.projectionGrouping(vectors: eigenvectors, harmonics: harmonics, points: points,
                                                       analytic: analytic)
        } else {
            grouping = try spectrum.degreeEstimates(for: analytic)
        }
        try self.init(kernel: kernel, dimension: points.dimension, method: "gram", spectrum: spectrum,
                      grouping: grouping, fitRange: fitRange, parity: parity)
    }

    /// The gram method on a spectrum computed elsewhere (a distributed eigensolver: spectra-mpi,
    /// docs/distributed.md): eigenvalues grouped in blocks in analytic order, fits as above.
    public init(kernel: some CatalogueKernel, dimension: Int, spectrum: EmpiricalSpectrum, fitRange: ClosedRange<Int>?,
                parity: DegreeParity, maxDegree: Int? = nil) throws {
        let analytic = Self.analyticOrder(kernel, dimension: dimension, covering: spectrum.count, maxDegree: maxDegree)
        try self.init(kernel: kernel, dimension: dimension, method: "gram", spectrum: spectrum,
                      grouping: try spectrum.degreeEstimates(for: analytic), fitRange: fitRange, parity: parity)
    }

    /// The grid method: exact spectrum of a structured grid (docs/accuracy.md#structured-grids; Fourier modes by FFTW).
    /// The reported degrees stop at `maxDegree` (default 1000) or at what the grid resolves.
    public init(kernel: some CatalogueKernel, grid: GridPlan, weighting: GridWeighting, memoryBudget: Int?,
                fitRange: ClosedRange<Int>?, parity: DegreeParity, maxDegree: Int? = nil) throws {
        let result = try grid.spectrum(of: kernel, weighting: weighting, memoryBudget: memoryBudget)
        let top = Swift.min(result.resolvedDegrees.upperBound, maxDegree ?? 1000)
        let analytic = Self.analyticOrder(kernel, dimension: grid.dimension, covering: grid.count, maxDegree: top)
        // The default window stays in the lower quarter of the resolved degrees: near the
        // resolution limit the degrees that alias onto a mode (about 2L on S^2, N - k on S^1)
        // are no longer negligible against mu_k (fits over [L/4, L] on S^2 give 2.5 for a
        // k^-3 law, over [L/16, L/4] 2.96).
        try self.init(kernel: kernel, dimension: grid.dimension, method: "grid", spectrum: result.spectrum,
                      grouping: result.degreeGrouping(for: analytic, maxDegree: top), fitRange: fitRange, parity: parity,
                      defaultWindow: { Swift.max(1, $0 / 16)...Swift.max(2, $0 / 4) })
    }

    /// The analytic (degree, multiplicity, mu_k) up to the degree whose multiplicities cover n
    /// eigenvalues (or `maxDegree`): the order in which empirical eigenvalues are grouped.
    static func analyticOrder(_ kernel: some CatalogueKernel, dimension d: Int, covering n: Int,
                              maxDegree: Int?) -> [AnalyticEigenvalue] {
        var reached = 1
        var covered = 1
        let cap = Swift.min(maxDegree ?? Int.max, AnalyticSpectrum.maximumDegree(dimension: d))
        while covered < n && reached < cap {
            covered += SphericalHarmonics.dimension(degree: reached, sphereDimension: d).intValue ?? Int.max / 2
            reached += 1
        }
        let analytic = AnalyticSpectrum(profile: kernel, dimension: d, maxDegree: Swift.max(2, reached),
                                        vanishes: kernel.vanishes(atDegree:))
        return analytic.degrees.map {
            AnalyticEigenvalue(degree: $0.degree, multiplicity: $0.multiplicity.intValue ?? Int.max, eigenvalue: $0.eigenvalue)
        }
    }

    /// Fits over the grouped degrees and the index form, shared by both methods.
    /// - Parameter defaultWindow: the fit window when none is given, from the last complete degree.
    init(kernel: some CatalogueKernel, dimension d: Int, method: String, spectrum: EmpiricalSpectrum,
         grouping: DegreeGrouping, fitRange: ClosedRange<Int>?, parity: DegreeParity,
         defaultWindow: (Int) -> ClosedRange<Int> = { Swift.max(1, $0 / 4)...Swift.max(1, $0) }) throws {
        self.kernel = kernel.canonicalSpec
        dimension = d
        self.method = method
        self.spectrum = spectrum
        self.grouping = grouping
        profileAtOne = kernel.value(at: 1)
        let usable = grouping.estimates.filter { $0.isComplete && $0.analytic > 0 && $0.degree >= 1 }
        let lastComplete = usable.map(\.degree).max() ?? 0
        let range = fitRange ?? defaultWindow(lastComplete)
        if let upper = fitRange?.upperBound, upper > lastComplete {
            throw GramStudyError.fitBeyondResolvedDegrees(requested: upper, lastComplete: lastComplete, samples: spectrum.count)
        }
        let points = usable.map { (k: $0.degree, value: $0.estimate) }
        theory = kernel.theoreticalDecay(dimension: d)
        let outcome = try DecayFitOutcome(points: points, range: range, parity: parity, rangeWasChosen: fitRange != nil,
                                          law: theory.law)
        fit = outcome.fit
        fitNote = outcome.note.map { $0 + "; more samples resolve more degrees" }
        // Index form over the eigenvalues of the fitted degrees' blocks.
        let blocks = usable.filter { range.contains($0.degree) }.map(\.block)
        let first = (blocks.map(\.lowerBound).min() ?? 0) + 1
        let last = blocks.map(\.upperBound).max() ?? 1
        let indexed = spectrum.eigenvalues.enumerated().map { (k: $0.offset + 1, value: $0.element) }
        indexFit = fit == nil ? nil : try? DecayFitting.fit(points: indexed, range: first...Swift.max(first + 2, last))
    }
}

public enum GramStudyError: Error, CustomStringConvertible, Equatable {
    case offSphereKernel(String)
    case fitBeyondResolvedDegrees(requested: Int, lastComplete: Int, samples: Int)

    public var description: String {
        switch self {
        case .offSphereKernel(let kernel):
            return "\(kernel) is defined on the sphere only; off-sphere --data (without --normalize) is allowed "
                + "for the network kernels ntk and nngp. Add --normalize to project the rows onto the sphere."
        case let .fitBeyondResolvedDegrees(requested, lastComplete, samples):
            return "--fit-range ends at degree \(requested), but \(samples) samples resolve complete degrees only up to "
                + "\(lastComplete); lower the range or raise --samples"
        }
    }
}
