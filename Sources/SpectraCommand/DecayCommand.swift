import ArgumentParser
import Foundation
import SpectraKit

struct DecayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decay",
        abstract: "Mercer eigenvalues of kernels on S^{d-1} and their fitted power-law decay.",
        discussion: """
        --method analytic (default): mu_0 ... mu_K by Funk-Hecke in double-double, each with an
        error estimate; exact zeros print as 0. For gaussian, and erf, sigmoid, tanh, gelu, silu and
        softplus ntk/nngp (any depth up to 24, bias, beta), automatically from the profile's positive
        Taylor series instead (exact tails far below Double's range, in the log10_eigenvalue column;
        up to --max-degree 5000; docs/accuracy.md#exact-tails), with a superpolynomial rate fit beside the power law (docs/decay.md). --method gram: eigenvalues of K/n on sampled
        (--samples N --seed S) or given (--data FILE [--normalize]) points. --method grid: exact
        spectra of structured grids by FFT (d = 2: N equispaced points; d = 3: rings, about N points).
        The fit is least squares of log mu_k on log k over --fit-range (default [max(2, K/4), K]).
        Kernels and their parameters, defaults and ranges: spectra kernels.
        Examples:
          spectra decay --kernel ntk
          spectra decay --kernel laplace --kernel ntk:depth=3,bias_var=0.25 \\
            --max-degree 4000 --fit-range 1000:4000
          spectra decay --kernel ntk --dim 10 --max-degree 500 --slopes --shifted
          spectra decay --kernel ntk --method gram --samples 2000 --seed 1
          spectra decay --kernel ntk --dim 2 --method grid --samples 1000000
        --table NAME prints one table alone, in any format: spectrum, fit, slopes
        (with --slopes), eigenvalues (gram and grid). Without it the human formats
        print every table but the eigenvalues, csv and tsv the spectrum, json the
        whole document.
        """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable { case analytic, gram, grid }
    enum TableChoice: String, ExpressibleByArgument, CaseIterable { case spectrum, fit, slopes, eigenvalues }

    @OptionGroup var kernelOptions: KernelOptions
    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var degrees: DegreeOptions

    @Option(help: "analytic | gram | grid.")
    var method: Method = .analytic

    @Option(help: "Degrees used by the fit: all | even | odd (exact zeros are always skipped).")
    var parity: DegreeParity = .all

    @Flag(help: "Also print local slopes over doubling windows of the fit range.")
    var slopes = false

    @Flag(help: "Also fit against k + (d-2)/2, which removes most finite-degree bias (docs/decay.md#finite-degree-bias-and-local-slopes).")
    var shifted = false

    @Option(help: "Print this table alone, in any format (\(TableChoice.allCases.map(\.rawValue).joined(separator: "|")); default: all shown tables, csv/tsv spectrum).")
    var table: TableChoice?

    @OptionGroup var gramOptions: GramOptions

    var dim: Int { degrees.dim }
    var maxDegree: Int? { degrees.maxDegree }
    var fitRange: String? { degrees.fitRange }
    var degreeLimit: Int { degrees.maxDegree ?? 100 }

    /// --fit-range within degree k (nil: unbounded, as for the gram method).
    func parsedFitRange(upTo k: Int?) throws -> ClosedRange<Int> {
        try degrees.parsedFitRange(upTo: k)
    }

    func validate() throws {
        try degrees.validateDimension()
        if method == .analytic {
            try degrees.validateAnalytic(defaultDegree: 100)
            try gramOptions.requireUnused(by: "analytic")
        } else {
            if let maxDegree, maxDegree < 1 {
                throw ValidationError("--max-degree must be at least 1, got \(maxDegree)")
            }
            _ = try parsedFitRange(upTo: maxDegree)
        }
    }

    func run() throws {
        let kernels = try kernelOptions.kernels()
        switch method {
        case .analytic: try runAnalytic(kernels)
        case .gram: try runGram(kernels)
        case .grid: try runGrid(kernels)
        }
    }

    /// One study per kernel, with progress on standard error and fit failures named by kernel.
    /// The closure gets a reporter for the phases of its kernel's work.
    func studies<Study>(of kernels: [KernelSpec], doing work: String,
                        _ study: (KernelSpec, @escaping @Sendable (String) -> Void) throws -> Study) throws -> [Study] {
        let progress = Progress()
        defer { progress.done() }
        return try kernels.enumerated().map { index, spec in
            let prefix = "spectra: \(spec.canonical) (\(index + 1)/\(kernels.count)): "
            progress.say(prefix + work)
            do {
                return try study(spec) { phase in progress.say(prefix + phase) }
            } catch let error as DecayFitError {
                throw CommandError.failure("\(spec.canonical): \(error)" + (method == .gram ? "; more --samples resolve more degrees" : ""))
            }
        }
    }

    func runAnalytic(_ kernels: [KernelSpec]) throws {
        let range = try parsedFitRange(upTo: degreeLimit)
        let studies = try studies(of: kernels, doing: "degrees 0...\(degreeLimit)") { spec, _ in
            try AnalyticDecayStudy(kernel: spec.kernel, dimension: dim, maxDegree: degreeLimit, fitRange: range,
                                   parity: parity, shifted: shifted, slopes: slopes, rangeWasChosen: fitRange != nil)
        }
        let format = outputOptions.format
        let naming = try kernelOptions.naming()
        if format == .json && table == nil {
            let settings: [(key: String, value: JSONValue)] = [
                ("max_degree", .integer(degreeLimit)), ("fit_range", .array([.integer(range.lowerBound), .integer(range.upperBound)])),
            ]
            try Emitter.emit(try Sections.json(DecayReport.json(studies, command: Invocation.commandLine), naming: naming,
                                               settings: settings), to: outputOptions.output)
            return
        }
        var sections = [
            Section(key: "spectrum", title: "Mercer eigenvalues (analytic, d = \(dim))", table: try DecayReport.spectrumTable(studies)),
            Section(key: "fit", title: "Power-law fit mu_k ~ C k^-p", table: try DecayReport.fitTable(studies, method: "analytic")),
        ]
        if slopes {
            sections.append(Section(key: "slopes", title: "Local slopes over doubling windows", table: try DecayReport.slopesTable(studies)))
        }
        try Emitter.emit(try Sections.render(sections, format: format, choice: table?.rawValue, preferred: "spectrum", naming: naming),
                         to: outputOptions.output)
    }
}
