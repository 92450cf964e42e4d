import Foundation
import Testing
@testable import SpectraKit

/// `DirectGramBlockAssembler`: any rows and columns of a directly evaluated Gram matrix, as a
/// process of spectra-mpi regress holds them, equal the whole-matrix paths' entries and the
/// kernel itself.
@Suite struct DirectGramBlockTests {
    /// Every local matrix of a 2 x 3 grid (block 7), with and without the lower triangle; no
    /// fill reports a failure.
    private func blocks(_ assembler: DirectGramBlockAssembler, n: Int,
                        _ check: (_ i: Int, _ j: Int, _ value: Double) -> Void) throws {
        try forEachLocalEntry(n: n, fill: { rowRuns, columnRuns, out, ld, upperOnly in
            let failure = try assembler.fill(rowRuns: rowRuns, columnRuns: columnRuns, into: out, leadingDimension: ld,
                                             upperTriangleOnly: upperOnly)
            #expect(failure == nil)
        }, check)
    }

    /// On the sphere, n = 500 (above the whole-matrix path's interpolation threshold, which the
    /// direct assembler never uses): each entry equals `GramMatrix.zonal(evaluation: .direct)`
    /// to the rounding of the inner product, and the kernel at t with both complements from the
    /// points; near-duplicate and near-antipodal points included.
    @Test(arguments: ["ntk:depth=3", "laplace:c=2", "gexp:gamma=0.5"])
    func zonalBlocksEqualTheDirectWholeMatrix(spec: String) throws {
        let kernel = try KernelSpec.parse(spec).kernel
        let points = try uniformPointsWithNearTwins(count: 500, seed: 8)
        let n = points.count
        let whole = try GramMatrix.zonal(kernel, on: points, evaluation: .direct)
        var worstWhole = 0.0, worstKernel = 0.0
        try blocks(DirectGramBlockAssembler(zonal: kernel, on: points), n: n) { i, j, value in
            worstWhole = max(worstWhole, abs(value - (i <= j ? whole[i, j] : whole[j, i])))
            worstKernel = max(worstKernel, abs(value - kernelWithComplementsFromPoints(kernel, points, i, j)))
        }
        let size = kernel.profileMaximum
        #expect(worstWhole <= 1e-14 * size, "\(spec): largest difference from the whole matrix \(worstWhole / size) of max|K|")
        #expect(worstKernel <= 1e-13 * size, "\(spec): largest difference from the kernel \(worstKernel / size) of max|K|")
    }

    /// Off the sphere (a network kernel on standardised rows of any norm): each entry equals
    /// `GramMatrix.network` to the rounding of the inner product, and the kernel's own formula
    /// on the norms and inner product computed here.
    @Test(arguments: ["ntk:depth=3", "nngp:depth=2,activation=erf"])
    func networkBlocksEqualTheWholeMatrix(spec: String) throws {
        let network = try #require(try KernelSpec.parse(spec).kernel as? NetworkKernel)
        var rng = Xoshiro256StarStar(seed: 4)
        let n = 150, d = 5
        var x: [Double] = []
        for k in 0..<(n * d) {
            let u = Double(rng.next() >> 11) / Double(UInt64(1) << 53)
            x.append((2 * u - 1) * Double(1 + k % 3))
        }
        let points = try PointSet(count: n, dimension: d, rowMajor: x)
        let whole = try GramMatrix.network(network, on: points)
        var worstWhole = 0.0, worstKernel = 0.0, largest = 0.0
        try blocks(try DirectGramBlockAssembler(network: network, on: points), n: n) { i, j, value in
            worstWhole = max(worstWhole, abs(value - (i <= j ? whole[i, j] : whole[j, i])))
            var xx = 0.0, yy = 0.0, xy = 0.0
            for c in 0..<d { xx += x[i * d + c] * x[i * d + c]; yy += x[j * d + c] * x[j * d + c]; xy += x[i * d + c] * x[j * d + c] }
            worstKernel = max(worstKernel, abs(value - network.value(squaredNormX: xx, squaredNormY: yy, dot: i == j ? xx : xy)))
            largest = max(largest, abs(value))
        }
        #expect(worstWhole <= 1e-13 * largest, "\(spec): largest difference from the whole matrix \(worstWhole / largest) of max|K|")
        #expect(worstKernel <= 1e-13 * largest, "\(spec): largest difference from the kernel formula \(worstKernel / largest) of max|K|")
    }

    /// A kernel value that is not finite is reported with the smallest (column, row), as the error GramMatrix throws.
    @Test func nonFiniteValuesAreReported() throws {
        struct Bad: ZonalFunction {
            func value<R: RealArithmetic>(_ argument: CosineArgument<R>) -> R { argument.t < R(-0.9) ? R(Double.nan) : R(1) }
        }
        let points = try PointSet.uniformOnSphere(count: 60, dimension: 3, seed: 2)
        let assembler = DirectGramBlockAssembler(zonal: Bad(), on: points)
        var local = [Double](repeating: 0, count: 60 * 60)
        let failure = try #require(try local.withUnsafeMutableBufferPointer { buffer in
            try assembler.fill(rowRuns: [0..<60], columnRuns: [0..<60], into: buffer.baseAddress!, leadingDimension: 60, upperTriangleOnly: true)
        })
        // The first pair (by column, then row) with t < -0.9, found here by brute force.
        var expected: (row: Int, column: Int)? = nil
        search: for j in 0..<60 {
            // t < -0.9 (GramMatrix.complementThreshold) comes from the complement, t = ||x + y||^2 / 2 - 1,
            // as on the whole-matrix path; nearer -0.9 than rounding, either t gives the same pair.
            for i in 0...j where min(zip(points[point: i], points[point: j]).reduce(0.0, { $0 + ($1.0 + $1.1) * ($1.0 + $1.1) }) / 2, 1) - 1 < -0.9 {
                expected = (i, j); break search
            }
        }
        let first = try #require(expected)
        #expect(failure.row == first.row && failure.column == first.column)
        if case .nonFiniteKernelValue = assembler.error(failure) {} else { Issue.record("expected nonFiniteKernelValue") }
    }
}
