/// Whether two kernels share eigenfunctions on a sample, degree by degree, and where they do not,
/// why (docs/eigenfunctions.md#shared-eigenfunctions).
///
/// Every zonal kernel has the spherical harmonics as eigenfunctions, so on a uniform sample two
/// kernels' Gram eigenvectors of one degree span nearly the same space; they part where:
/// - one kernel's mu_k is an exact zero (`CatalogueKernel.vanishes(atDegree:)`): its eigenvectors
///   hold nothing of degree k;
/// - one kernel's top m eigenvectors end before degree k is complete (the --top cut; a faster
///   decay does not move it, the order of the mu_k does);
/// - the eigenvectors assigned to degree k (by dominant degree) differ in number: some are
///   dominated by a neighbouring degree, whose eigenvalues lie within sampling error;
/// - the counts agree but the spaces do not (overlap below `threshold`): on n points the
///   eigenvectors are harmonics only up to sampling error.
public struct EigenfunctionSharing: Sendable {
    /// Why a degree is not shared.
    public enum Difference: Sendable, Equatable {
        /// mu_k = 0 exactly for this kernel (0: the pair's first, 1: its second), not the other.
        case exactZero(kernel: Int)
        /// mu_k = 0 exactly for both: neither has eigenvectors there (not counted as a difference).
        case bothZero
        /// This kernel's top m eigenvectors end inside degree k: `count` of its N(d,k) are among them.
        case cut(kernel: Int, count: Int)
        /// Both reach degree k but assign different numbers of eigenvectors to it.
        case counts(Int, Int)
        /// Both assign all N(d,k) eigenvectors to degree k, but the spaces overlap less than `threshold`.
        case overlap(Double)
    }

    /// One degree of the pair.
    public struct Degree: Sendable, Equatable {
        public let degree: Int
        /// N(d, k).
        public let multiplicity: Int
        /// Eigenvectors each kernel assigns to degree k.
        public let counts: (Int, Int)
        /// Overlap of the two degree-k sets (0 when either is empty).
        public let overlap: Double
        /// nil when shared.
        public let difference: Difference?

        public var isShared: Bool { difference == nil }

        public static func == (x: Degree, y: Degree) -> Bool {
            x.degree == y.degree && x.multiplicity == y.multiplicity && x.counts == y.counts && x.overlap == y.overlap
                && x.difference == y.difference
        }
    }

    /// A degree's two eigenvector sets that overlap at least this much, each complete, are shared.
    public static let threshold = 0.9

    /// Indices of the kernels in the study.
    public let first: Int
    public let second: Int
    /// Degrees 0...K of the projections.
    public let degrees: [Degree]

    /// The largest L such that every degree 0...L is shared or an exact zero of both; nil when
    /// degree 0 is not.
    public var sharedUpTo: Int? {
        var last: Int? = nil
        for d in degrees {
            guard d.isShared || d.difference == .bothZero else { break }
            last = d.degree
        }
        return last
    }

    /// The first degree at which either kernel's top m eigenvectors end (`Difference.cut`):
    /// from there on there is nothing to compare; nil when both reach every degree projected on.
    public var horizon: Int? {
        degrees.first { if case .cut = $0.difference { return true } else { return false } }?.degree
    }

    /// The verdict of every pair of `study`, whose kernels are `kernels` in the same order.
    public static func verdicts(_ study: EigenspaceAlignmentStudy, kernels: [any CatalogueKernel]) -> [EigenfunctionSharing] {
        study.pairs.compactMap { pair in
            guard kernels.indices.contains(pair.first), kernels.indices.contains(pair.second) else { return nil }
            return EigenfunctionSharing(pair, study: study, kernels: (kernels[pair.first], kernels[pair.second]))
        }
    }

    init(_ pair: KernelPairAlignment, study: EigenspaceAlignmentStudy, kernels: (any CatalogueKernel, any CatalogueKernel)) {
        first = pair.first
        second = pair.second
        let projections = (study.kernels[pair.first], study.kernels[pair.second])
        let d = study.dimension
        var degrees: [Degree] = []
        for k in 0...study.maxDegree {
            let below = k == 0 ? 0 : HarmonicProjector.basisSize(dimension: d, maxDegree: k - 1) ?? 0
            let n = (HarmonicProjector.basisSize(dimension: d, maxDegree: k) ?? below) - below
            let counts = (projections.0.indices(ofDegree: k).count, projections.1.indices(ofDegree: k).count)
            let overlap = pair.byDegree.first { $0.degree == k }?.alignment.overlap ?? 0
            // Eigenvectors of degree k or beyond: fewer than N(d,k) means the top m end inside degree k.
            func reaching(_ p: KernelEigenvectorProjections) -> Int { p.projections.filter { $0.dominantDegree >= k }.count }
            let zeros = (kernels.0.vanishes(atDegree: k), kernels.1.vanishes(atDegree: k))
            // A kernel whose top m end inside degree k (and whose mu_k is not zero) ends the
            // comparison there, whatever the other kernel does at k.
            let cut0 = !zeros.0 && counts.0 < n && reaching(projections.0) < n
            let cut1 = !zeros.1 && counts.1 < n && reaching(projections.1) < n
            let difference: Difference?
            if cut0 {
                difference = .cut(kernel: 0, count: counts.0)
            } else if cut1 {
                difference = .cut(kernel: 1, count: counts.1)
            } else {
                switch zeros {
                case (true, true): difference = .bothZero
                case (true, false): difference = .exactZero(kernel: 0)
                case (false, true): difference = .exactZero(kernel: 1)
                case (false, false):
                    if counts.0 != n || counts.1 != n {
                        difference = .counts(counts.0, counts.1)
                    } else if overlap < Self.threshold {
                        difference = .overlap(overlap)
                    } else {
                        difference = nil
                    }
                }
            }
            degrees.append(Degree(degree: k, multiplicity: n, counts: counts, overlap: overlap, difference: difference))
        }
        self.degrees = degrees
    }
}
