/// The memory one rank needs for `spectra-mpi regress` (`DistributedKernelRidge`), estimated
/// **before** anything n x n is allocated, for the rank holding the largest local matrix.
///
/// Counted, 8 bytes per Double (np x nq: that rank's tiles of the training Gram, n training rows):
/// - the Gram tiles and the copy each ridge factors, 2 np nq; at --ridge 0, where pdpotrf may
///   fail and the pseudo-inverse needs pdsyevd, 5 np nq (the tiles, pdsyevd's copy, its
///   eigenvectors and its workspace, about two more) plus pdsyevd's O(n) workspace;
/// - the targets' tiles, np x outputs;
/// - the rank's share of the held-out block, ceil(m / P) x n for the m test rows, or a
///   cross-validation fold's ceil(v / P) x (n - v) for its v validation rows, whichever is larger;
/// - what every rank holds whole: the table (rows x (features + 1)), its train and test subsets
///   and their preprocessed points (4 rows x features), the fold's copies of them (2 n x
///   features), targets, alpha and predictions (8 rows x outputs + 4 n), and the block's row
///   and column points ((np + nq) features);
/// - `DistributedMemoryPlan.fixedOverheadBytes` for the process.
/// A cross-validation fold's Gram is smaller than the final one and freed before the next;
/// the final Gram is assembled after the folds. Arithmetic saturates at Int.max.
public struct DistributedRegressionPlan: Sendable, Equatable {
    public let rows: Int
    public let trainRows: Int
    public let testRows: Int
    public let features: Int
    public let outputs: Int
    /// nil for a fixed ridge (no cross-validation).
    public let folds: Int?
    /// --ridge 0: room for the pseudo-inverse fallback.
    public let ridgeZero: Bool
    public let layout: BlockCyclicLayout

    public init(rows: Int, trainRows: Int, testRows: Int, features: Int, outputs: Int, folds: Int?, ridgeZero: Bool,
                layout: BlockCyclicLayout) {
        self.rows = rows
        self.trainRows = trainRows
        self.testRows = testRows
        self.features = features
        self.outputs = outputs
        self.folds = folds
        self.ridgeZero = ridgeZero
        self.layout = layout
    }

    /// The plan with the default grid and block size for P ranks.
    public init(rows: Int, trainRows: Int, testRows: Int, features: Int, outputs: Int, folds: Int?, ridgeZero: Bool, ranks: Int) {
        let grid = ProcessGrid.squarest(ranks: ranks)
        self.init(rows: rows, trainRows: trainRows, testRows: testRows, features: features, outputs: outputs, folds: folds,
                  ridgeZero: ridgeZero,
                  layout: BlockCyclicLayout(order: trainRows, blockSize: BlockCyclicLayout.defaultBlockSize(order: trainRows, grid: grid), grid: grid))
    }

    /// Local matrices (the tiles included) a fit holds at its peak.
    public var localMatrices: Int { ridgeZero ? 5 : 2 }

    public var bytesPerRank: Int {
        let n = trainRows, m = testRows, d = features, c = outputs, ranks = layout.grid.count
        let (np, nq) = layout.largestLocalShape
        var doubles = product(localMatrices, product(np, nq))
        doubles = sum(doubles, product(np, c))
        var heldOut = product((m + ranks - 1) / ranks, n)
        if let k = folds, k >= 2 {
            let v = (n + k - 1) / k
            heldOut = Swift.max(heldOut, product((v + ranks - 1) / ranks, n - n / k))
        }
        doubles = sum(doubles, heldOut)
        doubles = sum(doubles, product(rows, d + 1))
        doubles = sum(doubles, product(4 * rows + 2 * n + np + nq, d))
        doubles = sum(doubles, sum(product(8 * rows, c), product(4, n)))
        if ridgeZero { doubles = sum(doubles, product(12, n)) }
        return sum(product(8, doubles), DistributedMemoryPlan.fixedOverheadBytes)
    }

    /// The fewest ranks (default grid and block size, `DistributedMemoryPlan.isBalanced`) whose
    /// largest rank fits in `budget`, or nil if even `limit` ranks do not (what every rank holds
    /// whole does not shrink).
    public func ranksNeeded(budgetPerRank budget: Int, limit: Int = 1 << 20) -> Int? {
        func plan(_ p: Int) -> DistributedRegressionPlan {
            DistributedRegressionPlan(rows: rows, trainRows: trainRows, testRows: testRows, features: features, outputs: outputs,
                                      folds: folds, ridgeZero: ridgeZero, ranks: p)
        }
        // The part no number of ranks reduces, with the held-out block spread over `limit` ranks.
        guard plan(limit).bytesPerRank <= budget else { return nil }
        var p = 1
        if budget > 0 {
            p = Swift.max(1, Int((Double(localMatrices) * Double(trainRows) * Double(trainRows) * 8 / Double(budget)).rounded(.down)))
        }
        while p <= limit {
            if DistributedMemoryPlan.isBalanced(p) && plan(p).bytesPerRank <= budget { return p }
            p += 1
        }
        return nil
    }
}
