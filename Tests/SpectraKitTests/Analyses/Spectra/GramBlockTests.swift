import Foundation
import Testing
@testable import SpectraKit

/// `GramBlockAssembler`: any rows and columns of K, as a process of a distributed eigensolver
/// holds them, equal the whole matrix's entries.
@Suite struct GramBlockTests {
    /// Every process of a 2 x 3 grid (block 7) fills its local matrix; each entry equals the
    /// whole-matrix path's (same interpolant, same branches) to rounding of the inner product,
    /// and the kernel itself within the interpolant's 1e-13. n = 600 takes the interpolant,
    /// n = 200 direct evaluation; the points include near-duplicates and near-antipodes.
    @Test(arguments: [("ntk:depth=5", 600), ("laplace:c=4", 600), ("matern:nu=0.75,ell=0.2", 600), ("ntk:depth=3", 200), ("gaussian:c=10", 200)])
    func blocksOfAGridEqualTheWholeMatrix(spec: String, n: Int) throws {
        let kernel = try KernelSpec.parse(spec).kernel
        let points = try uniformPointsWithNearTwins(count: n, seed: 3)
        let scale = 1 / Double(n)
        let whole = try GramMatrix.zonal(kernel, on: points, scale: scale)
        let assembler = try GramBlockAssembler(kernel, on: points, scale: scale)
        #expect((assembler.interpolationError != nil) == (n * (n + 1) / 2 >= GramMatrix.interpolationThreshold))
        var worstWhole = 0.0, worstKernel = 0.0
        try forEachLocalEntry(n: n, fill: { rowRuns, columnRuns, out, ld, upperOnly in
            try assembler.fill(rowRuns: rowRuns, columnRuns: columnRuns, into: out, leadingDimension: ld, upperTriangleOnly: upperOnly)
        }) { i, j, value in
            worstWhole = max(worstWhole, abs(value - (i <= j ? whole[i, j] : whole[j, i])))
            worstKernel = max(worstKernel, abs(value - kernelWithComplementsFromPoints(kernel, points, i, j) * scale))
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
