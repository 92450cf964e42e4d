import ArgumentParser
import Foundation
import SpectraKit

extension RegressionTask: ExpressibleByArgument {}
extension FeaturePreprocessing: ExpressibleByArgument {}

/// --data FILE --target COLUMN, the test split and the preprocessing: a labelled table as
/// `regress` and `finite train/add-layer` read it, with messages naming the option at fault.
struct LabeledDataOptions: ParsableArguments {
    @Option(help: "CSV or TSV file with a header row.", completion: .file())
    var data: String

    @Option(help: "Name of the target column.")
    var target: String

    @Option(name: .customLong("test-fraction"), help: "Fraction of the rows held out for testing, in (0, 1).")
    var testFraction: Double = 0.2

    @Option(help: "sphere (standardise, then project onto the sphere) | standardize (keep norms; network kernels only).")
    var preprocess: FeaturePreprocessing = .sphere

    func validate() throws {
        guard testFraction > 0, testFraction < 1 else {
            throw ValidationError("--test-fraction must lie in (0, 1), got \(testFraction)")
        }
    }

    /// A failure of a study on this data, with its exit status: an option out of range for
    /// this table is usage, a property of the table is data (named with the file), anything else
    /// happened while running (named with the kernel, when there is one).
    func failure(_ error: any Error, kernel: String? = nil) -> CommandError {
        switch error {
        case let error as FiniteTrainingError:
            if case .regression(let inner) = error { return failure(inner, kernel: kernel) }
            if case .invalidSetting = error { return .usage("\(error)") }
        case let error as KernelRidgeError:
            switch error {
            case .invalidFolds, .invalidTestFraction, .emptySplit, .kernelNeedsSphere, .negativeRidge, .insufficientMemory: return .usage("\(error)")
            case .singleClass, .notAClassLabel, .tooManyClasses, .tooFewFeatures, .zeroRow, .constantTarget: return .data("--data \(data): \(error)")
            case .gram(.inputTooLarge): return .data("--data \(data): \(error)")
            default: break
            }
        default: break
        }
        return .failure((kernel.map { "\($0): " } ?? "") + "\(error)")
    }

    func load() throws -> LabeledData {
        let text = try InputFile.text(data, option: "--data")
        do { return try LabeledData.parse(text, target: target) } catch {
            switch error {
            case .unknownTarget: throw CommandError.usage("--target: \(error) (in --data \(data))")
            default: throw CommandError.data("--data \(data): \(error)")
            }
        }
    }
}

/// --ridge auto | VALUE and --folds, shared by `regress` and `finite add-layer`.
struct RidgeOptions: ParsableArguments {
    @Option(help: "Ridge: auto (chosen by cross-validation) or a value >= 0.")
    var ridge: String = "auto"

    @Option(help: "Number of cross-validation folds for --ridge auto (2 ... training size).")
    var folds: Int = 5

    func choice() throws -> RidgeChoice {
        if ridge.lowercased() == "auto" { return .auto }
        guard let value = Double(ridge), value.isFinite, value >= 0 else {
            throw ValidationError("--ridge must be auto or a number >= 0, got '\(ridge)'")
        }
        return .fixed(value)
    }

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2, got \(folds)") }
        _ = try choice()
    }
}

struct RegressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Kernel ridge regression on a data table: test error or accuracy per kernel.",
        discussion: """
        --data FILE is a CSV/TSV table with a header row; --target names the target column, every
        other column is a feature. Rows are split (seeded shuffle) into a test set of
        --test-fraction and a training set. Features are standardised with the training rows'
        mean and standard deviation, then projected onto the sphere (--preprocess sphere, any
        kernel) or kept with their norms (--preprocess standardize, network kernels only).
        Targets are centred by their training mean. alpha = (K + ridge I)^{-1} y by Cholesky; at
        --ridge 0 a numerically singular K falls back to its pseudo-inverse (reported as fallback).
        --ridge auto (default) picks the ridge with the smallest mean validation squared error
        of --folds-fold cross-validation on the training rows over ridge = r * trace(K)/n,
        r = 1e-8, 1e-7, ..., 1e2; each fold standardises, centres and builds its K on its own
        training rows only. Classification is one-vs-rest on one-hot targets, argmax.
        --repeats R: R seeded splits instead of one (split r uses seed --seed + 2r, its folds the
        next seed), each with its own cross-validated ridge; every kernel sees the same splits.
        Tables: summary (per kernel: mean, sd, min, max of the score), paired (per pair of kernels:
        mean and sd of the split-by-split difference a - b, the paired t statistic
        mean/(sd/sqrt(R)), and on how many splits each was better) and runs (one row per kernel
        and split). The human formats print summary and paired, csv and tsv summary;
        --table picks any one of the three.
        Shipped data sets (data/README.md): iris.csv, wine.csv, breast_cancer.csv, digits.csv
        (--target class --task classification), diabetes.csv (--target progression).
        Kernels and their parameters, defaults and ranges: spectra kernels.
        Examples:
          spectra regress --kernel ntk --kernel laplace --data data/iris.csv \\
            --target class --task classification
          spectra regress --kernel nngp --data data/diabetes.csv \\
            --target progression --ridge 1e-3 --format json
          spectra regress --kernel ntk --kernel laplace --data data/wine.csv \\
            --target class --task classification --repeats 20
        """
    )

    @OptionGroup var kernelOptions: KernelOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "regression (test MSE) | classification (test accuracy).")
    var task: RegressionTask = .regression

    @OptionGroup var dataOptions: LabeledDataOptions
    @OptionGroup var ridgeOptions: RidgeOptions

    @Option(help: "Seed of the split and of the folds: the same seed gives the same result on every run and machine.")
    var seed: UInt64 = 0

    @Option(help: "Number of seeded random train/test splits (>= 2, <= \(Self.maximumRepeats)); gives mean, sd and paired comparisons.")
    var repeats: Int?

    @Option(help: "The one table of this output, in every format: results (one split), or summary, paired, runs (with --repeats).")
    var table: String?

    static let maximumRepeats = 10_000

    func validate() throws {
        if let repeats, repeats < 2 || repeats > Self.maximumRepeats {
            throw ValidationError("--repeats must lie in 2...\(Self.maximumRepeats) (a spread needs two splits), got \(repeats)")
        }
        let tables = repeats == nil ? ["results"] : ["summary", "paired", "runs"]
        if let table, !tables.contains(table) {
            throw ValidationError("--table \(table) is not part of this output; it has: \(tables.joined(separator: ", "))"
                + (repeats == nil ? " (summary, paired and runs need --repeats)" : ""))
        }
    }

    func run() throws {
        let kernels = try kernelOptions.kernels()
        let ridgeChoice = try ridgeOptions.choice()
        let labeled = try dataOptions.load()
        if let repeats { return try runRepeats(repeats, kernels: kernels, ridge: ridgeChoice, data: labeled) }
        let progress = Progress()
        defer { progress.done() }
        var results: [KernelRegressionResult] = []
        for (index, spec) in kernels.enumerated() {
            progress.say("spectra: \(spec.canonical) (\(index + 1)/\(kernels.count))")
            do {
                results.append(try KernelRegressionStudy.run(data: labeled, kernel: spec.kernel, name: spec.canonical, task: task,
                                                             testFraction: dataOptions.testFraction, folds: ridgeOptions.folds, seed: seed,
                                                             ridge: ridgeChoice, preprocessing: dataOptions.preprocess,
                                                             memoryBudget: MemoryBudget.availableBytes()))
            } catch {
                throw dataOptions.failure(error, kernel: spec.canonical)
            }
        }
        for result in results {
            if let edge = result.ridgeGridEdge { FileHandle.standardError.write(Data("warning: \(result.kernel): \(edge.note)\n".utf8)) }
        }
        let format = outputOptions.format
        let naming = try kernelOptions.naming()
        if format == .json && table == nil {
            try Emitter.emit(try Sections.json(RegressReport.json(results, command: Invocation.commandLine), naming: naming),
                             to: outputOptions.output)
            return
        }
        let title = "Kernel ridge regression on \(dataOptions.data) (target \(labeled.targetName), \(labeled.count) rows, seed \(seed))"
        try Emitter.emit(try Sections.render([Section(key: "results", title: title, table: try RegressReport.table(results))],
                                             format: format, choice: table, naming: naming), to: outputOptions.output)
    }

    /// --repeats R: every kernel on the same R splits; summary, paired and runs tables.
    func runRepeats(_ repeats: Int, kernels: [KernelSpec], ridge: RidgeChoice, data labeled: LabeledData) throws {
        let progress = Progress()
        defer { progress.done() }
        let runs: [[RepeatedSplitRun]]
        var current = ""
        do {
            runs = try RepeatedSplits.run(data: labeled, kernels: kernels.map { ($0.canonical, $0.kernel) }, task: task, splits: repeats,
                                          testFraction: dataOptions.testFraction, folds: ridgeOptions.folds, seed: seed, ridge: ridge,
                                          preprocessing: dataOptions.preprocess, memoryBudget: MemoryBudget.availableBytes()) { k, r in
                current = kernels[k].canonical
                progress.say("spectra: \(current) (\(k + 1)/\(kernels.count)), split \(r + 1)/\(repeats)")
            }
        } catch {
            throw dataOptions.failure(error, kernel: current)
        }
        let summaries = runs.compactMap(RepeatedSplits.summary)
        for s in summaries where s.ridgesAtGridEdge > 0 {
            FileHandle.standardError.write(Data(("warning: \(s.kernel): on \(s.ridgesAtGridEdge) of \(s.splits) splits cross-validation chose "
                + "a ridge at an end of its grid; the best ridge may lie beyond it\n").utf8))
        }
        let summary = try RegressReport.repeatSummary(summaries)
        let paired = try RegressReport.paired(RepeatedSplits.comparisons(runs))
        let all = try RegressReport.repeatRuns(runs)
        if outputOptions.format == .json && table == nil {
            try Emitter.emit(try FiniteReport.json([("summary", summary), ("paired", paired), ("runs", all)],
                                                   details: [("repeats", .integer(repeats)), ("seed", .bigInteger(DecimalInteger(seed)))],
                                                   command: Invocation.commandLine).serializedWithProvenance(), to: outputOptions.output)
            return
        }
        let what = "\(dataOptions.data) (target \(labeled.targetName), \(labeled.count) rows), \(repeats) splits from seed \(seed)"
        try Emitter.emit(try Sections.render([Section(key: "summary", title: "Kernel ridge regression on \(what): score per kernel", table: summary),
                                              Section(key: "paired", title: "Paired comparison on the same splits (difference a - b)", table: paired),
                                              Section(key: "runs", title: "Runs (one per kernel and split)", table: all, shown: false)],
                                             format: outputOptions.format, choice: table, preferred: "summary",
                                             naming: try kernelOptions.naming()), to: outputOptions.output)
    }
}
