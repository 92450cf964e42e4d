import Dispatch
import Foundation

/// How a zonal profile is applied to the entries of a Gram matrix.
public enum GramProfileEvaluation: Sendable {
    /// `interpolated` with a freshly planned `ZonalInterpolant` when the matrix has at least
    /// `GramMatrix.interpolationThreshold` entries in its upper triangle and the plan reaches
    /// its tolerance; `direct` otherwise (small matrices, profiles the plan cannot resolve).
    case automatic
    /// Every entry through this interpolant (error `measuredError * scale`, at most 1e-13 of
    /// max|kappa| for the catalogue: see `ZonalInterpolant`).
    case interpolated(ZonalInterpolant)
    /// Every entry through the profile's own Double evaluation (`ZonalFunction.values`).
    case direct

    /// The interpolant `automatic` would use for n points (nil: direct evaluation).
    public static func automaticInterpolant(for profile: any ZonalFunction, points n: Int) -> ZonalInterpolant? {
        n * (n + 1) / 2 >= GramMatrix.interpolationThreshold ? ZonalInterpolant(profile) : nil
    }
}

/// Kernel (Gram) matrices K_ij = k(x_i, x_j) of a point set, built in one n x n buffer:
/// inner products by `cblas_dsyrk` into the upper triangle, then the kernel applied in place,
/// tile by tile (`GramTiling`) on every core.
public enum GramMatrix {
    /// Upper-triangle entries from which `automatic` plans an interpolant (n >= about 316):
    /// below it the plan's double-double samples cost more than direct evaluation.
    public static let interpolationThreshold = 50_000

    /// |t| above which an entry's small complement 1 - |t| is recomputed from the points
    /// (||x_i -+ x_j||^2 / 2) instead of subtracted from the inner product.
    ///
    /// The subtraction itself is exact for |t| >= 1/2; what it carries is the inner product's own
    /// rounding, |delta t| <= about d 2^-53 for unit vectors, which is large beside a small
    /// 1 - |t|. At or below the threshold that moves an entry by |kappa'(t)| |delta t|, and
    /// kappa' is bounded there for every catalogue profile (the singular ones blow up only at
    /// t = +-1): a test checks every catalogue kernel's directly evaluated entries against the
    /// profile in double-double at arguments computed from the points, within 1e-14 of
    /// max|kappa| (measured at most 1.2e-15). Above it the points give the complement to full
    /// relative accuracy, so nearly equal or opposite points keep every digit. The threshold was
    /// 1/2 until the assembly was profiled: for random points in d = 10 about 1 entry in 8.5 has
    /// |t| > 1/2 but only about 1 in 7,000 has |t| > 0.9, and the points' coordinates cost more
    /// per entry than the polynomial (n = 8000: the interpolant pass 0.078 s with 1/2, 0.046 s
    /// with 0.9).
    public static let complementThreshold = 0.9

    /// K_ij = kappa(<x_i, x_j>) for points on the sphere (docs/accuracy.md#gram-matrices), upper triangle, times
    /// `scale` (1/n gives K/n).
    ///
    /// - Inner products: dsyrk; the diagonal is t = 1 exactly, so K_ii = kappa(1). For |t| above
    ///   `complementThreshold` (0.9) the small complement is recomputed from the points, 1 - t = ||x - y||^2 / 2 and
    ///   1 + t = ||x + y||^2 / 2 (exact identities on the sphere), so that profiles singular at
    ///   t = ±1 (sqrt(1 - t) terms) stay accurate for nearly equal or opposite points, e.g.
    ///   duplicate rows give K_ij = kappa(1) exactly; elsewhere t is clamped to [-1, 1].
    /// - `evaluation`: through a `ZonalInterpolant` (|error| <= its measuredError * max|kappa|)
    ///   or the profile itself, in batches of whole tile columns so that an existential profile
    ///   reaches its specialised `values(_:)`.
    /// - The points are assumed to be on the sphere (check with `PointSet.requireOnSphere`).
    /// - Throws `nonFiniteKernelValue` for a NaN or infinite kappa (the earliest column with one),
    ///   and size errors from dsyrk's wrapper.
    public static func zonal(_ profile: any ZonalFunction, on points: PointSet, scale: Double = 1,
                             evaluation: GramProfileEvaluation = .automatic) throws(EmpiricalSpectrumError) -> SymmetricMatrix {
        var gram: SymmetricMatrix
        do { gram = try SymmetricMatrix.gram(rowMajorPoints: points.coordinates, count: points.count, dimension: points.dimension) } catch { throw .linearAlgebra(error) }
        let interpolant: ZonalInterpolant?
        switch evaluation {
        case .automatic: interpolant = GramProfileEvaluation.automaticInterpolant(for: profile, points: points.count)
        case .interpolated(let given): interpolant = given
        case .direct: interpolant = nil
        }
        if let interpolant {
            applyInterpolant(interpolant, to: &gram, points: points, scale: scale)
        } else {
            try applyDirectly(profile, to: &gram, points: points, scale: scale)
        }
        return gram
    }

    /// K_ij = kernel(||x_i||^2, ||x_j||^2, <x_i, x_j>) times `scale`, for kernels that are not
    /// zonal (network kernels off the sphere), evaluated exactly as given (no interpolation),
    /// tile by tile on every core. Inner products and squared norms all come from the same
    /// dsyrk, so kernel(x, x) sees dot == squared norm exactly.
    /// Throws `nonFiniteKernelValue` for a NaN or infinite value (the earliest column with one).
    public static func general(on points: PointSet, scale: Double = 1,
                               kernel: @Sendable (_ squaredNormX: Double, _ squaredNormY: Double, _ dot: Double) -> Double) throws(EmpiricalSpectrumError) -> SymmetricMatrix {
        let n = points.count
        var gram: SymmetricMatrix
        do { gram = try SymmetricMatrix.gram(rowMajorPoints: points.coordinates, count: n, dimension: points.dimension) } catch { throw .linearAlgebra(error) }
        let squaredNorms = (0..<n).map { gram.storage[$0 + $0 * n] }
        let failure = gram.storage.withUnsafeMutableBufferPointer { storage in
            let g = SharedStorage(base: storage.baseAddress!)
            return GramTiling(order: n).forEachTile { tile -> TileFailure? in
                for j in tile.columns {
                    for i in tile.rows(inColumn: j) {
                        let dot = g.base[i + j * n]
                        let value = kernel(squaredNorms[i], squaredNorms[j], dot)
                        guard value.isFinite else { return TileFailure(row: i, column: j, argument: dot, value: value) }
                        g.base[i + j * n] = value * scale
                    }
                }
                return nil
            }
        }
        if let failure {
            throw .nonFiniteKernelValue(first: points.location(ofPoint: failure.row), second: points.location(ofPoint: failure.column),
                                        innerProduct: failure.argument, value: failure.value)
        }
        return gram
    }

    /// `general` for a network kernel off the sphere: K_ij = network(x_i, x_j) times `scale`, after
    /// `checkOffSphere`.
    public static func network(_ network: NetworkKernel, on points: PointSet, scale: Double = 1) throws(EmpiricalSpectrumError) -> SymmetricMatrix {
        try checkOffSphere(network, points: points)
        return try general(on: points, scale: scale) { network.value(squaredNormX: $0, squaredNormY: $1, dot: $2) }
    }

    /// Refuses, before any kernel value, a point set whose largest norm takes a smooth activation's
    /// layer variance beyond what its off-sphere expectations serve (they would take hours).
    public static func checkOffSphere(_ network: NetworkKernel, points: PointSet) throws(EmpiricalSpectrumError) {
        guard points.count > 0 else { return }
        var largest = 0, largestSquared = -1.0
        for i in 0..<points.count {
            let norm = points.norm(ofPoint: i)
            if norm * norm > largestSquared { largestSquared = norm * norm; largest = i }
        }
        if let excess = network.offSphereVarianceExcess(squaredNorm: largestSquared) {
            throw .inputTooLarge(point: points.location(ofPoint: largest), squaredNorm: largestSquared, kernel: network.canonicalSpec,
                                 layer: excess.layer, variance: excess.variance, limit: excess.limit)
        }
    }

    // MARK: Zonal entries

    /// The interpolant on every entry of the upper triangle (finite by construction), column by
    /// column of each tile, four entries at a time (`GramEntryInterpolation`).
    static func applyInterpolant(_ interpolant: ZonalInterpolant, to gram: inout SymmetricMatrix, points: PointSet, scale: Double) {
        let n = points.count, d = points.dimension
        let transposed = GramEntryInterpolation.transpose(points.coordinates, count: n, dimension: d)
        transposed.withUnsafeBufferPointer { xBuffer in
            let x = SharedPoints(base: xBuffer.baseAddress!)
            gram.storage.withUnsafeMutableBufferPointer { storage in
                let g = SharedStorage(base: storage.baseAddress!)
                interpolant.withTable { tablePointer in
                    let table = SharedPoints(base: tablePointer)
                    _ = GramTiling(order: n).forEachTile { tile -> TileFailure? in
                        let entries = GramEntryInterpolation(interpolant, table: table.base,
                                                             transposedPoints: x.base, count: n, dimension: d, scale: scale)
                        for j in tile.columns {
                            let rows = tile.rows(inColumn: j)
                            let next = j + 1 < tile.columns.upperBound ? UnsafePointer(g.base + (j + 1) * n + rows.lowerBound) : nil
                            entries.apply(column: j, rows: rows, entries: g.base + j * n + rows.lowerBound, upcoming: next)
                        }
                        return nil
                    }
                }
            }
        }
    }

    /// The profile itself on every entry, in batches of about `batchSize` arguments per tile.
    static func applyDirectly(_ profile: any ZonalFunction, to gram: inout SymmetricMatrix, points: PointSet, scale: Double) throws(EmpiricalSpectrumError) {
        let n = points.count, d = points.dimension
        let x = points.coordinates
        let failure = gram.storage.withUnsafeMutableBufferPointer { storage in
            let g = SharedStorage(base: storage.baseAddress!)
            return GramTiling(order: n).forEachTile { tile -> TileFailure? in
                var arguments: [CosineArgument<Double>] = []
                var firstColumn = tile.columns.lowerBound
                func flush(through last: Int) -> TileFailure? {
                    let values = profile.values(arguments)
                    var k = 0
                    for j in firstColumn...last {
                        for i in tile.rows(inColumn: j) {
                            guard values[k].isFinite else { return TileFailure(row: i, column: j, argument: arguments[k].t, value: values[k]) }
                            g.base[i + j * n] = values[k] * scale
                            k += 1
                        }
                    }
                    arguments.removeAll(keepingCapacity: true)
                    firstColumn = last + 1
                    return nil
                }
                for j in tile.columns {
                    for i in tile.rows(inColumn: j) {
                        arguments.append(cosineArgument(g.base[i + j * n], row: i, column: j, points: x, dimension: d))
                    }
                    if arguments.count >= batchSize || j == tile.columns.upperBound - 1, let failure = flush(through: j) {
                        return failure
                    }
                }
                return nil
            }
        }
        if let failure {
            throw .nonFiniteKernelValue(first: points.location(ofPoint: failure.row), second: points.location(ofPoint: failure.column),
                                        innerProduct: failure.argument, value: failure.value)
        }
    }

    /// Arguments handed to `ZonalFunction.values` per call (whole tile columns).
    static let batchSize = 4096
}

/// A kernel value that was NaN or infinite, at (row, column) with its argument.
struct TileFailure: Sendable {
    let row: Int
    let column: Int
    let argument: Double
    let value: Double
}

/// The Gram matrix's storage, shared by the workers of `GramTiling.forEachTile`; each tile
/// writes only its own entries.
struct SharedStorage: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}

/// The points, read by every worker.
struct SharedPoints: @unchecked Sendable {
    let base: UnsafePointer<Double>
}

/// The upper triangle of an n x n column-major matrix cut into tiles for cache and cores:
/// column bands with about equal numbers of entries (column j holds j + 1), each cut into
/// blocks of `rowBlock` rows, so that the points a tile reads (rows and columns) stay in
/// cache. Bands run in parallel (`DispatchQueue.concurrentPerform`), about four per core so
/// that the uneven last ones balance.
struct GramTiling {
    let order: Int
    static let rowBlock = 256

    /// One block of rows of one band of columns; `rows(inColumn:)` is its part of column j
    /// (at most the diagonal).
    struct Tile {
        let columns: Range<Int>
        let rowRange: Range<Int>
        @inline(__always) func rows(inColumn j: Int) -> Range<Int> {
            rowRange.lowerBound..<Swift.min(rowRange.upperBound, j + 1)
        }
    }

    /// Column bands with about equal entry counts.
    func bands() -> [Range<Int>] {
        let n = order
        guard n > 0 else { return [] }
        let workers = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        let wanted = n < 512 ? 1 : Swift.min(4 * workers, n / 64)
        let total = Double(n) * Double(n + 1) / 2
        var result: [Range<Int>] = []
        var start = 0
        for b in 1...wanted {
            // End where the triangle's entries reach b / wanted of the total: (e^2 + e)/2 = target.
            let target = total * Double(b) / Double(wanted)
            var end = b == wanted ? n : Int(((8 * target + 1).squareRoot() - 1) / 2)
            end = Swift.min(n, Swift.max(end, start + 1))
            if end > start { result.append(start..<end) }
            start = end
            if start >= n { break }
        }
        return result
    }

    /// Runs `body` on every tile, bands in parallel; within a band, row blocks in order and
    /// columns in order. Returns the failure with the smallest column (then row), if any; a
    /// band stops at its first failure.
    func forEachTile(_ body: @Sendable (Tile) -> TileFailure?) -> TileFailure? {
        let bands = bands()
        guard !bands.isEmpty else { return nil }
        let failures = UnsafeMutableBufferPointer<TileFailure?>.allocate(capacity: bands.count)
        failures.initialize(repeating: nil)
        defer { failures.deallocate() }
        let shared = SharedFailures(base: failures.baseAddress!)
        @Sendable func work(_ b: Int) {
            let columns = bands[b]
            var rowStart = 0
            while rowStart < columns.upperBound {
                let rows = rowStart..<Swift.min(rowStart + GramTiling.rowBlock, columns.upperBound)
                let first = Swift.max(columns.lowerBound, rows.lowerBound)
                if first < columns.upperBound, let failure = body(Tile(columns: first..<columns.upperBound, rowRange: rows)) {
                    shared.base[b] = failure
                    return
                }
                rowStart = rows.upperBound
            }
        }
        if bands.count == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: bands.count, execute: work) }
        return failures.compactMap { $0 }.min { ($0.column, $0.row) < ($1.column, $1.row) }
    }
}

struct SharedFailures: @unchecked Sendable {
    let base: UnsafeMutablePointer<TileFailure?>
}
