import Dispatch
import Foundation

extension GramMatrix {
    /// The argument of the profile for entry (i, j) whose inner product is `dot`: t = 1 exactly
    /// on the diagonal, the complement from the points for |t| > `complementThreshold`, t clamped to [-1, 1]
    /// elsewhere. Shared by the whole-matrix path (`zonal`) and `GramBlockAssembler`.
    @inline(__always)
    static func cosineArgument(_ dot: Double, row i: Int, column j: Int, points x: [Double], dimension d: Int) -> CosineArgument<Double> {
        let t = min(max(dot, -1), 1)
        if i == j {
            return CosineArgument(t: 1, oneMinusT: 0, onePlusT: 2)
        } else if t > complementThreshold {
            var squared = 0.0
            for c in 0..<d { let v = x[i * d + c] - x[j * d + c]; squared += v * v }
            let oneMinusT = min(0.5 * squared, 1)
            return CosineArgument(t: 1 - oneMinusT, oneMinusT: oneMinusT, onePlusT: 2 - oneMinusT)
        } else if t < -complementThreshold {
            var squared = 0.0
            for c in 0..<d { let v = x[i * d + c] + x[j * d + c]; squared += v * v }
            let onePlusT = min(0.5 * squared, 1)
            return CosineArgument(t: onePlusT - 1, oneMinusT: 2 - onePlusT, onePlusT: onePlusT)
        }
        return CosineArgument(t: t)
    }
}

/// Any rows and columns of the Gram matrix K_ij = kappa(<x_i, x_j>) * scale of a point set on
/// the sphere, without forming the rest: the piece of K that one process of a distributed
/// eigensolver holds (a 2-D block-cyclic distribution gives each process the rows of some
/// blocks crossed with the columns of others; see docs/distributed.md).
///
/// The entries are those of `GramMatrix.zonal` (the whole-matrix path) up to the rounding of the
/// inner products: the same interpolant, planned the same way for the same n (`automatic`),
/// the same branches and complements, the same direct evaluation below the interpolation
/// threshold. The inner products come from one dgemm of the block's row points by its column
/// points instead of one dsyrk, so they can differ from the whole-matrix ones in the last bit.
public struct GramBlockAssembler: Sendable {
    public let points: PointSet
    public let scale: Double
    let profile: any ZonalFunction
    let interpolant: ZonalInterpolant?

    /// Largest |interpolant - kappa| / max|kappa| of the entries (nil: direct evaluation), as in
    /// `EmpiricalSpectrum.interpolationError`.
    public var interpolationError: Double? { interpolant?.measuredError }

    /// Plans the profile's evaluation for all n points, as the whole-matrix path does. Throws
    /// `points(.offSphere)` for points farther than `onSphereTolerance` from the unit sphere.
    public init(_ profile: any ZonalFunction, on points: PointSet, scale: Double,
                onSphereTolerance: Double = 1e-6) throws(EmpiricalSpectrumError) {
        do { try points.requireOnSphere(tolerance: onSphereTolerance) } catch { throw .points(error) }
        self.profile = profile
        self.points = points
        self.scale = scale
        interpolant = GramProfileEvaluation.automaticInterpolant(for: profile, points: points.count)
    }

    /// Writes the matrix whose rows are the global rows `rowRuns` (concatenated, in order) and
    /// whose columns are the global columns `columnRuns`, column-major with leading dimension
    /// `leadingDimension` (at least the number of rows), into `out`.
    ///
    /// With `upperTriangleOnly`, only entries with global row <= global column are kernel values
    /// (the rest hold inner products): enough for solvers that read the upper triangle.
    /// Columns are spread over every core. Throws `nonFiniteKernelValue` for a NaN or infinite
    /// kappa (direct evaluation only; the interpolant is finite by construction), and
    /// `linearAlgebra(.sizeMismatch)` for runs outside 0..<n or a short leading dimension.
    public func fill(rowRuns: [Range<Int>], columnRuns: [Range<Int>], into out: UnsafeMutablePointer<Double>,
                     leadingDimension ld: Int, upperTriangleOnly: Bool) throws(EmpiricalSpectrumError) {
        guard let interpolant else {
            // Below the interpolation threshold, or a profile the plan cannot resolve: the same
            // entries as the direct block assembler's.
            let direct = DirectGramBlockAssembler(zonal: profile, on: points, scale: scale)
            if let failure = try direct.fill(rowRuns: rowRuns, columnRuns: columnRuns, into: out, leadingDimension: ld,
                                             upperTriangleOnly: upperTriangleOnly) {
                throw direct.error(failure)
            }
            return
        }
        let n = points.count, d = points.dimension, x = points.coordinates
        guard let block = try GramBlockProducts(points: points, rowRuns: rowRuns, columnRuns: columnRuns, into: out,
                                                leadingDimension: ld, upperTriangleOnly: upperTriangleOnly) else { return }
        let columnCount = block.columnCount, globalColumns = block.globalColumns, runs = block.runs
        let shared = SharedStorage(base: out)
        let workers = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = Swift.min(columnCount, 4 * workers)
        let scale = self.scale
        let transposed = GramEntryInterpolation.transpose(x, count: n, dimension: d)
        transposed.withUnsafeBufferPointer { xBuffer in
            let xs = SharedPoints(base: xBuffer.baseAddress!)
            interpolant.withTable { tablePointer in
                let table = SharedPoints(base: tablePointer)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let entries = GramEntryInterpolation(interpolant, table: table.base,
                                                         transposedPoints: xs.base, count: n, dimension: d, scale: scale)
                    for lj in (chunk * columnCount / chunks)..<((chunk + 1) * columnCount / chunks) {
                        let j = globalColumns[lj]
                        for (run, local) in runs {
                            entries.apply(column: j, rows: block.rows(run, column: j), entries: shared.base + local + lj * ld,
                                          upcoming: UnsafePointer(shared.base + local + (lj + 1) * ld))
                        }
                    }
                }
            }
        }
    }
}
