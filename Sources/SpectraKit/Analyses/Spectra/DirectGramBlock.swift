import Dispatch
import Foundation

/// Any rows and columns of a Gram matrix with every entry evaluated directly (no interpolant):
/// the piece of K that one process of a distributed solver holds, with the entries of the
/// whole-matrix paths that evaluate directly, `GramMatrix.zonal(evaluation: .direct)` for a
/// zonal profile on the sphere and `GramMatrix.network` (`GramMatrix.general`) for a network
/// kernel off the sphere. Kernel ridge regression uses these entries (`KernelRidgeModel.gram`).
///
/// Up to the rounding of the inner products the entries are the whole-matrix ones: the same
/// branches and complements on the sphere (`GramMatrix.cosineArgument`), the same kernel
/// formula off it. The inner products come from one dgemm of the block's row points by its
/// column points (the whole-matrix paths use one dsyrk), so they can differ in the last bit; off
/// the sphere a diagonal entry sees dot = the point's squared norm exactly, as with dsyrk.
public struct DirectGramBlockAssembler: Sendable {
    enum Entries: Sendable {
        case zonal(any ZonalFunction)
        case network(NetworkKernel)
    }

    /// A NaN or infinite kernel value at global (row, column), with its inner product.
    public struct Failure: Sendable, Equatable {
        public let row: Int
        public let column: Int
        public let innerProduct: Double
        public let value: Double

        public init(row: Int, column: Int, innerProduct: Double, value: Double) {
            self.row = row
            self.column = column
            self.innerProduct = innerProduct
            self.value = value
        }
    }

    public let points: PointSet
    public let scale: Double
    let entries: Entries
    /// Off the sphere: each point's squared norm (the diagonal's inner product).
    let squaredNorms: [Double]

    /// kappa(<x_i, x_j>) * scale for points on the sphere (assumed, as by `GramMatrix.zonal`).
    public init(zonal profile: any ZonalFunction, on points: PointSet, scale: Double = 1) {
        self.points = points
        self.scale = scale
        entries = .zonal(profile)
        squaredNorms = []
    }

    /// network(x_i, x_j) * scale off the sphere, after `GramMatrix.checkOffSphere` (which throws
    /// `inputTooLarge` for a point the kernel's smooth activation cannot serve).
    public init(network: NetworkKernel, on points: PointSet, scale: Double = 1) throws(EmpiricalSpectrumError) {
        try GramMatrix.checkOffSphere(network, points: points)
        self.points = points
        self.scale = scale
        entries = .network(network)
        let d = points.dimension, x = points.coordinates
        squaredNorms = (0..<points.count).map { i in
            var s = 0.0
            for c in 0..<d { s += x[i * d + c] * x[i * d + c] }
            return s
        }
    }

    /// The error `GramMatrix` throws for this failure.
    public func error(_ failure: Failure) -> EmpiricalSpectrumError {
        .nonFiniteKernelValue(first: points.location(ofPoint: failure.row), second: points.location(ofPoint: failure.column),
                              innerProduct: failure.innerProduct, value: failure.value)
    }

    /// Writes the matrix whose rows are the global rows `rowRuns` (concatenated, in order) and
    /// whose columns are the global columns `columnRuns`, column-major with leading dimension
    /// `leadingDimension`, into `out`. With `upperTriangleOnly`, only entries with global row <=
    /// global column are kernel values (the rest hold inner products). Columns are spread over
    /// every core.
    /// - Returns: the non-finite kernel value with the smallest (column, row), if any (the
    ///   entries after it in its column chunk are left unevaluated).
    /// - Throws: `linearAlgebra(.sizeMismatch)` for runs outside 0..<n or a short leading dimension.
    public func fill(rowRuns: [Range<Int>], columnRuns: [Range<Int>], into out: UnsafeMutablePointer<Double>,
                     leadingDimension ld: Int, upperTriangleOnly: Bool) throws(EmpiricalSpectrumError) -> Failure? {
        let d = points.dimension, x = points.coordinates
        guard let block = try GramBlockProducts(points: points, rowRuns: rowRuns, columnRuns: columnRuns, into: out,
                                                leadingDimension: ld, upperTriangleOnly: upperTriangleOnly) else { return nil }
        let columnCount = block.columnCount, globalColumns = block.globalColumns, runs = block.runs
        @Sendable func rows(_ run: Range<Int>, column j: Int) -> Range<Int> { block.rows(run, column: j) }
        let shared = SharedStorage(base: out)
        let workers = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = Swift.min(columnCount, 4 * workers)
        let failures = UnsafeMutableBufferPointer<TileFailure?>.allocate(capacity: chunks)
        failures.initialize(repeating: nil)
        defer { failures.deallocate() }
        let failed = SharedFailures(base: failures.baseAddress!)
        let scale = self.scale, entries = self.entries, norms = squaredNorms
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var arguments: [CosineArgument<Double>] = []
            for lj in (chunk * columnCount / chunks)..<((chunk + 1) * columnCount / chunks) {
                let j = globalColumns[lj]
                switch entries {
                case .zonal(let profile):
                    arguments.removeAll(keepingCapacity: true)
                    for (run, local) in runs {
                        for i in rows(run, column: j) {
                            arguments.append(GramMatrix.cosineArgument(shared.base[local + (i - run.lowerBound) + lj * ld],
                                                                       row: i, column: j, points: x, dimension: d))
                        }
                    }
                    let values = profile.values(arguments)
                    var k = 0
                    for (run, local) in runs {
                        for i in rows(run, column: j) {
                            guard values[k].isFinite else {
                                failed.base[chunk] = TileFailure(row: i, column: j, argument: arguments[k].t, value: values[k])
                                return
                            }
                            shared.base[local + (i - run.lowerBound) + lj * ld] = values[k] * scale
                            k += 1
                        }
                    }
                case .network(let network):
                    for (run, local) in runs {
                        for i in rows(run, column: j) {
                            let entry = shared.base + local + (i - run.lowerBound) + lj * ld
                            let dot = i == j ? norms[i] : entry.pointee
                            let value = network.value(squaredNormX: norms[i], squaredNormY: norms[j], dot: dot)
                            guard value.isFinite else {
                                failed.base[chunk] = TileFailure(row: i, column: j, argument: dot, value: value)
                                return
                            }
                            entry.pointee = value * scale
                        }
                    }
                }
            }
        }
        return failures.compactMap { $0 }.min { ($0.column, $0.row) < ($1.column, $1.row) }
            .map { Failure(row: $0.row, column: $0.column, innerProduct: $0.argument, value: $0.value) }
    }
}
