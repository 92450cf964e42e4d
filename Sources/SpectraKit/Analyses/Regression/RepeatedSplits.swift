/// One kernel on one of R seeded train/test splits.
public struct RepeatedSplitRun: Sendable {
    /// 0 ..< R.
    public let split: Int
    /// The split's seed (its folds use seed + 1, as in a single `KernelRegressionStudy.run`).
    public let seed: UInt64
    public let result: KernelRegressionResult
}

/// One kernel's score over the R splits.
public struct RepeatedSplitSummary: Sendable {
    public let kernel: String
    public let metricName: String
    public let splits: Int
    public let mean: Double
    /// Sample standard deviation (n - 1) over the splits; nil for one split.
    public let standardDeviation: Double?
    public let minimum: Double
    public let maximum: Double
    /// Splits whose cross-validated ridge lay at an end of its grid.
    public let ridgesAtGridEdge: Int
}

/// Kernel a against kernel b on the same R splits: the differences d_r = score_a - score_b.
public struct PairedComparison: Sendable, Equatable {
    public let kernelA: String
    public let kernelB: String
    public let metricName: String
    public let splits: Int
    /// Mean of d_r.
    public let meanDifference: Double
    /// Sample standard deviation of d_r (n - 1); nil for one split.
    public let differenceStandardDeviation: Double?
    /// Paired t statistic mean(d) / (sd(d) / sqrt(R)); nil when sd(d) = 0 or R = 1.
    public let tStatistic: Double?
    /// Splits on which a scored better than b (higher accuracy, lower mean squared error), worse, or the same.
    public let aBetter: Int
    public let bBetter: Int
    public let ties: Int
}

/// Kernel ridge regression over R seeded random train/test splits (docs/regression.md): every
/// kernel sees the same splits, each split cross-validates its own ridge on its own training
/// rows, and kernels are compared split by split (paired), which removes the variation that
/// comes from which rows happen to be held out.
public enum RepeatedSplits {
    /// The seed of split r (0-based): seed + 2r, so that no split's shuffle shares its generator
    /// with another split's folds (seed + 2r + 1).
    public static func seed(base: UInt64, split r: Int) -> UInt64 { base &+ 2 &* UInt64(r) }

    /// Runs every kernel on every split. `progress` gets (kernel index, split index) before each fit.
    public static func run(data: LabeledData, kernels: [(name: String, kernel: any CatalogueKernel)], task: RegressionTask,
                           splits: Int, testFraction: Double = 0.2, folds: Int = 5, seed: UInt64 = 0, ridge: RidgeChoice = .auto,
                           preprocessing: FeaturePreprocessing = .sphere, memoryBudget: Int? = nil,
                           engine: any KernelRidgeEngine = LocalKernelRidge(),
                           progress: (Int, Int) -> Void = { _, _ in }) throws(KernelRidgeError) -> [[RepeatedSplitRun]] {
        var all: [[RepeatedSplitRun]] = []
        for (k, entry) in kernels.enumerated() {
            var runs: [RepeatedSplitRun] = []
            for r in 0..<splits {
                progress(k, r)
                let s = self.seed(base: seed, split: r)
                let result = try KernelRegressionStudy.run(data: data, kernel: entry.kernel, name: entry.name, task: task,
                                                           testFraction: testFraction, folds: folds, seed: s, ridge: ridge,
                                                           preprocessing: preprocessing, memoryBudget: memoryBudget, engine: engine)
                runs.append(RepeatedSplitRun(split: r, seed: s, result: result))
            }
            all.append(runs)
        }
        return all
    }

    public static func summary(_ runs: [RepeatedSplitRun]) -> RepeatedSplitSummary? {
        guard let first = runs.first?.result else { return nil }
        let scores = runs.map(\.result.metric)
        return RepeatedSplitSummary(kernel: first.kernel, metricName: first.metricName, splits: runs.count, mean: mean(scores),
                                    standardDeviation: standardDeviation(scores), minimum: scores.min() ?? .nan,
                                    maximum: scores.max() ?? .nan, ridgesAtGridEdge: runs.filter { $0.result.ridgeGridEdge != nil }.count)
    }

    /// Every pair (a, b) with a before b in the kernel order.
    public static func comparisons(_ runs: [[RepeatedSplitRun]]) -> [PairedComparison] {
        var out: [PairedComparison] = []
        for i in runs.indices {
            for j in runs.indices where j > i {
                if let c = compare(runs[i], runs[j]) { out.append(c) }
            }
        }
        return out
    }

    /// a against b split by split (the runs of both in split order, on the same splits).
    public static func compare(_ a: [RepeatedSplitRun], _ b: [RepeatedSplitRun]) -> PairedComparison? {
        guard let first = a.first?.result, let other = b.first?.result, a.count == b.count else { return nil }
        let d = zip(a, b).map { $0.result.metric - $1.result.metric }
        let higherIsBetter = first.task == .classification
        let m = mean(d), sd = standardDeviation(d)
        var t: Double?
        if let sd, sd > 0 { t = m / (sd / Double(d.count).squareRoot()) }
        let better = d.filter { higherIsBetter ? $0 > 0 : $0 < 0 }.count, worse = d.filter { higherIsBetter ? $0 < 0 : $0 > 0 }.count
        return PairedComparison(kernelA: first.kernel, kernelB: other.kernel, metricName: first.metricName, splits: d.count,
                                meanDifference: m, differenceStandardDeviation: sd, tStatistic: t,
                                aBetter: better, bBetter: worse, ties: d.count - better - worse)
    }

    static func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }

    /// Sample standard deviation (n - 1), by the two-pass formula; nil for fewer than two values.
    static func standardDeviation(_ x: [Double]) -> Double? {
        guard x.count > 1 else { return nil }
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }
}
