/// The top eigenvectors of one kernel's Gram matrix and their harmonic projections (docs/eigenfunctions.md).
public struct KernelEigenvectorProjections: Sendable {
    /// The kernel's canonical specification.
    public let kernel: String
    /// The top m eigenvalues of K/n, descending, with their unit eigenvectors (n x m).
    public let spectrum: EmpiricalSpectrum
    /// One per eigenvector, in eigenvalue order.
    public let projections: [HarmonicProjection]

    /// The eigenvectors' indices (0-based) whose dominant degree is k, ascending.
    public func indices(ofDegree k: Int) -> [Int] {
        projections.indices.filter { projections[$0].dominantDegree == k }
    }

    /// The smallest and the median dominant-degree fraction (the median of an even count is
    /// the mean of the middle two); nil without eigenvectors.
    public var dominantFractionSummary: (minimum: Double, median: Double)? {
        let sorted = projections.map(\.dominantFraction).sorted()
        guard let first = sorted.first else { return nil }
        let h = sorted.count / 2
        return (first, sorted.count % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2)
    }
}

/// Two kernels' eigenspaces compared on one sample: overall for each top-m size, and degree by
/// degree (the eigenvectors whose dominant degree is k in each kernel).
public struct KernelPairAlignment: Sendable {
    /// Indices into `EigenspaceAlignmentStudy.kernels`, first < second.
    public let first: Int
    public let second: Int
    /// (m, alignment of the top-m eigenspaces), m ascending.
    public let overall: [(m: Int, alignment: SubspaceAlignment)]
    /// (k, alignment of the degree-k eigenvectors of each), for every degree that either kernel
    /// assigns an eigenvector to, ascending; sizes may differ (or one be 0: overlap 0).
    public let byDegree: [(degree: Int, alignment: SubspaceAlignment)]
}

/// `spectra align`: on one sample, each kernel's top eigenvectors with their energies per
/// harmonic degree, and every pair of kernels' eigenspaces compared (docs/eigenfunctions.md).
public struct EigenspaceAlignmentStudy: Sendable {
    public let dimension: Int
    public let pointCount: Int
    /// K of the projections.
    public let maxDegree: Int
    /// m, the number of eigenvectors per kernel.
    public let top: Int
    /// The top-m sizes compared overall.
    public let subspaceSizes: [Int]
    /// Columns of the sampled harmonic basis found dependent (see `HarmonicProjector`); 0 normally.
    public let dependentBasisColumns: Int
    public let kernels: [KernelEigenvectorProjections]
    /// Every pair (i, j), i < j, in order; empty for one kernel.
    public let pairs: [KernelPairAlignment]

    /// Default number of eigenvectors per kernel (capped at n).
    public static let defaultTop = 100

    /// The degree-complete sizes: sum_{k<=K} N(d,k) for K = 0, 1, ... while at most `top`
    /// (1, 4, 9, 16, ... on S^2). Complete blocks when the eigenvalues follow degree order.
    public static func degreeCompleteSizes(dimension d: Int, upTo top: Int) -> [Int] {
        var sizes: [Int] = []
        var k = 0
        while let size = HarmonicProjector.basisSize(dimension: d, maxDegree: k), size <= top {
            sizes.append(size)
            k += 1
        }
        return sizes
    }

    /// What a study's options resolve to before any Gram matrix exists: m, K, the size of the
    /// sampled basis (sum_{k<=K} N(d,k)) and the top-m sizes to align.
    public struct Settings: Sendable, Equatable {
        public let top: Int
        public let maxDegree: Int
        public let basisSize: Int
        public let subspaceSizes: [Int]
    }

    /// The options checked and resolved (cheap, no allocation of anything n x n): `top` in 1...n
    /// (nil: `defaultTop` capped at n), K with basis size <= n (nil:
    /// `HarmonicProjector.defaultMaxDegree`), each subspace size in 1...top (nil:
    /// `degreeCompleteSizes`), the points on the unit sphere. Deterministic, so every process of
    /// a distributed job reaches the same verdict (spectra-mpi checks these before any collective).
    public static func settings(points: PointSet, top: Int?, maxDegree: Int?,
                                subspaceSizes: [Int]?) throws(EigenspaceAlignmentError) -> Settings {
        let n = points.count, d = points.dimension
        let m = top ?? min(Self.defaultTop, n)
        guard (1...n).contains(m) else { throw .topOutOfRange(requested: m, points: n) }
        let k = maxDegree ?? HarmonicProjector.defaultMaxDegree(dimension: d, points: n)
        guard k >= 0 else { throw .projection(.basisExceedsSamples(maxDegree: k, dimension: d, basisSize: 0, samples: n)) }
        guard let size = HarmonicProjector.basisSize(dimension: d, maxDegree: k), size <= n else {
            throw .projection(.basisExceedsSamples(maxDegree: k, dimension: d,
                                                   basisSize: HarmonicProjector.basisSize(dimension: d, maxDegree: k) ?? Int.max,
                                                   samples: n))
        }
        let sizes = subspaceSizes ?? Self.degreeCompleteSizes(dimension: d, upTo: m)
        if let bad = sizes.first(where: { !(1...m).contains($0) }) { throw .subspaceSizeOutOfRange(size: bad, top: m) }
        do { try points.requireOnSphere() } catch { throw .spectrum(kernel: nil, .points(error)) }
        return Settings(top: m, maxDegree: k, basisSize: size, subspaceSizes: sizes)
    }

    /// - Parameters:
    ///   - kernels: one or more; with one there are projections and no pairs.
    ///   - points: on the unit sphere (else `spectrum(.points(.offSphere))`, suggesting --normalize).
    ///   - top: eigenvectors per kernel, 1...n (nil: `defaultTop` capped at n).
    ///   - maxDegree: K, with basis size <= n (nil: `HarmonicProjector.defaultMaxDegree`).
    ///   - subspaceSizes: each in 1...top (nil: `degreeCompleteSizes`).
    ///   - memoryBudget: as for `EmpiricalSpectrum.zonal`.
    ///   - origin: as for `EmpiricalSpectrum.zonal`.
    ///   - onPhase: as for `EmpiricalSpectrum.zonal`.
    /// Checks everything cheap before the first Gram matrix is built.
    public init(kernels: [any CatalogueKernel], points: PointSet, top: Int? = nil, maxDegree: Int? = nil,
                subspaceSizes: [Int]? = nil, memoryBudget: Int? = nil, origin: GramPointOrigin = .samples,
                onPhase: (@Sendable (String) -> Void)? = nil) throws(EigenspaceAlignmentError) {
        let settings = try Self.settings(points: points, top: top, maxDegree: maxDegree, subspaceSizes: subspaceSizes)
        let n = points.count, m = settings.top, size = settings.basisSize
        if let budget = memoryBudget {
            // The sampled basis (n x size, factored in place) lives beside every Gram solve.
            let gram = GramMemoryPlan(points: n, dimension: points.dimension, work: GramEigenWork(top: m, eigenvectors: true)).bytes
            let (basis, overflow) = n.multipliedReportingOverflow(by: size * 8)
            let (required, sumOverflow) = gram.addingReportingOverflow(overflow ? Int.max : basis)
            if overflow || sumOverflow || required > budget {
                throw .insufficientMemory(points: n, basisSize: size, requiredBytes: sumOverflow || overflow ? Int.max : required,
                                          budgetBytes: budget)
            }
        }
        try self.init(names: kernels.map(\.canonicalSpec), points: points, settings: settings, onPhase: onPhase) { i throws(EigenspaceAlignmentError) in
            try Self.topEigenpairs(kernels[i], points: points, top: m, memoryBudget: memoryBudget, origin: origin, onPhase: onPhase)
        }
    }

    private static func topEigenpairs(_ kernel: any CatalogueKernel, points: PointSet, top m: Int, memoryBudget: Int?,
                                      origin: GramPointOrigin, onPhase: (@Sendable (String) -> Void)?) throws(EigenspaceAlignmentError) -> EmpiricalSpectrum {
        do {
            return try EmpiricalSpectrum.zonal(kernel, on: points, memoryBudget: memoryBudget, origin: origin,
                                               top: m, eigenvectors: true, onPhase: onPhase)
        } catch { throw .spectrum(kernel: kernel.canonicalSpec, error) }
    }

    /// The study from spectra computed elsewhere (spectra-mpi's distributed solver): `spectra[i]`
    /// holds the top `settings.top` eigenvalues of K/n of the kernel whose canonical spec is
    /// `kernels[i]`, descending, with their unit eigenvectors (n x top). `settings` from
    /// `settings(points:top:maxDegree:subspaceSizes:)` on the same points. Everything after
    /// the eigensolve (basis, projections, alignments) is the code of the other initialiser.
    public init(kernels names: [String], points: PointSet, settings: Settings, spectra: [EmpiricalSpectrum],
                onPhase: (@Sendable (String) -> Void)? = nil) throws(EigenspaceAlignmentError) {
        guard spectra.count == names.count else {
            throw .linearAlgebra(.sizeMismatch(what: "spectra", expected: names.count, actual: spectra.count))
        }
        try self.init(names: names, points: points, settings: settings, onPhase: onPhase) { i throws(EigenspaceAlignmentError) in
            let spectrum = spectra[i]
            guard let vectors = spectrum.eigenvectors, vectors.rows == points.count, vectors.columns == settings.top,
                  spectrum.eigenvalues.count == settings.top else {
                throw .linearAlgebra(.incompleteResult(routine: "\(names[i]): eigenvectors", expected: settings.top,
                                                       found: spectrum.eigenvectors?.columns ?? 0))
            }
            return spectrum
        }
    }

    private init(names: [String], points: PointSet, settings: Settings, onPhase: (@Sendable (String) -> Void)?,
                 spectrum: (Int) throws(EigenspaceAlignmentError) -> EmpiricalSpectrum) throws(EigenspaceAlignmentError) {
        let n = points.count, d = points.dimension, m = settings.top, k = settings.maxDegree, size = settings.basisSize
        onPhase?("orthonormal basis of \(size) sampled harmonics (degrees 0...\(k), QR)")
        let harmonics: RealSphericalHarmonics, projector: HarmonicProjector
        do { harmonics = try RealSphericalHarmonics(dimension: d, maxDegree: k) } catch { throw .harmonics(error) }
        do { projector = try HarmonicProjector(harmonics: harmonics, points: points) } catch { throw .projection(error) }

        var results: [KernelEigenvectorProjections] = []
        for (i, name) in names.enumerated() {
            let spectrum = try spectrum(i)
            guard let vectors = spectrum.eigenvectors else {
                throw .linearAlgebra(.incompleteResult(routine: "eigenvectors", expected: m, found: 0))
            }
            onPhase?("\(name): projections of \(m) eigenvectors on degrees 0...\(k)")
            do {
                results.append(KernelEigenvectorProjections(kernel: name, spectrum: spectrum, projections: try projector.project(vectors)))
            } catch { throw .projection(error) }
        }

        var pairs: [KernelPairAlignment] = []
        for i in results.indices {
            for j in results.indices where j > i {
                do { pairs.append(try Self.align(results[i], results[j], first: i, second: j, sizes: settings.subspaceSizes, maxDegree: k)) } catch {
                    throw .linearAlgebra(error)
                }
            }
        }
        self.dimension = d
        self.pointCount = n
        self.maxDegree = k
        self.top = m
        self.subspaceSizes = settings.subspaceSizes
        self.dependentBasisColumns = projector.dependentColumns
        self.kernels = results
        self.pairs = pairs
    }

    /// docs/eigenfunctions.md: overlaps and principal angles of the top-m spaces, and of each degree's block.
    static func align(_ a: KernelEigenvectorProjections, _ b: KernelEigenvectorProjections, first: Int, second: Int,
                      sizes: [Int], maxDegree: Int) throws(LinearAlgebraError) -> KernelPairAlignment {
        let ua = a.spectrum.eigenvectors ?? DenseMatrix(rows: 0, columns: 0)
        let ub = b.spectrum.eigenvectors ?? DenseMatrix(rows: 0, columns: 0)
        var overall: [(m: Int, alignment: SubspaceAlignment)] = []
        for m in sizes {
            overall.append((m, try SubspaceAlignment(leadingColumns(ua, m), leadingColumns(ub, m))))
        }
        var byDegree: [(degree: Int, alignment: SubspaceAlignment)] = []
        for k in 0...maxDegree {
            let (ia, ib) = (a.indices(ofDegree: k), b.indices(ofDegree: k))
            guard !ia.isEmpty || !ib.isEmpty else { continue }
            byDegree.append((k, try SubspaceAlignment(selectedColumns(ua, ia), selectedColumns(ub, ib))))
        }
        return KernelPairAlignment(first: first, second: second, overall: overall, byDegree: byDegree)
    }
}

/// Failures of `EigenspaceAlignmentStudy`, each naming the option or kernel concerned.
public enum EigenspaceAlignmentError: Error, CustomStringConvertible, Sendable {
    case topOutOfRange(requested: Int, points: Int)
    case subspaceSizeOutOfRange(size: Int, top: Int)
    /// A Gram spectrum failed: off-sphere points, memory, a non-finite kernel value.
    case spectrum(kernel: String?, EmpiricalSpectrumError)
    case projection(HarmonicProjectionError)
    /// The harmonic basis could not be built.
    case harmonics(RealSphericalHarmonicsError)
    case linearAlgebra(LinearAlgebraError)
    /// The Gram solve and the sampled harmonic basis together exceed the memory available.
    case insufficientMemory(points: Int, basisSize: Int, requiredBytes: Int, budgetBytes: Int)

    public var description: String {
        switch self {
        case let .topOutOfRange(requested, points):
            return "--top \(requested) is outside 1...\(points) (the number of points)"
        case let .subspaceSizeOutOfRange(size, top):
            return "subspace size \(size) is outside 1...\(top) (the eigenvectors computed, --top)"
        case let .spectrum(kernel, error):
            return kernel.map { "\($0): \(error)" } ?? error.description
        case let .projection(error): return error.description
        case let .harmonics(error): return "--max-degree: \(error)"
        case let .linearAlgebra(error): return error.description
        case let .insufficientMemory(points, basisSize, required, budget):
            return "\(points) points with a basis of \(basisSize) harmonics need about \(required >> 20) MiB for the "
                + "eigenvectors and the basis, but only \(budget >> 20) MiB are available: use fewer points (--samples) "
                + "or a lower --max-degree"
        }
    }
}
