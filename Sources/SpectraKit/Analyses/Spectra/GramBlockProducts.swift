import CLapack

/// What both block assemblers (`GramBlockAssembler`, `DirectGramBlockAssembler`) do before any
/// kernel value: check the runs against the n points and the leading dimension, write the block's
/// inner products by one dgemm of its row points by its column points, and index the block
/// (each local column's global index, each nonempty row run's first local row).
struct GramBlockProducts: Sendable {
    let rowCount: Int
    let columnCount: Int
    /// Global index of each local column.
    let globalColumns: [Int]
    /// The nonempty row runs with the local row of their first entry.
    let runs: [(run: Range<Int>, local: Int)]
    let upperTriangleOnly: Bool

    /// Writes <x_i, x_j> for every entry of the block into `out` (column-major, leading dimension
    /// `ld`); nil for an empty block. Throws `linearAlgebra(.sizeMismatch)` for runs outside
    /// 0..<n or a leading dimension shorter than the block's rows.
    init?(points: PointSet, rowRuns: [Range<Int>], columnRuns: [Range<Int>], into out: UnsafeMutablePointer<Double>,
          leadingDimension ld: Int, upperTriangleOnly: Bool) throws(EmpiricalSpectrumError) {
        let n = points.count, d = points.dimension
        for run in rowRuns + columnRuns where !run.isEmpty && !(run.lowerBound >= 0 && run.upperBound <= n) {
            throw .linearAlgebra(.sizeMismatch(what: "Gram block indices (run \(run.lowerBound)..<\(run.upperBound))", expected: n,
                                               actual: run.upperBound))
        }
        rowCount = rowRuns.reduce(0) { $0 + $1.count }
        columnCount = columnRuns.reduce(0) { $0 + $1.count }
        guard rowCount > 0, columnCount > 0 else { return nil }
        guard ld >= rowCount else {
            throw .linearAlgebra(.sizeMismatch(what: "leading dimension of the Gram block", expected: rowCount, actual: ld))
        }
        let x = points.coordinates
        func gather(_ runs: [Range<Int>], _ count: Int) -> [Double] {
            var result = [Double](); result.reserveCapacity(count * d)
            for run in runs { result.append(contentsOf: x[(run.lowerBound * d)..<(run.upperBound * d)]) }
            return result
        }
        let rowPoints = gather(rowRuns, rowCount), columnPoints = gather(columnRuns, columnCount)
        let (m, k, l) = (Int32(rowCount), Int32(columnCount), Int32(d))
        rowPoints.withUnsafeBufferPointer { r in
            columnPoints.withUnsafeBufferPointer { c in
                cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, m, k, l, 1, r.baseAddress, l, c.baseAddress, l, 0, out, Int32(ld))
            }
        }
        globalColumns = columnRuns.flatMap { Array($0) }
        var runs: [(run: Range<Int>, local: Int)] = []
        var start = 0
        for run in rowRuns {
            if !run.isEmpty { runs.append((run, start)) }
            start += run.count
        }
        self.runs = runs
        self.upperTriangleOnly = upperTriangleOnly
    }

    /// The rows of `run` that hold kernel values in global column j (all, or those <= j).
    @inline(__always)
    func rows(_ run: Range<Int>, column j: Int) -> Range<Int> {
        upperTriangleOnly ? run.lowerBound..<Swift.max(run.lowerBound, Swift.min(run.upperBound, j + 1)) : run
    }
}
