import ArgumentParser
import Foundation
import SpectraKit

struct FiniteTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Full-batch gradient descent of finite networks on a data table, against their NTK twins.",
        discussion: """
        The rows of --data are split once (--seed) into training and test rows; features are
        standardised on the training rows and projected onto the sphere; targets are standardised
        (mean 0, variance 1 on the training rows), so every mse reads in units of the target's
        variance. Loss (1/2n) sum (f - y)^2; step size --learning-rate x n / lambda_max(Theta_hat_0).
        At each recorded step: train_mse, test_mse, kernel_change = ||Theta_hat_t - Theta_hat_0||_F /
        ||Theta_hat_0||_F on the training points, and the infinite-width twin: gradient flow with
        the analytic NTK from the same initial function for the same time (ntk_train_mse,
        ntk_test_mse), prediction_gap = RMS(network - twin) on the test points. A loss that becomes
        non-finite or grows 1e6-fold stops the command with the step and the learning rate.
        Examples:
          spectra finite train --data data/diabetes.csv --target progression \\
            --depths 3 --widths 64,256 --seeds 2 --steps 100 --learning-rate 0.5
          spectra finite train --data data/iris.csv --target petal_width_cm \\
            --widths 128 --steps 100 --table runs --format csv
        """
    )

    @OptionGroup var grid: NetworkGridOptions
    @OptionGroup var dataOptions: TrainingDataOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var output: FiniteOutputOptions

    @Option(help: "Seed of the row subset and the split; network s uses --seed + s.")
    var seed: UInt64 = 0

    func run() throws {
        let architectures = try grid.architectures()
        let settings = try training.settings()
        let data = try dataOptions.split(try dataOptions.load(seed: seed), seed: seed)
        try FiniteMemoryCheck.check(architectures, points: data.train.count + data.test.count, dimension: data.train.dimension)
        let progress = Progress()
        defer { progress.done() }
        var runs: [TrainingRun] = []
        let seeds = grid.networkSeeds(base: seed)
        do {
            for (a, architecture) in architectures.enumerated() {
                let flow = try FiniteTraining.flow(architecture, data: data)
                for (s, networkSeed) in seeds.enumerated() {
                    let label = "spectra finite train: architecture \(a + 1)/\(architectures.count) (depth \(architecture.depth), "
                        + "width \(architecture.width)), seed \(s + 1)/\(seeds.count)"
                    runs.append(try FiniteTraining.run(architecture, seed: networkSeed, data: data, settings: settings, flow: flow) {
                        progress.say(label + ", step \($0)/\(settings.steps)")
                    })
                }
            }
        } catch {
            throw dataOptions.labeled.failure(error)
        }
        let title = "Training on \(dataOptions.labeled.data) (target \(dataOptions.labeled.target), \(data.train.count) train / \(data.test.count) test rows, "
            + "\(settings.steps) steps, learning rate \(settings.learningRate) x n/lambda_max)"
        try output.emit(summary: try FiniteReport.trainSummary(runs), title: title, runs: try FiniteReport.trainRuns(runs),
                        runsTitle: "Runs (one per configuration, seed and recorded step)",
                        details: [("train_size", .integer(data.train.count)), ("test_size", .integer(data.test.count)),
                                  ("target_mean", .real(data.targetMean)), ("target_scale", .real(data.targetScale))])
    }
}
