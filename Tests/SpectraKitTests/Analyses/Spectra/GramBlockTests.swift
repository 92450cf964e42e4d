import Foundation
import Testing
@testable import SpectraKit

/// `GramBlockAssembler`: any rows and columns of K, as a process of a distributed eigensolver
/// holds them, equal the whole matrix's entries.
@Suite struct GramBlockTests {
    /// The runs of a 2-D block-cyclic distribution (block nb, P processes along one dimension),
    /// written out here independently of spectra-mpi's layout code.
    private func cyclicRuns(_ n: Int, blockSize nb: Int, process p: Int, processes: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var block = p
        while block * nb < n {
            runs.append((block * nb)..<min((block + 1) * nb, n))
            block += processes
        }
        return runs
    }

    /// Every process of a 2 x 3 grid (block 7) fills its local matrix; each entry equals the
    /// whole-matrix path's (same interpolant, same branches) to rounding of the inner product,
    /// and the kernel itself within the interpolant's 1e-13. n = 600 takes the interpolant,
    /// n = 200 direct evaluation; the points include near-duplicates and near-antipodes.
    @Test(arguments: [("ntk:depth=5", 600), ("laplace:c=4", 600), ("matern:nu=0.75,ell=0.2", 600), ("ntk:depth=3", 200), ("gaussian:c=10", 200)])
    func blocksOfAGridEqualTheWholeMatrix(spec: String, n: Int) throws {
        let kernel = try KernelSpec.parse(spec).kernel
        let base = try PointSet.uniformOnSphere(count: n - 4, dimension: 4, seed: 3)
        var rows = (0..<base.count).map { base[point: $0] }
        for k in 0..<2 {
            var y = base[point: k]; y[0] += 1e-9; y[1] -= 1e-9
            let r = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
            rows.append(y.map { $0 / r }); rows.append(y.map { -$0 / r })
        }
        let points = try PointSet(rows: rows)
        let scale = 1 / Double(n)
        let whole = try GramMatrix.zonal(kernel, on: points, scale: scale)
        let assembler = try GramBlockAssembler(kernel, on: points, scale: scale)
        #expect((assembler.interpolationError != nil) == (n * (n + 1) / 2 >= GramMatrix.interpolationThreshold))
        var worstWhole = 0.0, worstKernel = 0.0
        for upperOnly in [false, true] {
            for pr in 0..<2 {
                for pc in 0..<3 {
                    let rowRuns = cyclicRuns(n, blockSize: 7, process: pr, processes: 2)
                    let columnRuns = cyclicRuns(n, blockSize: 7, process: pc, processes: 3)
                    let globalRows = rowRuns.flatMap { Array($0) }, globalColumns = columnRuns.flatMap { Array($0) }
                    let ld = globalRows.count + 3
                    var local = [Double](repeating: .nan, count: ld * globalColumns.count)
                    try local.withUnsafeMutableBufferPointer { buffer in
                        try assembler.fill(rowRuns: rowRuns, columnRuns: columnRuns, into: buffer.baseAddress!, leadingDimension: ld,
                                           upperTriangleOnly: upperOnly)
                    }
                    for (lj, j) in globalColumns.enumerated() {
                        for (li, i) in globalRows.enumerated() where !upperOnly || i <= j {
                            let value = local[li + lj * ld]
                            let reference = i <= j ? whole[i, j] : whole[j, i]
                            worstWhole = max(worstWhole, abs(value - reference))
                            // kappa at t with both complements from the points: 1 - t = ||x - y||^2 / 2, 1 + t = ||x + y||^2 / 2.
                            let x = points[point: i], y = points[point: j]
                            let minus = zip(x, y).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / 2
                            let plus = zip(x, y).reduce(0.0) { $0 + ($1.0 + $1.1) * ($1.0 + $1.1) } / 2
                            let argument = i == j ? CosineArgument(t: 1.0, oneMinusT: 0, onePlusT: 2)
                                : CosineArgument(t: minus < plus ? 1 - minus : plus - 1, oneMinusT: minus, onePlusT: plus)
                            worstKernel = max(worstKernel, abs(value - kernel.value(argument) * scale))
                        }
                    }
                }
            }
        }
        let size = kernel.profileMaximum * scale
        // The interpolant's error grows by at most its derivative times an ulp of t; the
        // complements near t = ±1 are recomputed from the points, so the entries agree to
        // near rounding, and with the profile itself within the interpolant's tolerance.
        #expect(worstWhole <= 1e-14 * size, "\(spec): largest difference from the whole matrix \(worstWhole / size) of max|K|")
        #expect(worstKernel <= 2e-13 * size, "\(spec): largest difference from the kernel \(worstKernel / size) of max|K|")
    }

    @Test func runsOutsideThePointsAndShortLeadingDimensionsAreRefused() throws {
        let points = try PointSet.uniformOnSphere(count: 20, dimension: 3, seed: 1)
        let assembler = try GramBlockAssembler(try KernelSpec.parse("ntk:depth=2").kernel, on: points, scale: 1)
        var buffer = [Double](repeating: 0, count: 400)
        buffer.withUnsafeMutableBufferPointer { b in
            #expect(throws: EmpiricalSpectrumError.self) {
                try assembler.fill(rowRuns: [15..<21], columnRuns: [0..<5], into: b.baseAddress!, leadingDimension: 6, upperTriangleOnly: false)
            }
            #expect(throws: EmpiricalSpectrumError.self) {
                try assembler.fill(rowRuns: [0..<10], columnRuns: [0..<5], into: b.baseAddress!, leadingDimension: 9, upperTriangleOnly: false)
            }
        }
        let off = try PointSet(rows: [[2, 0, 0], [0, 1, 0]])
        #expect(throws: EmpiricalSpectrumError.self) { try GramBlockAssembler(try KernelSpec.parse("ntk:depth=2").kernel, on: off, scale: 1) }
    }
}
