import ArgumentParser
import Foundation
import SpectraKit

/// `--activation NAME[:key=value,...]` (relu, leaky_relu:slope=0.1, abrelu:a=-0.5,b=1, ...).
extension NetworkKernel.Activation: ExpressibleByArgument {
    public init?(argument: String) {
        guard let activation = try? NetworkKernel.Activation(parsing: argument) else { return nil }
        self = activation
    }

    public static var allValueStrings: [String] { NetworkActivation.Name.allCases.map(\.rawValue) }

    public var defaultValueDescription: String { description }
}

/// The help text of the finite commands' --activation.
let activationHelp = ArgumentHelp(
    "The activation: " + NetworkActivation.Name.allCases.map(\.rawValue).joined(separator: " | ")
        + "; leaky_relu:slope=S (S in [0, 1]) and abrelu:a=A,b=B take parameters.")

struct FiniteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finite",
        abstract: "Finite networks against their infinite-width kernels (NTK parameterisation, docs/kernels.md and docs/finite-networks.md).",
        discussion: """
        A network of depth D has D weight layers (D - 1 hidden layers of width m) and a scalar output;
        input_var = weight_var and beta = 0. Each study writes two tables: runs (one row per
        configuration and seed, the tidy table to plot from; --table runs) and summary (one row per
        configuration; --table summary). chi and phase place weight_var and bias_var in the
        mean-field phase diagram (chi < 1 ordered, = 1 critical, > 1 chaotic; ReLU: chi = weight_var/2).
        Examples:
          spectra finite init --depths 3,10 --widths 64,256 \\
            --variances 1.5:0.1,2:0.1,2.5:0.1 --seeds 5
          spectra finite train --data data/diabetes.csv --target progression \\
            --depths 3 --widths 64 --steps 100
          spectra finite add-layer --data data/diabetes.csv --target progression \\
            --depth 3 --width 64 --seeds 2 --steps 100
        """,
        subcommands: [FiniteInitCommand.self, FiniteTrainCommand.self, FiniteAddLayerCommand.self]
    )
}

/// --format, --output and --table for the finite studies, and the one way they write their
/// summary and runs tables: both in json (with `details` beside them), the one --table names in
/// csv/tsv, both one after the other in the human formats.
struct FiniteOutputOptions: ParsableArguments {
    @OptionGroup var output: OutputOptions

    @Option(help: "Print this table alone, in any format: summary | runs (default: both for people, csv/tsv summary).")
    var table: String?

    func emit(summary: Table, title: String, runs: Table, runsTitle: String,
              details: [(key: String, value: JSONValue)]) throws {
        let text: String
        if output.format == .json && table == nil {
            text = try FiniteReport.json([("runs", runs), ("summary", summary)], details: details,
                                         command: Invocation.commandLine).serializedWithProvenance()
        } else {
            text = try Sections.render([Section(key: "summary", title: title, table: summary),
                                        Section(key: "runs", title: runsTitle, table: runs)],
                                       format: output.format, choice: table, preferred: "summary")
        }
        try Emitter.emit(text, to: output.output)
    }
}

/// Comma-separated option values, each checked, with the option named in every message.
enum ListParsing {
    static func integers(_ text: String, option: String, minimum: Int, what: String) throws -> [Int] {
        try ValueList.items(text).map { item in
            guard let value = Int(item), value >= minimum else {
                throw ValidationError("\(option): '\(item)' is not allowed; \(what) must be integers >= \(minimum), separated by commas")
            }
            return value
        }
    }

    /// WEIGHT_VAR:BIAS_VAR pairs, e.g. 1.5:0.1,2:0,2.5:0.1.
    static func variances(_ text: String, option: String) throws -> [(weight: Double, bias: Double)] {
        try ValueList.items(text).map { item in
            guard let (w, b) = ValueList.realPair(item), w > 0, b >= 0 else {
                throw ValidationError("\(option): '\(item)' is not allowed; give WEIGHT_VAR:BIAS_VAR pairs with weight_var > 0 "
                    + "and bias_var >= 0, separated by commas (e.g. 1.5:0.1,2:0,2.5:0.1)")
            }
            return (w, b)
        }
    }
}

/// The sweep: activation x depths x widths x (weight_var, bias_var), over seeds.
struct NetworkGridOptions: ParsableArguments {
    @Option(help: activationHelp)
    var activation: NetworkKernel.Activation = .relu

    @Option(help: "Depths (weight layers, >= 2), comma-separated.")
    var depths: String = "3"

    @Option(help: "Hidden widths (>= 1), comma-separated.")
    var widths: String = "64,256,1024"

    @Option(help: "WEIGHT_VAR:BIAS_VAR pairs, comma-separated (ReLU: 2 is the edge of chaos).")
    var variances: String = "2:0"

    @Option(help: "Number of random initialisations per configuration; network s (1...S) uses seed --seed + s.")
    var seeds: Int = 5

    func validate() throws {
        _ = try ListParsing.integers(depths, option: "--depths", minimum: 2, what: "depths")
        _ = try ListParsing.integers(widths, option: "--widths", minimum: 1, what: "widths")
        _ = try ListParsing.variances(variances, option: "--variances")
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
    }

    func architectures() throws -> [NetworkArchitecture] {
        do {
            return try NetworkArchitecture.grid(
                activation: activation, depths: try ListParsing.integers(depths, option: "--depths", minimum: 2, what: "depths"),
                widths: try ListParsing.integers(widths, option: "--widths", minimum: 1, what: "widths"),
                variances: try ListParsing.variances(variances, option: "--variances"))
        } catch let error as FiniteNetworkError {
            throw NetworkRefusal.named(error, flags: ["depth": "--depths", "width": "--widths", "weight_var": "--variances",
                                                     "bias_var": "--variances", "activation": "--activation"])
        }
    }

    func networkSeeds(base: UInt64) -> [UInt64] { (1...seeds).map { base &+ UInt64($0) } }
}

/// A network the library refused, named by the option that set the parameter at fault rather
/// than by the kernel spec the command built from it.
enum NetworkRefusal {
    /// `flags` maps a parameter (depth, width, weight_var, bias_var, activation) to its option.
    static func named(_ error: FiniteNetworkError, flags: [String: String]) -> CommandError {
        switch error {
        case .invalidKernel(let spec):
            if let key = spec.key, let flag = flags[key] { return .usage("\(flag): \(spec.detail)") }
        case .invalidDepth:
            if let flag = flags["depth"] { return .usage("\(flag): \(error)") }
        case .invalidWidth:
            if let flag = flags["width"] { return .usage("\(flag): \(error)") }
        default: break
        }
        return .usage("network: \(error)")
    }
}

/// Training settings shared by `train` and `add-layer`.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Full-batch gradient descent steps.")
    var steps: Int = 1000

    @Option(name: .customLong("learning-rate"),
            help: "Step size in units of n / lambda_max(Theta_hat) at initialisation (the linearised network converges below 2).")
    var learningRate: Double = 1

    @Option(help: "How many evenly spaced steps are recorded (besides step 0).")
    var checkpoints: Int = 10

    func settings() throws -> TrainingSettings {
        do { return try TrainingSettings(steps: steps, learningRate: learningRate, checkpoints: min(checkpoints, steps)) }
        catch { throw ValidationError("--\(optionName(error)): \(error)") }
    }

    private func optionName(_ error: FiniteTrainingError) -> String {
        if case let .invalidSetting(name, _, _) = error { return name.replacingOccurrences(of: " ", with: "-") }
        return "steps"
    }

    func validate() throws {
        guard checkpoints >= 1 else { throw ValidationError("--checkpoints must be at least 1, got \(checkpoints)") }
        _ = try settings()
    }
}

/// A labelled table, split and preprocessed as `spectra regress` does, optionally a seeded subset
/// of its rows.
struct TrainingDataOptions: ParsableArguments {
    @OptionGroup var labeled: LabeledDataOptions

    @Option(help: "Use only this many rows, a seeded random subset (default: all).")
    var rows: Int?

    func validate() throws {
        if let rows, rows < 4 { throw ValidationError("--rows must be at least 4, got \(rows)") }
    }

    func load(seed: UInt64) throws -> LabeledData {
        var table = try labeled.load()
        if let rows {
            guard rows <= table.count else { throw CommandError.usage("--rows \(rows): --data \(labeled.data) has only \(table.count) rows") }
            table = table.subset(Array(RidgeCrossValidation.shuffled(table.count, seed: seed)[..<rows]).sorted())
        }
        return table
    }

    func split(_ table: LabeledData, seed: UInt64) throws -> TrainingData {
        do { return try TrainingData(table, testFraction: labeled.testFraction, seed: seed, preprocessing: labeled.preprocess) }
        catch { throw labeled.failure(error) }
    }
}

/// Refuses sweeps whose largest network would not fit in memory, before anything is allocated:
/// (2D - 1) n m activations, D m^2 parameters (twice: the gradient) and four n x n matrices.
enum FiniteMemoryCheck {
    static func check(_ architectures: [NetworkArchitecture], points n: Int, dimension d: Int) throws {
        let budget = MemoryBudget.availableBytes()
        for a in architectures {
            let doubles = Double(2 * a.depth - 1) * Double(n) * Double(a.width)
                + 2 * Double(a.depth) * Double(a.width) * Double(max(a.width, d)) + 4 * Double(n) * Double(n)
            if doubles * 8 > Double(budget) {
                throw CommandError.usage("depth \(a.depth), width \(a.width) on \(n) points needs about \(String(format: "%.0f", doubles * 8 / 1_048_576)) MiB; "
                    + "\(budget >> 20) MiB are available: use fewer points or a smaller width")
            }
        }
    }
}
