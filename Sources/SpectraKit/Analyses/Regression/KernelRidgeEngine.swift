/// One fit of kernel ridge regression as the study hands it to an engine: preprocessed training
/// and held-out points, centred targets and their means.
public struct KernelRidgeProblem: Sendable {
    public let kernel: any CatalogueKernel
    public let preprocessing: FeaturePreprocessing
    /// Preprocessed training points (n).
    public let train: PointSet
    /// Preprocessed held-out points (m): a fold's validation rows or the test rows.
    public let heldOut: PointSet
    /// Centred training targets, column-major n x outputs.
    public let targets: [Double]
    public let outputs: Int
    /// The training targets' means, added back to the predictions.
    public let means: [Double]
}

/// What one ridge of a fit gave.
public enum KernelRidgeOutcome: Sendable {
    /// Held-out predictions K(heldOut, train) alpha + means, column-major m x outputs, and
    /// whether alpha came from the pseudo-inverse (ridge 0, K numerically singular).
    case predicted([Double], pseudoInverse: Bool)
    /// K + ridge I is not positive definite (Cholesky failed at minor `info`), ridge > 0.
    case notPositiveDefinite(ridge: Double, info: Int)
}

/// The outcomes of one fit at several ridges, and the mean diagonal trace(K)/n that relative
/// ridges are measured in.
public struct KernelRidgeFits: Sendable {
    public let meanDiagonal: Double
    public let outcomes: [KernelRidgeOutcome]

    public init(meanDiagonal: Double, outcomes: [KernelRidgeOutcome]) {
        self.meanDiagonal = meanDiagonal
        self.outcomes = outcomes
    }
}

/// Where the matrices of kernel ridge regression live and are solved: in this process
/// (`LocalKernelRidge`, `spectra regress`) or across the ranks of an MPI job (spectra-mpi).
/// The study (`KernelRegressionStudy`, `RidgeCrossValidation`) does everything else — splits,
/// folds, scaling, centring, the ridge grid, scores — the same way for every engine.
public protocol KernelRidgeEngine {
    /// For each of `ridges` (times trace(K)/n when `relativeToMeanDiagonal`), alpha =
    /// (K + lambda I)^{-1} targets on the training points and the held-out predictions.
    /// Throws what building K or the held-out kernel block throws, and solver errors other
    /// than a failed Cholesky at a positive ridge (an outcome).
    func fit(_ problem: KernelRidgeProblem, ridges: [Double], relativeToMeanDiagonal: Bool) throws(KernelRidgeError) -> KernelRidgeFits
}

/// The one-process engine: the whole training Gram (`KernelRidgeModel.gram`), the whole
/// held-out block (`KernelRidgeModel.cross`) and LAPACK (`KernelRidge.solve`).
public struct LocalKernelRidge: KernelRidgeEngine {
    public init() {}

    public func fit(_ p: KernelRidgeProblem, ridges: [Double], relativeToMeanDiagonal relative: Bool) throws(KernelRidgeError) -> KernelRidgeFits {
        let n = p.train.count, m = p.heldOut.count
        let gram = try KernelRidgeModel.gram(kernel: p.kernel, points: p.train, preprocessing: p.preprocessing)
        try KernelRidgeModel.checkOffSphere(kernel: p.kernel, p.heldOut, preprocessing: p.preprocessing)
        let cross = KernelRidgeModel.cross(kernel: p.kernel, p.heldOut, p.train, preprocessing: p.preprocessing)
        let scale = gram.trace / Double(n)
        var outcomes: [KernelRidgeOutcome] = []
        for r in ridges {
            do {
                let solution = try KernelRidge.solve(gram: gram, targets: p.targets, outputs: p.outputs, ridge: relative ? r * scale : r)
                outcomes.append(.predicted(KernelRidgeModel.apply(cross, rows: m, columns: n, solution.coefficients, outputs: p.outputs,
                                                                  adding: p.means), pseudoInverse: solution.usedPseudoInverse))
            } catch {
                guard case let .notPositiveDefinite(ridge, info) = error else { throw error }
                outcomes.append(.notPositiveDefinite(ridge: ridge, info: info))
            }
        }
        return KernelRidgeFits(meanDiagonal: scale, outcomes: outcomes)
    }
}

extension KernelRidge {
    /// trace(K)/n from K's diagonal, compensated as `SymmetricMatrix.trace` is (for an engine
    /// that holds the diagonal in pieces).
    public static func meanDiagonal(_ diagonal: [Double]) -> Double {
        compensatedSum(diagonal) / Double(diagonal.count)
    }

    /// `KernelRidgeModel.checkOffSphere`: off the sphere, refuses held-out points whose norm
    /// the network kernel cannot serve (before `crossKernel`, as the one-process fit does).
    public static func checkHeldOut(_ kernel: any CatalogueKernel, _ x: PointSet, preprocessing: FeaturePreprocessing) throws(KernelRidgeError) {
        try KernelRidgeModel.checkOffSphere(kernel: kernel, x, preprocessing: preprocessing)
    }

    /// `KernelRidgeModel.cross`: k(x_i, y_j), row-major m x n, for preprocessed points.
    public static func crossKernel(_ kernel: any CatalogueKernel, _ x: PointSet, _ y: PointSet,
                                   preprocessing: FeaturePreprocessing) -> [Double] {
        KernelRidgeModel.cross(kernel: kernel, x, y, preprocessing: preprocessing)
    }

    /// `KernelRidgeModel.apply`: (K_cross alpha) + means, column-major rows x outputs.
    public static func predictions(_ cross: [Double], rows: Int, columns: Int, coefficients: [Double], outputs: Int,
                                   adding means: [Double]) -> [Double] {
        KernelRidgeModel.apply(cross, rows: rows, columns: columns, coefficients, outputs: outputs, adding: means)
    }
}
