/// How the eigenvalues of a Gram matrix are assigned to degrees (docs/eigenfunctions.md#degree-assignment).
public enum DegreeAssignment: String, Sendable, CaseIterable {
    /// Consecutive blocks of N(d,k) sorted eigenvalues, degrees in the order of the analytic
    /// mu_k: right only as far as the empirical order follows the analytic one.
    case blocks
    /// Each eigenvector's dominant degree from its harmonic projection (docs/eigenfunctions.md): no
    /// assumption on the order, at the cost of the eigenvectors and an n x sum N(d,k) QR.
    case projection
}

extension EmpiricalSpectrum {
    /// Per-degree estimates from the eigenvectors' dominant degrees: the estimate of degree k
    /// is the mean of the eigenvalues whose eigenvectors project mostly onto H_k; the degree is
    /// complete when exactly N(d,k) of them do. `block` spans the lowest to the highest index
    /// assigned (for the index form); degrees beyond `harmonics.maxDegree` are not resolved.
    /// `vectors` are the eigenvectors of `eigenvalues` (n x m, in the same order).
    public func projectionGrouping(vectors: DenseMatrix, harmonics: RealSphericalHarmonics, points: PointSet,
                                   analytic: [AnalyticEigenvalue]) throws(HarmonicProjectionError) -> DegreeGrouping {
        let projector = try HarmonicProjector(harmonics: harmonics, points: points)
        let projections = try projector.project(vectors)
        var assigned: [Int: [Int]] = [:]
        for (index, projection) in projections.enumerated() {
            assigned[projection.dominantDegree, default: []].append(index)
        }
        let analyticByDegree = Dictionary(analytic.map { ($0.degree, $0) }, uniquingKeysWith: { first, _ in first })
        let estimates: [DegreeEstimate] = (0...harmonics.maxDegree).compactMap { k in
            guard let indices = assigned[k], let first = indices.first, let last = indices.last,
                  let reference = analyticByDegree[k] else { return nil }
            let mean = indices.map { eigenvalues[$0] }.reduce(0, +) / Double(indices.count)
            // A block of exactly the assigned size, so `isComplete` means "N(d,k) eigenvectors".
            let block = first..<(first + Swift.min(indices.count, last - first + 1))
            return DegreeEstimate(degree: k, multiplicity: reference.multiplicity, analytic: reference.eigenvalue,
                                  estimate: mean, block: block)
        }
        let used = projections.count
        return DegreeGrouping(estimates: estimates, unassigned: used..<Swift.max(used, eigenvalues.count))
    }
}
