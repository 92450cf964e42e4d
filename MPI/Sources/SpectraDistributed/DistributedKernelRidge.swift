import CMPI
import CScaLAPACK
import Foundation
import SpectraKit

/// Kernel ridge regression's matrices across the ranks of MPI_COMM_WORLD (`spectra-mpi regress`,
/// docs/distributed.md "Regression"): the engine that `KernelRegressionStudy` and
/// `RidgeCrossValidation` call for every fit (each cross-validation fold, then the final fit),
/// so that splits, folds, scaling, centring, the ridge grid and the scores are spectra
/// regress's own code.
///
/// Per fit, on every rank: the training Gram K (n x n) in 2-D block-cyclic tiles, each rank
/// assembling only its own (`DirectGramBlockAssembler`, the entries of the one-process
/// `KernelRidgeModel.gram`), never gathered; per ridge, a copy factored by ScaLAPACK's pdpotrf
/// and solved by pdpotrs for all target columns at once; alpha (n x outputs) then summed onto
/// every rank; each rank computes the held-out block K(heldOut, train) for its share of the
/// held-out rows (`KernelRidgeModel.cross`) and its predictions (`KernelRidgeModel.apply`), which
/// are summed onto every rank. At ridge 0, when pdpotrf fails (K numerically singular), alpha
/// = K^+ y from the distributed eigendecomposition (pdsyevd), as the one-process path does with
/// dsyevd. Call it on every rank with the same arguments: every failure is agreed by all ranks,
/// which throw the same error.
public final class DistributedKernelRidge: KernelRidgeEngine {
    public let communicator: Communicator
    public let grid: ProcessGrid
    /// nil: `BlockCyclicLayout.defaultBlockSize` for each fit's n; else at most n.
    public let blockSize: Int?

    /// This rank's seconds over all fits so far: assembly of the Gram tiles (and the diagonal),
    /// Cholesky factorisations and solves (or the eigendecomposition), held-out blocks and predictions.
    public private(set) var seconds = (assembly: 0.0, solve: 0.0, prediction: 0.0)
    public private(set) var fitCount = 0
    public private(set) var factorisations = 0
    /// The layout of the latest fit (the final fit, after a study has run).
    public private(set) var lastLayout: BlockCyclicLayout?
    /// The outcomes of the latest fit (after a study: the test predictions).
    public private(set) var lastOutcomes: [KernelRidgeOutcome] = []

    public init(communicator: Communicator, grid: ProcessGrid, blockSize: Int?) {
        self.communicator = communicator
        self.grid = grid
        self.blockSize = blockSize
    }

    /// The layout of a fit on n training rows.
    public func layout(trainRows n: Int) -> BlockCyclicLayout {
        BlockCyclicLayout(order: n, blockSize: Swift.min(blockSize ?? BlockCyclicLayout.defaultBlockSize(order: n, grid: grid), Swift.max(n, 1)),
                          grid: grid)
    }

    public func fit(_ p: KernelRidgeProblem, ridges: [Double], relativeToMeanDiagonal relative: Bool) throws(KernelRidgeError) -> KernelRidgeFits {
        let comm = communicator
        let n = p.train.count, m = p.heldOut.count, c = p.outputs
        guard c >= 1, p.targets.count == n * c else { throw .targetSizeMismatch(rows: p.targets.count / Swift.max(c, 1), expected: n) }
        let layout = self.layout(trainRows: n)
        lastLayout = layout
        fitCount += 1

        // Off-sphere refusal of the training points: deterministic, the same on every rank.
        let assembler: DirectGramBlockAssembler
        if p.preprocessing == .standardize, let network = p.kernel as? NetworkKernel {
            do { assembler = try DirectGramBlockAssembler(network: network, on: p.train) } catch { throw .gram(error) }
        } else {
            assembler = DirectGramBlockAssembler(zonal: p.kernel, on: p.train)
        }

        return try withContext(layout, outputs: c) { (g: Context) throws(KernelRidgeError) -> KernelRidgeFits in
            // Assembly: this rank's tiles of K (upper triangle: pdpotrf and pdsyevd read 'U').
            let start = Communicator.now()
            var local = [Double](repeating: 0, count: Swift.max(1, g.np * g.nq))
            let rowRuns = layout.rowRuns(processRow: g.row), columnRuns = layout.columnRuns(processColumn: g.column)
            var failure: DirectGramBlockAssembler.Failure? = nil
            var sizeError: EmpiricalSpectrumError? = nil
            do {
                failure = try local.withUnsafeMutableBufferPointer { buffer throws(EmpiricalSpectrumError) in
                    try assembler.fill(rowRuns: rowRuns, columnRuns: columnRuns, into: buffer.baseAddress!, leadingDimension: g.lld,
                                       upperTriangleOnly: true)
                }
            } catch let error as EmpiricalSpectrumError { sizeError = error } catch {
                sizeError = .linearAlgebra(.sizeMismatch(what: "Gram block: \(error)", expected: n, actual: n))
            }
            if comm.maximum(sizeError == nil ? 0 : 1) == 1 {
                throw .gram(sizeError ?? .linearAlgebra(.sizeMismatch(what: "Gram block on another rank", expected: n, actual: n)))
            }
            // The non-finite value with the smallest (column, row) over all ranks, the same error on every rank.
            let key = failure.map { $0.column * n + $0.row } ?? Int.max
            let first = comm.minimum(key)
            if first != Int.max {
                let mine = key == first ? failure : nil
                let shared = comm.sum(mine.map { [Double($0.row), Double($0.column), $0.innerProduct, $0.value] } ?? [0, 0, 0, 0])
                throw .gram(assembler.error(.init(row: Int(shared[0]), column: Int(shared[1]), innerProduct: shared[2], value: shared[3])))
            }
            // The diagonal (each entry on one rank; the sum of it and zeros is exact) and trace(K)/n.
            var diagonalPositions: [(global: Int, local: Int)] = []
            var columnStart = 0
            for columnRun in columnRuns {
                var rowStart = 0
                for rowRun in rowRuns {
                    let lo = Swift.max(rowRun.lowerBound, columnRun.lowerBound), hi = Swift.min(rowRun.upperBound, columnRun.upperBound)
                    for i in stride(from: lo, to: hi, by: 1) {
                        diagonalPositions.append((i, (rowStart + i - rowRun.lowerBound) + (columnStart + i - columnRun.lowerBound) * g.lld))
                    }
                    rowStart += rowRun.count
                }
                columnStart += columnRun.count
            }
            var diagonal = [Double](repeating: 0, count: n)
            for (i, k) in diagonalPositions { diagonal[i] = local[k] }
            diagonal = comm.sum(diagonal)
            let scale = KernelRidge.meanDiagonal(diagonal)
            seconds.assembly += Communicator.now() - start

            // This rank's held-out rows and their block of K(heldOut, train).
            let predictionStart = Communicator.now()
            try KernelRidge.checkHeldOut(p.kernel, p.heldOut, preprocessing: p.preprocessing)
            let first0 = comm.rank * m / comm.size, end0 = (comm.rank + 1) * m / comm.size
            let mr = end0 - first0
            var cross: [Double] = []
            if mr > 0 {
                let d = p.heldOut.dimension
                let mine: PointSet
                do {
                    mine = try PointSet(count: mr, dimension: d, rowMajor: Array(p.heldOut.coordinates[(first0 * d)..<(end0 * d)]),
                                        sourceLines: p.heldOut.sourceLines.map { Array($0[first0..<end0]) })
                } catch let error as PointSetError { throw .gram(.points(error)) } catch { throw .gram(.points(.noRows)) }
                cross = KernelRidge.crossKernel(p.kernel, mine, p.train, preprocessing: p.preprocessing)
            }
            seconds.prediction += Communicator.now() - predictionStart

            var outcomes: [KernelRidgeOutcome] = []
            for r in ridges {
                let lambda = relative ? r * scale : r
                guard lambda >= 0, lambda.isFinite else { throw .negativeRidge(lambda) }
                let solveStart = Communicator.now()
                var a = local
                for (_, k) in diagonalPositions { a[k] += lambda }
                var n32 = Int32(n), one: Int32 = 1, info: Int32 = 0
                var descA = g.descriptorA
                pdpotrf_("U", &n32, &a, &one, &one, &descA, &info)
                factorisations += 1
                let lowest = comm.minimum(Int(info)), highest = comm.maximum(Int(info))
                if lowest < 0 { throw .linearAlgebra(.illegalArgument(routine: "pdpotrf", position: -lowest)) }
                let alpha: [Double]
                var pseudoInverse = false
                if highest > 0 {
                    guard lambda == 0 else {
                        seconds.solve += Communicator.now() - solveStart
                        outcomes.append(.notPositiveDefinite(ridge: lambda, info: highest))
                        continue
                    }
                    a = []
                    alpha = try pseudoInverseSolve(local, g, targets: p.targets, outputs: c)
                    pseudoInverse = true
                } else {
                    // B: the targets in the same row distribution, columns in blocks over process columns.
                    var b = [Double](repeating: 0, count: Swift.max(1, g.np * g.cq))
                    let rows = rowRuns.flatMap { $0 }, bColumns = g.outputColumns
                    for (lo, o) in bColumns.enumerated() { for (li, i) in rows.enumerated() { b[li + lo * g.lld] = p.targets[i + o * n] } }
                    var c32 = Int32(c), descB = g.descriptorB
                    pdpotrs_("U", &n32, &c32, &a, &one, &one, &descA, &b, &one, &one, &descB, &info)
                    let worst = comm.minimum(Int(info))
                    if worst < 0 { throw .linearAlgebra(.illegalArgument(routine: "pdpotrs", position: -worst)) }
                    a = []
                    // alpha on every rank: each entry of B lives on one rank (the sum of it and zeros is exact).
                    var owned = [Double](repeating: 0, count: n * c)
                    for (lo, o) in bColumns.enumerated() { for (li, i) in rows.enumerated() { owned[i + o * n] = b[li + lo * g.lld] } }
                    alpha = comm.sum(owned)
                }
                seconds.solve += Communicator.now() - solveStart
                let applyStart = Communicator.now()
                var predictions = [Double](repeating: 0, count: m * c)
                if mr > 0 {
                    let part = KernelRidge.predictions(cross, rows: mr, columns: n, coefficients: alpha, outputs: c, adding: p.means)
                    for o in 0..<c { for i in 0..<mr { predictions[first0 + i + o * m] = part[i + o * mr] } }
                }
                predictions = comm.sum(predictions)
                seconds.prediction += Communicator.now() - applyStart
                outcomes.append(.predicted(predictions, pseudoInverse: pseudoInverse))
            }
            lastOutcomes = outcomes
            return KernelRidgeFits(meanDiagonal: scale, outcomes: outcomes)
        }
    }

    /// alpha = V diag(1/lambda_k, lambda_k > cutoff * lambda_max) V^T y with K = V diag(lambda) V^T
    /// from pdsyevd, the cutoff `KernelRidge.pseudoInverseCutoff` of the one-process fallback.
    /// V^T y and then V (scaled V^T y) are each summed over the ranks' local products.
    func pseudoInverseSolve(_ k: [Double], _ g: Context, targets: [Double], outputs c: Int) throws(KernelRidgeError) -> [Double] {
        let comm = communicator, n = g.layout.order
        var a = k, values = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: Swift.max(1, g.np * g.nq))
        let failure = DistributedGram.solveDivideAndConquer(&a, &values, n: n, localCount: g.np * g.nq, descriptor: g.descriptorA, vectors: &z)
        a = []
        if comm.agree(failure) != nil { throw .linearAlgebra(.noConvergence(routine: "pdsyevd", info: 1)) }
        let top = Swift.max(values.last ?? 0, 0), cutoff = KernelRidge.pseudoInverseCutoff * top
        let rows = g.layout.rowRuns(processRow: g.row).flatMap { $0 }
        let columns = g.layout.columnRuns(processColumn: g.column).flatMap { $0 }
        let kept = columns.enumerated().filter { values[$0.element] > cutoff && values[$0.element] > 0 }
        var projections = [Double](repeating: 0, count: n * c)
        for (lk, k) in kept {
            for o in 0..<c {
                var s = 0.0
                for (li, i) in rows.enumerated() { s += z[li + lk * g.lld] * targets[i + o * n] }
                projections[k + o * n] = s
            }
        }
        projections = comm.sum(projections)
        var alpha = [Double](repeating: 0, count: n * c)
        for (lk, k) in kept {
            for o in 0..<c {
                let coefficient = projections[k + o * n] / values[k]
                for (li, i) in rows.enumerated() { alpha[i + o * n] += coefficient * z[li + lk * g.lld] }
            }
        }
        return comm.sum(alpha)
    }

    /// This rank's place in the BLACS grid (`g.row`, `g.np`, ... read through to `blacs`), the
    /// descriptors of K (n x n) and of the targets (n x outputs), and which outputs this rank's
    /// columns of the targets hold (`cq` of them).
    @dynamicMemberLookup
    struct Context {
        let blacs: BLACSGrid
        let cq: Int
        let descriptorA: [Int32]
        let descriptorB: [Int32]
        let outputColumns: [Int]
        subscript<T>(dynamicMember member: KeyPath<BLACSGrid, T>) -> T { blacs[keyPath: member] }
    }

    func withContext<T>(_ layout: BlockCyclicLayout, outputs c: Int,
                        _ body: (Context) throws(KernelRidgeError) -> T) throws(KernelRidgeError) -> T {
        try BLACSGrid.with(layout) { (blacs: BLACSGrid) throws(KernelRidgeError) -> T in
            let n = layout.order, grid = layout.grid
            let cq = BlockCyclicLayout.localCount(c, blockSize: layout.blockSize, process: blacs.column, processes: grid.columns)
            let (descriptorA, infoA) = blacs.descriptor(rows: n, columns: n)
            let (descriptorB, infoB) = blacs.descriptor(rows: n, columns: c)
            guard infoA == 0, infoB == 0 else { throw .linearAlgebra(.illegalArgument(routine: "descinit", position: Int(infoA == 0 ? -infoB : -infoA))) }
            let outputColumns = stride(from: blacs.column * layout.blockSize, to: c, by: grid.columns * layout.blockSize)
                .flatMap { $0..<Swift.min($0 + layout.blockSize, c) }
            return try body(Context(blacs: blacs, cq: cq, descriptorA: descriptorA, descriptorB: descriptorB,
                                    outputColumns: outputColumns))
        }
    }
}
