import Foundation
@testable import SpectraKit

// What the tests of the two block assemblers (`GramBlockTests`, `DirectGramBlockTests`) share.

/// The runs of a 2-D block-cyclic distribution (block nb, P processes along one dimension),
/// written out here independently of spectra-mpi's layout code.
func blockCyclicRuns(_ n: Int, blockSize nb: Int, process p: Int, processes: Int) -> [Range<Int>] {
    stride(from: p * nb, to: n, by: processes * nb).map { $0..<min($0 + nb, n) }
}

/// Every local matrix of an n x n matrix on a 2 x 3 process grid (block 7), with and without the
/// lower triangle: `fill` writes one into a NaN-filled buffer whose leading dimension is two rows
/// more than the block's; `check` hears every entry the fill had to write, by global row and
/// column.
func forEachLocalEntry(n: Int,
                       fill: (_ rowRuns: [Range<Int>], _ columnRuns: [Range<Int>], _ out: UnsafeMutablePointer<Double>,
                              _ leadingDimension: Int, _ upperTriangleOnly: Bool) throws -> Void,
                       _ check: (_ i: Int, _ j: Int, _ value: Double) -> Void) rethrows {
    for upperOnly in [false, true] {
        for pr in 0..<2 {
            for pc in 0..<3 {
                let rowRuns = blockCyclicRuns(n, blockSize: 7, process: pr, processes: 2)
                let columnRuns = blockCyclicRuns(n, blockSize: 7, process: pc, processes: 3)
                let globalRows = rowRuns.flatMap { Array($0) }, globalColumns = columnRuns.flatMap { Array($0) }
                let ld = globalRows.count + 2
                var local = [Double](repeating: .nan, count: ld * globalColumns.count)
                try local.withUnsafeMutableBufferPointer { try fill(rowRuns, columnRuns, $0.baseAddress!, ld, upperOnly) }
                for (lj, j) in globalColumns.enumerated() {
                    for (li, i) in globalRows.enumerated() where !upperOnly || i <= j { check(i, j, local[li + lj * ld]) }
                }
            }
        }
    }
}

/// n - 4 uniform points of S^3, then a near-duplicate and a near-antipode of each of the first two
/// (moved by 1e-9), so that both complements of t near ±1 occur.
func uniformPointsWithNearTwins(count n: Int, seed: UInt64) throws -> PointSet {
    let base = try PointSet.uniformOnSphere(count: n - 4, dimension: 4, seed: seed)
    var rows = (0..<base.count).map { base[point: $0] }
    for k in 0..<2 {
        var y = base[point: k]; y[0] += 1e-9; y[1] -= 1e-9
        let r = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
        rows.append(y.map { $0 / r }); rows.append(y.map { -$0 / r })
    }
    return try PointSet(rows: rows)
}

/// kappa(<x_i, x_j>) with both complements from the points, 1 - t = ||x - y||^2 / 2 and
/// 1 + t = ||x + y||^2 / 2, whatever t is (kappa(1) exactly on the diagonal): the reference the
/// assembled entries are held to.
func kernelWithComplementsFromPoints(_ kernel: any ZonalFunction, _ points: PointSet, _ i: Int, _ j: Int) -> Double {
    let x = points[point: i], y = points[point: j]
    let minus = zip(x, y).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / 2
    let plus = zip(x, y).reduce(0.0) { $0 + ($1.0 + $1.1) * ($1.0 + $1.1) } / 2
    let argument = i == j ? CosineArgument(t: 1.0, oneMinusT: 0, onePlusT: 2)
        : CosineArgument(t: minus < plus ? 1 - minus : plus - 1, oneMinusT: minus, onePlusT: plus)
    return kernel.value(argument)
}
