/// The spectra an RKHS comparison needs, and the pairs it compares.
public enum RKHSStudies {
    public static func studies(_ kernels: [any CatalogueKernel], dimension d: Int, maxDegree: Int,
                               fitRange: ClosedRange<Int>, rangeWasChosen: Bool) throws -> [AnalyticDecayStudy] {
        try kernels.map { kernel in
            try AnalyticDecayStudy(kernel: kernel, dimension: d, maxDegree: maxDegree, fitRange: fitRange, parity: .all,
                                   shifted: false, slopes: false, rangeWasChosen: rangeWasChosen)
        }
    }

    /// Every pair (i < j) in the given order.
    public static func pairs(_ studies: [AnalyticDecayStudy], fitRange: ClosedRange<Int>) -> [RKHSComparison] {
        studies.indices.flatMap { i in
            studies.indices.filter { $0 > i }.map { j in RKHSComparison(studies[i], studies[j], fitRange: fitRange) }
        }
    }
}

/// One row of the paper table: a kernel in one dimension, its decay and its RKHS against Laplace.
public struct RKHSPaperRow: Sendable {
    public let spec: String
    public let study: AnalyticDecayStudy
    public let versusLaplace: RKHSComparison

    public init(spec: String, study: AnalyticDecayStudy, versusLaplace: RKHSComparison) {
        self.spec = spec
        self.study = study
        self.versusLaplace = versusLaplace
    }
}
