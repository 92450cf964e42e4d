import Foundation

/// The decay study of one kernel's empirical spectrum (MATH.md 2 and 4): all eigenvalues of
/// K/n, per-degree estimates grouped in the order of the analytic mu_k, the fitted power law
/// over degrees, and the index form lambda_i ~ i^{-p/(d-1)}.
public struct GramDecayStudy: Sendable {
    public let kernel: String
    public let dimension: Int
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

    /// - Parameters:
    ///   - offSphere: the points keep their norms; only network kernels are defined there.
    ///   - fitRange: degrees; nil chooses [max(1, B/4), B] with B the last complete degree.
    ///   - maxDegree: the highest degree reported (nil: every degree the n eigenvalues reach).
    public init(kernel: some CatalogueKernel, points: PointSet, offSphere: Bool, memoryBudget: Int?,
                origin: GramPointOrigin, fitRange: ClosedRange<Int>?, parity: DegreeParity, maxDegree: Int? = nil) throws {
        let d = points.dimension
        self.kernel = kernel.canonicalSpec
        dimension = d
        if offSphere {
            guard let network = kernel as? NetworkKernel else {
                throw GramStudyError.offSphereKernel(kernel.canonicalSpec)
            }
            spectrum = try EmpiricalSpectrum.general(on: points, memoryBudget: memoryBudget, origin: origin,
                                                     kernel: network.value(squaredNormX:squaredNormY:dot:))
        } else {
            spectrum = try EmpiricalSpectrum.zonal(kernel, on: points, memoryBudget: memoryBudget, origin: origin)
        }
        profileAtOne = kernel.value(at: 1)
        // Analytic degrees until their multiplicities cover n eigenvalues.
        var reached = 1
        var covered = 1
        while covered < points.count && reached < AnalyticSpectrum.maximumDegree(dimension: d) {
            covered += SphericalHarmonics.dimension(degree: reached, sphereDimension: d).intValue ?? Int.max / 2
            reached += 1
        }
        if let maxDegree { reached = Swift.min(reached, maxDegree) }
        let analytic = AnalyticSpectrum(profile: kernel, dimension: d, maxDegree: Swift.max(2, reached),
                                        vanishes: kernel.vanishes(atDegree:))
        grouping = try spectrum.degreeEstimates(for: analytic.degrees.map {
            AnalyticEigenvalue(degree: $0.degree, multiplicity: $0.multiplicity.intValue ?? Int.max,
                               eigenvalue: $0.eigenvalue)
        })
        let usable = grouping.estimates.filter { $0.isComplete && $0.analytic > 0 && $0.degree >= 1 }
        let lastComplete = usable.map(\.degree).max() ?? 0
        let range = fitRange ?? Swift.max(1, lastComplete / 4)...Swift.max(1, lastComplete)
        if let upper = fitRange?.upperBound, upper > lastComplete {
            throw GramStudyError.fitBeyondResolvedDegrees(requested: upper, lastComplete: lastComplete, samples: points.count)
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
