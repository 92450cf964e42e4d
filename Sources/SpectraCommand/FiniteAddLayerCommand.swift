import ArgumentParser
import Foundation
import SpectraKit

struct FiniteAddLayerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-layer",
        abstract: "Test error of trained networks of depth D and D+1 against NTK and NNGP regression of the same depths.",
        discussion: """
        For each seed s = 1...S: the rows are split with seed --seed + s (as spectra finite train
        splits them), a network of depth D and one of depth D + 1 (seed --seed + s) are trained by
        gradient descent, and kernel ridge regression with the analytic NTK and NNGP of depths D and
        D + 1 is fitted on the same rows (ridge by --ridge, cross-validated by default). Errors are
        test MSEs of the standardised target; the summary gives mean and standard deviation over
        seeds and the paired change from depth D to D + 1.
        Example:
          spectra finite add-layer --data data/diabetes.csv --target progression \\
            --depth 3 --width 128 --seeds 2 --steps 200 --learning-rate 0.5
        """
    )

    @OptionGroup var dataOptions: TrainingDataOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var output: FiniteOutputOptions

    @Option(help: activationHelp)
    var activation: NetworkKernel.Activation = .relu

    @Option(help: "The shallower depth D (weight layers, >= 2); D + 1 is compared with it.")
    var depth: Int = 3

    @Option(help: "Hidden width of the networks (>= 1).")
    var width: Int = 512

    @Option(name: .customLong("weight-var"), help: "Weight variance (> 0).")
    var weightVar: Double = 2

    @Option(name: .customLong("bias-var"), help: "Bias variance (>= 0).")
    var biasVar: Double = 0

    @Option(help: "Number of seeds (splits and initialisations).")
    var seeds: Int = 5

    @Option(help: "Base seed; seed s uses --seed + s.")
    var seed: UInt64 = 0

    @OptionGroup var ridgeOptions: RidgeOptions

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
        guard width >= 1 else { throw ValidationError("--width must be at least 1, got \(width)") }
    }

    func run() throws {
        let shallow: NetworkArchitecture
        do {
            shallow = try NetworkArchitecture(activation: activation, depth: depth, width: width, weightVariance: weightVar,
                                              biasVariance: biasVar)
            _ = try NetworkArchitecture(activation: activation, depth: depth + 1, width: width, weightVariance: weightVar,
                                        biasVariance: biasVar)
        } catch {
            throw NetworkRefusal.named(error, flags: ["depth": "--depth", "width": "--width", "weight_var": "--weight-var",
                                                     "bias_var": "--bias-var", "activation": "--activation"])
        }
        let settings = try training.settings()
        let table = try dataOptions.load(seed: seed)
        let trainRows = table.count - Int((dataOptions.labeled.testFraction * Double(table.count)).rounded())
        try FiniteMemoryCheck.check([shallow], points: table.count, dimension: table.featureCount)
        let progress = Progress()
        defer { progress.done() }
        let result: (runs: [AddLayerRun], summaries: [AddLayerSummary])
        do {
            result = try AddLayerStudy.run(data: table, shallow: shallow, seeds: (1...seeds).map { seed &+ UInt64($0) },
                                           testFraction: dataOptions.labeled.testFraction, settings: settings, ridge: try ridgeOptions.choice(),
                                           folds: ridgeOptions.folds, preprocessing: dataOptions.labeled.preprocess) {
                progress.say("spectra finite add-layer: " + $0)
            }
        } catch {
            throw dataOptions.labeled.failure(error)
        }
        for run in result.runs {
            guard let edge = run.ridgeGridEdge else { continue }
            FileHandle.standardError.write(Data("warning: \(run.model.rawValue), depth \(run.depth), seed \(run.seed): \(edge.note)\n".utf8))
        }
        let title = "Adding a layer: \(activation), depth \(depth) -> \(depth + 1), width \(width), weight_var \(weightVar), "
            + "bias_var \(biasVar), on \(dataOptions.labeled.data) (target \(dataOptions.labeled.target)), \(seeds) seeds"
        try output.emit(summary: try FiniteReport.addLayerSummary(result.summaries), title: title,
                        runs: try FiniteReport.addLayerRuns(result.runs), runsTitle: "Runs (one per model, depth and seed)",
                        details: [("train_size", .integer(trainRows))])
    }
}
