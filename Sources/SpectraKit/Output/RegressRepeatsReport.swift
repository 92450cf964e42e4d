/// Tables for `spectra regress --repeats R`: one row per kernel and split (runs), one per kernel
/// (summary), one per pair of kernels (paired).
extension RegressReport {
    public static func repeatRuns(_ runs: [[RepeatedSplitRun]]) throws -> Table {
        var table = try Table(columns: ["kernel", "split", "seed", "task", "preprocess", "metric", "value", "ridge", "ridge_source",
                                        "train_size", "test_size", "fallback", "ridge_note"])
        for run in runs.joined() {
            let r = run.result
            try table.append([.text(r.kernel), .integer(run.split), .bigInteger(DecimalInteger(run.seed)), .text(r.task.rawValue),
                              .text(r.preprocessing.rawValue), .text(r.metricName), .real(r.metric, significantDigits: 6),
                              .real(r.ridge, significantDigits: 6), .text(r.ridgeChosen ? "cross-validation" : "given"),
                              .integer(r.trainSize), .integer(r.testSize), .text(r.fallback ? "yes" : "no"),
                              .text(r.ridgeGridEdge?.note ?? "")])
        }
        return table
    }

    public static func repeatSummary(_ summaries: [RepeatedSplitSummary]) throws -> Table {
        var table = try Table(columns: ["kernel", "metric", "splits", "mean", "sd", "min", "max", "ridges_at_grid_edge"])
        for s in summaries {
            try table.append([.text(s.kernel), .text(s.metricName), .integer(s.splits), .real(s.mean, significantDigits: 6),
                              s.standardDeviation.map { .real($0, significantDigits: 4) } ?? .missing,
                              .real(s.minimum, significantDigits: 6), .real(s.maximum, significantDigits: 6), .integer(s.ridgesAtGridEdge)])
        }
        return table
    }

    public static func paired(_ comparisons: [PairedComparison]) throws -> Table {
        var table = try Table(columns: ["kernel_a", "kernel_b", "metric", "splits", "mean_difference", "difference_sd", "t_statistic",
                                        "a_better", "b_better", "ties"])
        for c in comparisons {
            try table.append([.text(c.kernelA), .text(c.kernelB), .text(c.metricName), .integer(c.splits),
                              .real(c.meanDifference, significantDigits: 4),
                              c.differenceStandardDeviation.map { .real($0, significantDigits: 4) } ?? .missing,
                              c.tStatistic.map { .real($0, significantDigits: 4) } ?? .missing,
                              .integer(c.aBetter), .integer(c.bBetter), .integer(c.ties)])
        }
        return table
    }
}
