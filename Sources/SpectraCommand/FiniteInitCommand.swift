import ArgumentParser
import Foundation
import SpectraKit

struct FiniteInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "The empirical NTK at initialisation over seeds, against the analytic NTK on the same points.",
        discussion: """
        Per run: relative_error = ||Theta_hat - Theta||_F / ||Theta||_F and trace_ratio =
        trace(Theta_hat) / trace(Theta). Per configuration: the mean relative error, relative_spread =
        sqrt(sum_ij Var_s Theta_hat_ij) / ||mean_s Theta_hat||_F (sample variance over the seeds) and
        mean_deviation = ||mean_s Theta_hat - Theta||_F / ||Theta||_F. Points: --samples N uniform on
        S^{d-1} (default 100, seeded by --seed) or the rows of --data (off the sphere allowed).
        --timings adds each run's empirical-NTK time (so the same seed no longer gives identical output).
        Examples:
          spectra finite init --depths 3,20 --widths 64,512 --seeds 5 --seed 1
          spectra finite init --activation erf --variances 1:0.1,4:0.1 --seeds 5 \\
            --table runs --format csv
        """
    )

    @OptionGroup var grid: NetworkGridOptions
    @OptionGroup var points: PointsOptions
    @OptionGroup var output: FiniteOutputOptions

    @Option(help: "Ambient dimension d of the points (the sphere S^{d-1}).")
    var dim: Int = 3

    @Flag(help: "Add each run's empirical-NTK wall-clock time.")
    var timings = false

    func validate() throws {
        guard dim >= 1 else { throw ValidationError("--dim must be at least 1, got \(dim)") }
    }

    func run() throws {
        let architectures = try grid.architectures()
        var options = points
        if options.samples == nil && options.data == nil { options.samples = 100 }
        let (set, _, _) = try options.load(dimension: dim, needing: "spectra finite init")
        try FiniteMemoryCheck.check(architectures, points: set.count, dimension: dim)
        let progress = Progress()
        defer { progress.done() }
        let result: (runs: [FiniteInitRun], summaries: [FiniteInitSummary])
        do {
            result = try FiniteInitStudy.run(points: set, architectures: architectures, seeds: grid.networkSeeds(base: points.seed)) {
                progress.say("spectra finite init: " + $0)
            }
        } catch {
            if case .analyticGram(.inputTooLarge) = error, let data = points.data { throw CommandError.data("--data \(data): \(error)") }
            throw CommandError.failure("\(error)")
        }
        let origin = points.data.map { "--data \($0)" } ?? "\(set.count) uniform points on S^\(dim - 1), seed \(points.seed)"
        try output.emit(summary: try FiniteReport.initSummary(result.summaries), title: "Empirical NTK at initialisation: \(origin)",
                        runs: try FiniteReport.initRuns(result.runs, timings: timings),
                        runsTitle: "Runs (one per configuration and seed)",
                        details: [("points", .integer(set.count)), ("dimension", .integer(dim))])
    }
}
