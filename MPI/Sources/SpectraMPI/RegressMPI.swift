import ArgumentParser
import Foundation
import SpectraDistributed
import SpectraKit

extension RegressionTask: @retroactive ExpressibleByArgument {}
extension FeaturePreprocessing: @retroactive ExpressibleByArgument {}

/// `spectra regress` over MPI (docs/distributed.md, "Regression"): every rank reads the table
/// and runs spectra regress's own study (`KernelRegressionStudy`, `RepeatedSplits`) with the
/// distributed engine (`DistributedKernelRidge`): each fit's training Gram is assembled per
/// rank in 2-D block-cyclic tiles and factored by ScaLAPACK, never gathered; alpha and the
/// predictions (n x outputs, m x outputs) are summed onto every rank; rank 0 prints what
/// spectra regress prints.
struct RegressMPI: DistributedCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Kernel ridge regression on a data table, as spectra regress, with the kernel matrices spread over the ranks.",
        discussion: """
        The options and the output are those of spectra regress (its --help and docs/regression.md): the same seeded \
        split, preprocessing, folds and ridge grid give the same scores and ridges. Each fit (every cross-validation \
        fold, then the final fit) assembles its training Gram K in 2-D block-cyclic tiles on every rank, factors \
        K + ridge I with ScaLAPACK's pdpotrf and solves for all target columns at once with pdpotrs; each rank \
        computes the test-by-train kernel block for its share of the test rows. At --ridge 0 a numerically singular \
        K falls back to its pseudo-inverse from pdsyevd. Before anything n x n is allocated, the memory of the \
        largest rank is checked against --memory-per-rank. See docs/distributed.md.
        Example: mpirun -np 2 spectra-mpi regress --kernel ntk --kernel laplace --data data/wine.csv \\
          --target class --task classification
        """)

    @Option(name: .customLong("kernel"), help: "Kernel specification NAME[:key=value,...] or LABEL=NAME[:...], as for spectra; repeatable.")
    var kernels: [String] = []

    @Option(help: "regression (test MSE) | classification (test accuracy).")
    var task: RegressionTask = .regression

    @Option(help: "CSV or TSV file with a header row; every rank reads it.")
    var data: String

    @Option(help: "Name of the target column.")
    var target: String

    @Option(name: .customLong("test-fraction"), help: "Fraction of the rows held out for testing, in (0, 1).")
    var testFraction: Double = 0.2

    @Option(help: "sphere (standardise, then project onto the sphere) | standardize (keep norms; network kernels only).")
    var preprocess: FeaturePreprocessing = .sphere

    @Option(help: "Ridge: auto (chosen by cross-validation) or a value >= 0.")
    var ridge: String = "auto"

    @Option(help: "Number of cross-validation folds for --ridge auto (2 ... training size).")
    var folds: Int = 5

    @Option(help: "Seed of the split and of the folds: the same seed gives the same result on every run, machine and number of ranks.")
    var seed: UInt64 = 0

    @Option(help: "Number of seeded random train/test splits (>= 2, <= \(Self.maximumRepeats)); gives mean, sd and paired comparisons.")
    var repeats: Int?

    @Option(help: "The one table of this output, in every format: results (one split), or summary, paired, runs (with --repeats).")
    var table: String?

    @OptionGroup var layout: LayoutOptions

    @Option(help: "Output format: table (default), csv, tsv, json, markdown, latex.")
    var format: TableFormat = .table

    @Option(help: "Write to this file (atomically, by rank 0) instead of standard output.")
    var output: String?

    @Option(name: .customLong("predictions-csv"), help: "Also write the test predictions to this CSV file (rank 0; one split only): the test rows' line in --data, then one column per kernel and output.")
    var predictionsCSV: String?

    static let maximumRepeats = 10_000

    func validate() throws {
        if kernels.isEmpty { throw ValidationError("--kernel is required: give at least one, e.g. --kernel ntk or --kernel laplace:c=2") }
        guard testFraction > 0, testFraction < 1 else { throw ValidationError("--test-fraction must lie in (0, 1), got \(testFraction)") }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2, got \(folds)") }
        _ = try ridgeChoice()
        if let repeats, repeats < 2 || repeats > Self.maximumRepeats {
            throw ValidationError("--repeats must lie in 2...\(Self.maximumRepeats) (a spread needs two splits), got \(repeats)")
        }
        let tables = repeats == nil ? ["results"] : ["summary", "paired", "runs"]
        if let table, !tables.contains(table) {
            throw ValidationError("--table \(table) is not part of this output; it has: \(tables.joined(separator: ", "))"
                + (repeats == nil ? " (summary, paired and runs need --repeats)" : ""))
        }
        if predictionsCSV != nil && repeats != nil { throw ValidationError("--predictions-csv writes one split's predictions; it does not apply with --repeats") }
    }

    func ridgeChoice() throws -> RidgeChoice {
        if ridge.lowercased() == "auto" { return .auto }
        guard let value = Double(ridge), value.isFinite, value >= 0 else {
            throw ValidationError("--ridge must be auto or a number >= 0, got '\(ridge)'")
        }
        return .fixed(value)
    }

    /// Every refusal below happens on every rank with the same inputs (or is agreed), so that no
    /// rank is left waiting in a collective.
    func body(_ comm: Communicator) throws {
        let labeled = try parseKernels()
        let ridge = try ridgeChoice()
        try checkOutputs([("--output", output), ("--predictions-csv", predictionsCSV)], data: data)
        let set = try load(comm)

        // The plan, before any n x n allocation: the split's sizes are known from the row count.
        let grid: ProcessGrid
        if let text = layout.grid, let given = parseGrid(text) {
            guard given.count == comm.size else {
                throw Failure(message: "--grid \(given.rows)x\(given.columns) has \(given.count) processes but the job has \(comm.size) ranks; "
                    + "give a grid of \(comm.size) (default: the squarest)", status: 64)
            }
            grid = given
        } else {
            grid = ProcessGrid.squarest(ranks: comm.size)
        }
        let split: (train: [Int], test: [Int])
        do { split = try KernelRegressionStudy.split(count: set.count, testFraction: testFraction, seed: seed) } catch {
            throw failure(error, kernel: nil)
        }
        let n = split.train.count
        if let blockSize = layout.blockSize, blockSize > n {
            throw Failure(message: "--block-size must be in 1...\(n) (the training rows), got \(blockSize)", status: 64)
        }
        let engine = DistributedKernelRidge(communicator: comm, grid: grid, blockSize: layout.blockSize)
        let outputs = task == .classification ? Swift.max(set.classes.count, 1) : 1
        let plan = DistributedRegressionPlan(rows: set.count, trainRows: n, testRows: split.test.count, features: set.featureCount,
                                             outputs: outputs, folds: ridge == .auto ? folds : nil, ridgeZero: ridge == .fixed(0),
                                             layout: engine.layout(trainRows: n))
        let budget = layout.budget(comm)
        guard plan.bytesPerRank <= budget else { throw Failure(message: shortfall(plan, budget: budget, ranks: comm.size), status: 64) }

        let start = Communicator.now()
        if let repeats {
            try runRepeats(repeats, kernels: labeled, ridge: ridge, data: set, engine: engine, plan: plan, budget: budget, start: start)
        } else {
            try runOnce(kernels: labeled, ridge: ridge, data: set, engine: engine, plan: plan, budget: budget, start: start)
        }
    }

    func parseKernels() throws -> [LabeledKernelSpec] {
        do {
            let labeled = try kernels.map { text throws(Failure) -> LabeledKernelSpec in
                do { return try LabeledKernelSpec(parsing: text) } catch let error as KernelLabelError {
                    if case .spec(let inner) = error { throw Failure(message: "--kernel \(text): \(inner)", status: 64) }
                    throw Failure(message: "--kernel \(text): \(error)", status: 64)
                } catch { throw Failure(message: "--kernel \(text): \(error)", status: 64) }
            }
            try LabeledKernelSpec.checkDistinct(Array(zip(kernels, labeled)).map { (text: $0, kernel: $1) })
            return labeled
        } catch let failure as Failure { throw failure } catch { throw Failure(message: "\(error)", status: 64) }
    }

    /// The table, read by every rank; a failure is agreed (the same status and message everywhere).
    func load(_ comm: Communicator) throws -> LabeledData {
        var failure: Failure? = nil
        var table: LabeledData? = nil
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: data, isDirectory: &isDirectory) {
            failure = Failure(message: "--data \(data): no such file", status: 64)
        } else if isDirectory.boolValue {
            failure = Failure(message: "--data \(data): is a directory; give a CSV or TSV file", status: 64)
        } else if let bytes = FileManager.default.contents(atPath: data) {
            if let text = String(data: bytes, encoding: .utf8) {
                do { table = try LabeledData.parse(text, target: target) } catch {
                    if case .unknownTarget = error {
                        failure = Failure(message: "--target: \(error) (in --data \(data))", status: 64)
                    } else {
                        failure = Failure(message: "--data \(data): \(error)", status: 65)
                    }
                }
            } else {
                failure = Failure(message: "--data \(data): is not UTF-8 text; give a CSV or TSV file", status: 65)
            }
        } else {
            failure = Failure(message: "--data \(data): cannot be read (permission denied)", status: 64)
        }
        let statuses = comm.maximum(Int(failure?.status ?? 0))
        if let message = comm.agree(failure?.message) { throw Failure(message: message, status: Int32(statuses)) }
        guard let table else { throw Failure(message: "--data \(data): no rows", status: 65) }
        return table
    }

    /// A failure of the study, with spectra regress's exit status: an option out of range for this
    /// table is usage, a property of the table is data, anything else a failure (named with the kernel).
    func failure(_ error: KernelRidgeError, kernel: String?) -> Failure {
        switch error {
        case .invalidFolds, .invalidTestFraction, .emptySplit, .kernelNeedsSphere, .negativeRidge, .insufficientMemory:
            return Failure(message: "\(error)", status: 64)
        case .singleClass, .notAClassLabel, .tooManyClasses, .tooFewFeatures, .zeroRow, .constantTarget, .gram(.inputTooLarge):
            return Failure(message: "--data \(data): \(error)", status: 65)
        default:
            return Failure(message: (kernel.map { "\($0): " } ?? "") + "\(error)", status: 1)
        }
    }

    /// The refusal: what the training rows need per rank on this many ranks, what is available,
    /// and how many ranks would fit.
    func shortfall(_ plan: DistributedRegressionPlan, budget: Int, ranks: Int) -> String {
        let given = layout.memoryPerRank.map { " (--memory-per-rank \($0))" } ?? " (MemAvailable divided by the ranks on the node; set it with --memory-per-rank)"
        var message = "--data \(data): \(plan.trainRows) training rows (--test-fraction \(testFraction) of \(plan.rows)) on \(ranks) rank\(ranks == 1 ? "" : "s") "
            + "(grid \(plan.layout.grid), block \(plan.layout.blockSize)) need about \(formatBytes(plan.bytesPerRank)) per rank, "
            + "but only \(formatBytes(budget)) per rank is available\(given)"
        if let needed = plan.ranksNeeded(budgetPerRank: budget) {
            message += "; at \(formatBytes(budget)) per rank they need at least \(needed) ranks"
        } else {
            message += "; what every rank holds whole (the table and its held-out share) does not fit in \(formatBytes(budget)) on any number of ranks"
        }
        return message
    }

    func runOnce(kernels labeled: [LabeledKernelSpec], ridge: RidgeChoice, data set: LabeledData, engine: DistributedKernelRidge,
                 plan: DistributedRegressionPlan, budget: Int, start: Double) throws {
        var results: [KernelRegressionResult] = []
        var predictions: [[Double]] = []
        for spec in labeled {
            do {
                results.append(try KernelRegressionStudy.run(data: set, kernel: spec.spec.kernel, name: spec.spec.canonical, task: task,
                                                             testFraction: testFraction, folds: folds, seed: seed, ridge: ridge,
                                                             preprocessing: preprocess, engine: engine))
            } catch { throw failure(error, kernel: spec.spec.canonical) }
            if case .predicted(let values, _)? = engine.lastOutcomes.first { predictions.append(values) }
        }
        let report = timingReport(engine, plan: plan, budget: budget, start: start)
        guard engine.communicator.isRoot else { return }
        for result in results {
            if let edge = result.ridgeGridEdge { standardError("warning: \(result.kernel): \(edge.note)") }
        }
        let naming = KernelNaming(labeled)
        let command = "spectra-mpi " + CommandLine.arguments.dropFirst().joined(separator: " ")
        let text: String
        if format == .json && table == nil {
            text = try withDistributed(naming.forPrograms(RegressReport.json(results, command: command)), report).serialized()
        } else {
            let title = "Kernel ridge regression on \(data) (target \(set.targetName), \(set.count) rows, seed \(seed))"
            text = try render([(key: "results", title: title, table: try RegressReport.table(results), shown: true)], naming: naming,
                              preferred: "results", command: command)
        }
        try emit(text, to: output, option: "--output")
        if let path = predictionsCSV {
            let testRows = try KernelRegressionStudy.split(count: set.count, testFraction: testFraction, seed: seed).test
            let classes = set.classes
            let header = ["line"] + labeled.flatMap { k in
                task == .classification ? classes.map { "\(k.spec.canonical)#\(formatLabel($0))" } : [k.spec.canonical]
            }
            var csv = header.map { "\"\($0)\"" }.joined(separator: ",") + "\n"
            let m = testRows.count
            for (i, row) in testRows.enumerated() {
                let values = predictions.flatMap { p in (0..<(p.count / m)).map { o in String(p[i + o * m]) } }
                csv += ([String(set.sourceLines[row])] + values).joined(separator: ",") + "\n"
            }
            try emit(csv, to: path, option: "--predictions-csv")
        }
        report.map { standardError($0.text) }
    }

    func runRepeats(_ repeats: Int, kernels labeled: [LabeledKernelSpec], ridge: RidgeChoice, data set: LabeledData,
                    engine: DistributedKernelRidge, plan: DistributedRegressionPlan, budget: Int, start: Double) throws {
        var runs: [[RepeatedSplitRun]] = []
        for spec in labeled {
            do {
                runs += try RepeatedSplits.run(data: set, kernels: [(spec.spec.canonical, spec.spec.kernel)], task: task, splits: repeats,
                                               testFraction: testFraction, folds: folds, seed: seed, ridge: ridge,
                                               preprocessing: preprocess, engine: engine)
            } catch { throw failure(error, kernel: spec.spec.canonical) }
        }
        let report = timingReport(engine, plan: plan, budget: budget, start: start)
        guard engine.communicator.isRoot else { return }
        let summaries = runs.compactMap(RepeatedSplits.summary)
        for s in summaries where s.ridgesAtGridEdge > 0 {
            standardError("warning: \(s.kernel): on \(s.ridgesAtGridEdge) of \(s.splits) splits cross-validation chose "
                + "a ridge at an end of its grid; the best ridge may lie beyond it")
        }
        let summary = try RegressReport.repeatSummary(summaries)
        let paired = try RegressReport.paired(RepeatedSplits.comparisons(runs))
        let all = try RegressReport.repeatRuns(runs)
        let naming = KernelNaming(labeled)
        let command = "spectra-mpi " + CommandLine.arguments.dropFirst().joined(separator: " ")
        let text: String
        if format == .json && table == nil {
            let document = FiniteReport.json([("summary", summary), ("paired", paired), ("runs", all)],
                                             details: [("repeats", .integer(repeats)), ("seed", .bigInteger(DecimalInteger(seed)))],
                                             command: command)
            text = try withDistributed(naming.forPrograms(document), report).serialized()
        } else {
            let what = "\(data) (target \(set.targetName), \(set.count) rows), \(repeats) splits from seed \(seed)"
            text = try render([(key: "summary", title: "Kernel ridge regression on \(what): score per kernel", table: summary, shown: true),
                               (key: "paired", title: "Paired comparison on the same splits (difference a - b)", table: paired, shown: true),
                               (key: "runs", title: "Runs (one per kernel and split)", table: all, shown: false)],
                              naming: naming, preferred: "summary", command: command)
        }
        try emit(text, to: output, option: "--output")
        report.map { standardError($0.text) }
    }

    /// With --timings: the slowest rank's seconds per phase, the memory per rank (estimated,
    /// measured, budget) and the layout of the final fit; nil without. A collective: every rank.
    func timingReport(_ engine: DistributedKernelRidge, plan: DistributedRegressionPlan, budget: Int,
                      start: Double) -> (text: String, json: JSONValue)? {
        guard layout.timings else { return nil }
        let comm = engine.communicator
        let assembly = comm.maximum(engine.seconds.assembly), solve = comm.maximum(engine.seconds.solve)
        let prediction = comm.maximum(engine.seconds.prediction), total = comm.maximum(Communicator.now() - start)
        let peak = comm.maximum(peakResidentBytes() ?? -1)
        let final = engine.lastLayout ?? plan.layout
        let (np, nq) = final.largestLocalShape
        let text = """
        spectra-mpi: \(comm.size) ranks (\(comm.ranksOnThisNode) on this node), grid \(final.grid), block \(final.blockSize), \
        largest local matrix of the final fit \(np) x \(nq); \(engine.fitCount) fits, \(engine.factorisations) Cholesky factorisations
        spectra-mpi: memory per rank: estimated \(formatBytes(plan.bytesPerRank)), measured peak \(peak >= 0 ? formatBytes(peak) : "unknown"), \
        budget \(formatBytes(budget))
        spectra-mpi: assembly \(String(format: "%.3f", assembly)) s, Cholesky and solves \(String(format: "%.3f", solve)) s, \
        held-out blocks and predictions \(String(format: "%.3f", prediction)) s, total \(String(format: "%.3f", total)) s (slowest rank)
        """
        let json = JSONValue.object([
            ("ranks", .integer(comm.size)), ("grid", .array([.integer(final.grid.rows), .integer(final.grid.columns)])),
            ("block_size", .integer(final.blockSize)), ("largest_local_matrix", .array([.integer(np), .integer(nq)])),
            ("fits", .integer(engine.fitCount)), ("cholesky_factorisations", .integer(engine.factorisations)),
            ("estimated_bytes_per_rank", .integer(plan.bytesPerRank)),
            ("peak_bytes_per_rank", peak >= 0 ? .integer(peak) : .null), ("budget_bytes_per_rank", .integer(budget)),
            ("assembly_seconds", .real(assembly)), ("solve_seconds", .real(solve)), ("prediction_seconds", .real(prediction)),
            ("total_seconds", .real(total)),
        ])
        return (text, json)
    }

    func withDistributed(_ document: JSONValue, _ report: (text: String, json: JSONValue)?) -> JSONValue {
        guard let report, case .object(var fields) = document else { return document }
        fields.append(("distributed", report.json))
        return .object(fields)
    }

    /// The tables chosen and rendered as spectra's commands do (--table; the human formats' shown
    /// tables; csv/tsv the preferred one; json one table's rows).
    func render(_ sections: [(key: String, title: String, table: Table, shown: Bool)], naming: KernelNaming, preferred: String,
                command: String) throws -> String {
        let chosen = table.flatMap { choice in sections.first { $0.key == choice } }
        switch format {
        case .csv, .tsv:
            let section = chosen ?? sections.first { $0.key == preferred } ?? sections[0]
            return try format.render(naming.forPrograms(section.table))
        case .json:
            let section = chosen ?? sections[0]
            return try JSONValue.object([
                ("spectra_version", .string(SpectraVersion.string)), ("command", .string(command)),
                ("table", .string(section.key)), ("rows", JSONValue(naming.forPrograms(section.table))),
            ]).serialized()
        case .markdown, .latex, .table:
            let printed = chosen.map { [$0] } ?? sections.filter(\.shown)
            return try printed.enumerated().map { i, section in
                let table = naming.forPeople(section.table)
                switch format {
                case .markdown: return "### \(section.title)\n\n" + (try format.render(table))
                case .latex:
                    return (i == 0 ? LaTeXFormatter.preamble + "\n" : "") + "% \(section.title)\n"
                        + LaTeXFormatter.render(table.droppingEmptyColumns(), withPreamble: false)
                default: return "# \(section.title)\n" + (try format.render(table))
                }
            }.joined(separator: "\n")
        }
    }

    /// Standard output, or the file (atomically).
    func formatLabel(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
