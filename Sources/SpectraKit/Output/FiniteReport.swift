/// Tidy tables for `spectra finite`: one row per configuration and seed (runs), one per
/// configuration (summary). Statistical quantities print 4 significant digits in the human
/// formats; csv, tsv and json carry every bit.
public enum FiniteReport {
    static let digits = 4

    static let architectureColumns = ["activation", "depth", "width", "weight_var", "bias_var", "chi", "phase"]

    static func architectureCells(_ a: NetworkArchitecture) -> [TableCell] {
        let phase = a.phase
        return [.text(a.activation.description), .integer(a.depth), .integer(a.width), .real(a.weightVariance),
                .real(a.biasVariance), .real(phase.chi, significantDigits: 6), .text(phase.name.rawValue)]
    }

    static func real(_ x: Double?) -> TableCell { x.map { .real($0, significantDigits: digits) } ?? .missing }

    // MARK: init

    public static func initRuns(_ runs: [FiniteInitRun], timings: Bool) throws -> Table {
        var table = try Table(columns: architectureColumns + ["seed", "relative_error", "trace_ratio"]
            + (timings ? ["empirical_ntk_seconds"] : []))
        for r in runs {
            try table.append(architectureCells(r.architecture)
                + [.bigInteger(DecimalInteger(r.seed)), real(r.relativeError), real(r.traceRatio)]
                + (timings ? [real(r.empiricalNTKSeconds)] : []))
        }
        return table
    }

    public static func initSummary(_ summaries: [FiniteInitSummary]) throws -> Table {
        var table = try Table(columns: architectureColumns + ["seeds", "mean_relative_error", "relative_spread", "mean_deviation"])
        for s in summaries {
            try table.append(architectureCells(s.architecture)
                + [.integer(s.seeds), real(s.meanRelativeError), real(s.relativeSpread), real(s.meanDeviation)])
        }
        return table
    }

    // MARK: train

    public static func trainRuns(_ runs: [TrainingRun]) throws -> Table {
        var table = try Table(columns: architectureColumns + ["seed", "step", "train_mse", "test_mse", "kernel_change",
                                                              "ntk_train_mse", "ntk_test_mse", "prediction_gap",
                                                              "step_size", "lambda_max"])
        for r in runs {
            for c in r.checkpoints {
                try table.append(architectureCells(r.architecture)
                    + [.bigInteger(DecimalInteger(r.seed)), .integer(c.step), real(c.trainMSE), real(c.testMSE),
                       real(c.kernelChange), real(c.ntkTrainMSE), real(c.ntkTestMSE), real(c.predictionGap),
                       real(r.stepSize), real(r.initialLambdaMax)])
            }
        }
        return table
    }

    /// Per architecture, the last checkpoint averaged over seeds (standard deviations beside the
    /// kernel change and the test error).
    public static func trainSummary(_ runs: [TrainingRun]) throws -> Table {
        var table = try Table(columns: architectureColumns + ["seeds", "steps", "kernel_change", "kernel_change_sd", "train_mse",
                                                              "test_mse", "test_mse_sd", "ntk_test_mse", "prediction_gap"])
        var order: [NetworkArchitecture] = []
        for r in runs where !order.contains(r.architecture) { order.append(r.architecture) }
        for architecture in order {
            let last = runs.filter { $0.architecture == architecture }.map { $0.checkpoints[$0.checkpoints.count - 1] }
            let change = last.map(\.kernelChange), test = last.map(\.testMSE)
            try table.append(architectureCells(architecture)
                + [.integer(last.count), .integer(last[0].step), real(AddLayerStudy.mean(change)),
                   real(AddLayerStudy.standardDeviation(change)), real(AddLayerStudy.mean(last.map(\.trainMSE))),
                   real(AddLayerStudy.mean(test)), real(AddLayerStudy.standardDeviation(test)),
                   real(AddLayerStudy.mean(last.map(\.ntkTestMSE))), real(AddLayerStudy.mean(last.map(\.predictionGap)))])
        }
        return table
    }

    // MARK: add-layer

    public static func addLayerRuns(_ runs: [AddLayerRun]) throws -> Table {
        var table = try Table(columns: ["model", "depth", "seed", "train_mse", "test_mse", "ridge", "ridge_note"])
        for r in runs {
            try table.append([.text(r.model.rawValue), .integer(r.depth), .bigInteger(DecimalInteger(r.seed)),
                              real(r.trainMSE), real(r.testMSE), real(r.ridge), .text(r.ridgeGridEdge?.note ?? "")])
        }
        return table
    }

    public static func addLayerSummary(_ summaries: [AddLayerSummary]) throws -> Table {
        var table = try Table(columns: ["model", "depth", "seeds", "mean_test_mse", "test_mse_sd", "change", "change_sd"])
        for s in summaries {
            try table.append([.text(s.model.rawValue), .integer(s.depth), .integer(s.seeds), real(s.meanTestMSE),
                              real(s.standardDeviation), real(s.meanChange), real(s.changeStandardDeviation)])
        }
        return table
    }

    /// {"spectra_version", "command", then each named table as an array of row objects}.
    public static func json(_ tables: [(key: String, table: Table)], details: [(key: String, value: JSONValue)] = [],
                            command: String) -> JSONValue {
        .object([("spectra_version", .string(SpectraVersion.string)), ("command", .string(command))] + details
            + tables.map { (key: $0.key, value: JSONValue($0.table)) })
    }
}
