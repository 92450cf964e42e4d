public enum RegressionTask: String, Sendable, CaseIterable {
    case regression, classification
}

/// A fixed ridge, or one chosen by k-fold cross-validation.
public enum RidgeChoice: Sendable, Equatable {
    case fixed(Double)
    case auto
}

/// Cross-validation of the ridge over a log grid (docs/regression.md), run as a pipeline: each fold fits
/// the standardisation, the target means and its Gram on its own training rows only, so no
/// validation row touches the model that predicts it (scikit-learn's Pipeline inside GridSearchCV).
public enum RidgeCrossValidation {
    /// Grid values relative to trace(K)/n: 1e-8, 1e-7, ..., 1e2. Every fit (a fold's, or the
    /// final one on all training rows) turns r into lambda = r * trace(K)/n of its own Gram.
    public static let relativeGrid: [Double] = (-8...2).map { pow10($0) }

    static func pow10(_ e: Int) -> Double {
        var x = 1.0
        for _ in 0..<abs(e) { x *= 10 }
        return e < 0 ? 1 / x : x
    }

    /// Rows 0..<n shuffled with a seeded generator (Fisher-Yates over Xoshiro256**),
    /// the same on every run and machine.
    public static func shuffled(_ n: Int, seed: UInt64) -> [Int] {
        var rng = Xoshiro256StarStar(seed: seed)
        var order = Array(0..<n)
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = Int(rng.next(upperBound: UInt64(i + 1)))
                order.swapAt(i, j)
            }
        }
        return order
    }

    /// k folds of 0..<n after a seeded shuffle, sizes differing by at most one.
    public static func folds(count n: Int, folds k: Int, seed: UInt64) -> [[Int]] {
        let order = shuffled(n, seed: seed)
        return (0..<k).map { f in Array(order[(f * n / k)..<((f + 1) * n / k)]) }
    }

    /// Mean validation squared error per relative grid ridge r, and the chosen r (the smallest
    /// error; the first, i.e. smallest, r on a tie; an r whose Cholesky fails in any fold counts
    /// as +infinity). `features` are the raw training rows, row-major with `d` columns;
    /// `targets` the raw (uncentred) training targets, column-major n x outputs; `lines` name
    /// rows in errors. Cost: per fold one Gram of its training rows and one validation
    /// cross-kernel, then one Cholesky per grid value.
    /// Throws what the preprocessing throws for a fold (`zeroRow` when a row standardised with
    /// its fold's scaler is all zero) and any solver error other than `notPositiveDefinite`.
    public static func choose(kernel: any CatalogueKernel, features: [Double], dimension d: Int, targets: [Double], outputs: Int,
                              preprocessing: FeaturePreprocessing, lines: [Int], folds k: Int, seed: UInt64,
                              engine: any KernelRidgeEngine = LocalKernelRidge())
        throws(KernelRidgeError) -> (relativeRidge: Double, errors: [(relativeRidge: Double, error: Double)]) {
        let n = targets.count / outputs
        var totals = [Double](repeating: 0, count: relativeGrid.count)
        for validation in folds(count: n, folds: k, seed: seed) {
            let held = Set(validation)
            let train = (0..<n).filter { !held.contains($0) }
            let fold = try validationErrors(kernel: kernel, features: features, dimension: d, targets: targets, outputs: outputs,
                                            preprocessing: preprocessing, lines: lines, train: train, validation: validation,
                                            engine: engine)
            for g in totals.indices { totals[g] += fold[g] }
        }
        let count = Double(n * outputs)
        let errors = zip(relativeGrid, totals).map { (relativeRidge: $0, error: $1.isFinite && count > 0 ? $1 / count : .infinity) }
        let best = errors.indices.min { errors[$0].error < errors[$1].error } ?? 0
        return (errors[best].relativeRidge, errors)
    }

    /// One fold: summed squared validation errors at every grid value (+infinity where
    /// K_f + lambda I is not positive definite). Scaler, points, Gram K_f and target means come
    /// from the `train` rows alone; the `validation` rows are prepared with that scaler. The
    /// engine builds K_f and the validation block and solves once per grid value.
    static func validationErrors(kernel: any CatalogueKernel, features: [Double], dimension d: Int, targets: [Double], outputs: Int,
                                 preprocessing: FeaturePreprocessing, lines: [Int], train: [Int],
                                 validation: [Int], engine: any KernelRidgeEngine = LocalKernelRidge()) throws(KernelRidgeError) -> [Double] {
        let n = targets.count / outputs
        func rows(_ indices: [Int]) -> [Double] { indices.flatMap { features[($0 * d)..<(($0 + 1) * d)] } }
        func columns(_ indices: [Int]) -> [Double] { (0..<outputs).flatMap { o in indices.map { targets[$0 + o * n] } } }
        let trainFeatures = rows(train)
        let scaler = FeatureScaler(fitting: trainFeatures, dimension: d)
        let points = try KernelRidgeModel.prepare(trainFeatures, dimension: d, scaler: scaler, preprocessing: preprocessing,
                                                  lines: train.map { lines[$0] })
        let heldOut = try KernelRidgeModel.prepare(rows(validation), dimension: d, scaler: scaler, preprocessing: preprocessing,
                                                   lines: validation.map { lines[$0] })
        let (centred, means) = KernelRidgeModel.centre(columns(train), rows: train.count, outputs: outputs)
        let truth = columns(validation)
        let fits = try engine.fit(KernelRidgeProblem(kernel: kernel, preprocessing: preprocessing, train: points, heldOut: heldOut,
                                                     targets: centred, outputs: outputs, means: means),
                                  ridges: relativeGrid, relativeToMeanDiagonal: true)
        return fits.outcomes.map { outcome in
            guard case let .predicted(predicted, _) = outcome else { return .infinity }
            var s = 0.0
            for (p, y) in zip(predicted, truth) { s += (p - y) * (p - y) }
            return s
        }
    }
}

/// Which end of `RidgeCrossValidation.relativeGrid` a cross-validated ridge landed on.
public enum RidgeGridEdge: String, Sendable {
    case smallest, largest

    /// Why it matters, for a note beside the ridge.
    public var note: String {
        let grid = RidgeCrossValidation.relativeGrid
        let (end, side) = self == .smallest ? (grid.first ?? 0, "below") : (grid.last ?? 0, "above")
        return "cross-validation chose the \(rawValue) ridge of its grid (\(end) trace(K)/n); the best ridge may lie \(side) it"
    }

    /// The edge that `relative` (a grid value) is on, if any.
    init?(relativeRidge relative: Double) {
        let grid = RidgeCrossValidation.relativeGrid
        if relative == grid.first { self = .smallest } else if relative == grid.last { self = .largest } else { return nil }
    }
}

/// One kernel's test result on one data set.
public struct KernelRegressionResult: Sendable {
    public let kernel: String
    public let task: RegressionTask
    public let preprocessing: FeaturePreprocessing
    public let ridge: Double
    /// True when the ridge was chosen by cross-validation.
    public let ridgeChosen: Bool
    /// The cross-validated ridge is the smallest or largest of its grid, so the best ridge may
    /// lie beyond it; nil for a fixed ridge or one inside the grid.
    public let ridgeGridEdge: RidgeGridEdge?
    /// Test mean squared error (regression) or accuracy in [0, 1] (classification).
    public let metric: Double
    public var metricName: String { task == .regression ? "test_mse" : "test_accuracy" }
    public let trainSize: Int
    public let testSize: Int
    /// The pseudo-inverse fallback was used (ridge 0, K numerically singular).
    public let fallback: Bool
}

/// `spectra regress`: seeded train/test split, preprocessing fitted on the training rows,
/// ridge fixed or cross-validated on the training rows (each fold preprocessed on its own
/// training rows), then the test metric.
public enum KernelRegressionStudy {
    /// Fewer rows per class than this, on average, over more than two classes: the column is
    /// taken for a continuous one (diabetes' integer-valued progression has about 2).
    public static let minimumRowsPerClass = 5

    /// Refuses a classification target that is not a column of class labels: a non-integer
    /// value, or more than two classes with fewer than `minimumRowsPerClass` rows each on average.
    public static func checkClassLabels(_ data: LabeledData) throws(KernelRidgeError) {
        if let i = data.targets.firstIndex(where: { $0 != $0.rounded() }) {
            throw .notAClassLabel(column: data.targetName, value: data.targets[i], line: data.sourceLines[i])
        }
        let classes = data.classes.count
        if classes > 2, classes * minimumRowsPerClass > data.count {
            throw .tooManyClasses(column: data.targetName, classes: classes, rows: data.count)
        }
    }

    /// (train, test) row indices: a seeded shuffle, the first round(f * n) rows are the test set.
    public static func split(count n: Int, testFraction f: Double, seed: UInt64) throws(KernelRidgeError) -> (train: [Int], test: [Int]) {
        guard f > 0, f < 1 else { throw .invalidTestFraction(f) }
        let testSize = Int((f * Double(n)).rounded())
        guard testSize >= 1, testSize < n else { throw .emptySplit(rows: n, testFraction: f) }
        let order = RidgeCrossValidation.shuffled(n, seed: seed)
        return (Array(order[testSize...]), Array(order[..<testSize]))
    }

    /// Targets as a column-major matrix: the values (regression) or one-hot over `classes`.
    static func targetMatrix(_ values: [Double], task: RegressionTask, classes: [Double]) -> (matrix: [Double], outputs: Int) {
        guard task == .classification else { return (values, 1) }
        let n = values.count
        var y = [Double](repeating: 0, count: n * classes.count)
        for (i, v) in values.enumerated() { if let c = classes.firstIndex(of: v) { y[i + c * n] = 1 } }
        return (y, classes.count)
    }

    /// Estimated peak bytes of `run` (saturating at Int.max): the training Gram and its Cholesky
    /// factor (a CV fold's Gram is smaller and freed before), the test-by-train kernel block, the
    /// features, targets and solutions, plus `GramMemoryPlan.fixedOverheadBytes`.
    public static func memoryEstimate(trainRows n: Int, testRows m: Int, features d: Int, outputs c: Int) -> Int {
        let doubles = 2 * Double(n) * Double(n) + Double(m) * Double(n) + Double(n + m) * Double(d + 3 * c)
        let bytes = 8 * doubles + Double(GramMemoryPlan.fixedOverheadBytes)
        return bytes >= Double(Int.max) ? Int.max : Int(bytes)
    }

    public static func run(data: LabeledData, kernel: any CatalogueKernel, name: String, task: RegressionTask,
                           testFraction: Double = 0.2, folds: Int = 5, seed: UInt64 = 0, ridge: RidgeChoice = .auto,
                           preprocessing: FeaturePreprocessing = .sphere, memoryBudget: Int? = nil,
                           engine: any KernelRidgeEngine = LocalKernelRidge())
        throws(KernelRidgeError) -> KernelRegressionResult
    {
        let d = data.featureCount
        try KernelRidgeModel.check(kernel: kernel, preprocessing: preprocessing, dimension: d)
        let classes = data.classes
        if task == .classification {
            if classes.count < 2 { throw .singleClass(value: classes.first ?? .nan) }
            try checkClassLabels(data)
        }
        let (trainRows, testRows) = try split(count: data.count, testFraction: testFraction, seed: seed)
        if let budget = memoryBudget {
            let required = memoryEstimate(trainRows: trainRows.count, testRows: testRows.count, features: d,
                                          outputs: task == .classification ? classes.count : 1)
            if required > budget { throw .insufficientMemory(trainRows: trainRows.count, requiredBytes: required, budgetBytes: budget) }
        }
        if ridge == .auto, folds < 2 || folds > trainRows.count { throw .invalidFolds(folds: folds, trainSize: trainRows.count) }
        let train = data.subset(trainRows), test = data.subset(testRows)
        let (y, outputs) = targetMatrix(train.targets, task: task, classes: classes)

        let scaler = FeatureScaler(fitting: train.features, dimension: d)
        let points = try KernelRidgeModel.prepare(train.features, dimension: d, scaler: scaler, preprocessing: preprocessing, lines: train.sourceLines)
        // Points the network kernel cannot serve are refused for the whole training set first.
        try KernelRidgeModel.checkOffSphere(kernel: kernel, points, preprocessing: preprocessing)
        let (centred, means) = KernelRidgeModel.centre(y, rows: train.count, outputs: outputs)
        let ridges: [Double]
        var edge: RidgeGridEdge?
        switch ridge {
        case .fixed(let value): ridges = [value]
        case .auto:
            let relative = try RidgeCrossValidation.choose(kernel: kernel, features: train.features, dimension: d, targets: y, outputs: outputs,
                                                           preprocessing: preprocessing, lines: train.sourceLines, folds: folds,
                                                           seed: seed &+ 1, engine: engine).relativeRidge
            ridges = [relative]
            edge = RidgeGridEdge(relativeRidge: relative)
        }
        let testPoints = try KernelRidgeModel.prepare(test.features, dimension: d, scaler: scaler, preprocessing: preprocessing,
                                                      lines: test.sourceLines)
        let fits = try engine.fit(KernelRidgeProblem(kernel: kernel, preprocessing: preprocessing, train: points, heldOut: testPoints,
                                                     targets: centred, outputs: outputs, means: means),
                                  ridges: ridges, relativeToMeanDiagonal: ridge == .auto)
        let lambda = ridge == .auto ? ridges[0] * fits.meanDiagonal : ridges[0]
        let predictions: [Double], fallback: Bool
        switch fits.outcomes.first {
        case let .predicted(values, pseudoInverse)?: (predictions, fallback) = (values, pseudoInverse)
        case let .notPositiveDefinite(ridge, info)?: throw .notPositiveDefinite(ridge: ridge, info: info)
        case nil: throw .targetSizeMismatch(rows: 0, expected: train.count)
        }
        let m = test.count
        let metric: Double
        switch task {
        case .regression:
            var s = 0.0
            for i in 0..<m { let e = predictions[i] - test.targets[i]; s += e * e }
            metric = s / Double(m)
        case .classification:
            var correct = 0
            for i in 0..<m {
                let best = (0..<outputs).max { predictions[i + $0 * m] < predictions[i + $1 * m] } ?? 0
                if classes[best] == test.targets[i] { correct += 1 }
            }
            metric = Double(correct) / Double(m)
        }
        return KernelRegressionResult(kernel: name, task: task, preprocessing: preprocessing, ridge: lambda, ridgeChosen: ridge == .auto,
                                      ridgeGridEdge: edge,
                                      metric: metric, trainSize: train.count, testSize: m, fallback: fallback)
    }
}
