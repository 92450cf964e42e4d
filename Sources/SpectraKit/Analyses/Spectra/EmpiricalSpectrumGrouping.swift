/// One degree of an analytic spectrum: mu_k with its multiplicity N(d,k) (docs/conventions.md).
public struct AnalyticEigenvalue: Sendable, Equatable {
    public let degree: Int
    /// N(d,k). For degrees whose true multiplicity exceeds Int.max, pass Int.max: the block
    /// then simply runs to the end of the empirical spectrum.
    public let multiplicity: Int
    public let eigenvalue: Double

    public init(degree: Int, multiplicity: Int, eigenvalue: Double) {
        self.degree = degree
        self.multiplicity = multiplicity
        self.eigenvalue = eigenvalue
    }
}

/// The empirical estimate of one degree's eigenvalue: the mean of its block of sorted
/// eigenvalues of K/n.
public struct DegreeEstimate: Sendable, Equatable {
    public let degree: Int
    public let multiplicity: Int
    /// mu_k, as given.
    public let analytic: Double
    /// Mean of `eigenvalues[block]`.
    public let estimate: Double
    /// 0-based indices into the descending `EmpiricalSpectrum.eigenvalues`.
    public let block: Range<Int>

    /// False when n ran out inside this degree's block (the last estimate only).
    public var isComplete: Bool { block.count == multiplicity }
}

/// Per-degree estimates, in the order of the blocks (analytic eigenvalue descending).
public struct DegreeGrouping: Sendable, Equatable {
    public let estimates: [DegreeEstimate]
    /// Eigenvalue indices beyond the last listed degree (empty when the degrees cover n).
    public let unassigned: Range<Int>
}

extension EmpiricalSpectrum {
    /// Groups the sorted eigenvalues into per-degree estimates (docs/decay.md#empirical-spectra-and-the-index-form): the degrees are
    /// ordered by analytic eigenvalue, descending (ties: lower degree first), and take
    /// consecutive blocks of sizes N(d,k) of the descending empirical eigenvalues, until n is
    /// used up (the last block may be incomplete; later degrees get no estimate).
    ///
    /// This identifies blocks correctly only when the empirical eigenvalues follow the analytic
    /// order, i.e. when gaps between distinct mu_k exceed the O(1/sqrt(n)) sampling error;
    /// degrees with equal or nearly equal mu_k share their blocks' eigenvalues ambiguously
    /// (their means are still right on average). Exact zeros (polynomial kernels, vanishing
    /// parities) sort last and estimate rounding noise.
    ///
    /// Throws `invalidMultiplicity` (multiplicity < 1) and `unorderedAnalyticEigenvalue` (NaN).
    public func degreeEstimates(for analytic: [AnalyticEigenvalue]) throws(EmpiricalSpectrumError) -> DegreeGrouping {
        for a in analytic {
            guard a.multiplicity >= 1 else { throw .invalidMultiplicity(degree: a.degree, multiplicity: a.multiplicity) }
            guard !a.eigenvalue.isNaN else { throw .unorderedAnalyticEigenvalue(degree: a.degree) }
        }
        let ordered = analytic.sorted { $0.eigenvalue != $1.eigenvalue ? $0.eigenvalue > $1.eigenvalue : $0.degree < $1.degree }
        let n = eigenvalues.count
        var estimates: [DegreeEstimate] = []
        var start = 0
        for a in ordered where start < n {
            let end = a.multiplicity >= n - start ? n : start + a.multiplicity   // no overflow for huge N(d,k)
            let mean = compensatedSum(eigenvalues[start..<end]) / Double(end - start)
            estimates.append(DegreeEstimate(degree: a.degree, multiplicity: a.multiplicity, analytic: a.eigenvalue,
                                            estimate: mean, block: start..<end))
            start = end
        }
        return DegreeGrouping(estimates: estimates, unassigned: start..<n)
    }
}
