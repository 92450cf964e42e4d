import ArgumentParser
import Foundation
import SpectraKit

struct DecayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decay",
        abstract: "Mercer eigenvalues of kernels on S^{d-1} and their fitted power-law decay.",
        discussion: """
        --method analytic (default): mu_0 ... mu_K by Funk-Hecke in double-double, each with an
        error estimate; exact zeros print as 0. --method gram: eigenvalues of K/n on sampled
        (--samples N --seed S) or given (--data FILE [--normalize]) points.
        The fit is least squares of log mu_k on log k over --fit-range (default [max(2, K/4), K]).
        Examples:
          spectra decay --kernel ntk
          spectra decay --kernel laplace --kernel ntk:depth=3,bias_var=0.25 --max-degree 4000 --fit-range 1000:4000
          spectra decay --kernel ntk --dim 10 --max-degree 500 --slopes --shifted
          spectra decay --kernel ntk --method gram --samples 2000 --seed 1
        With csv or tsv, --table picks which tidy table to print (spectrum, fit, slopes, eigenvalues).
        """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable { case analytic, gram }
    enum TableChoice: String, ExpressibleByArgument, CaseIterable { case spectrum, fit, slopes, eigenvalues }

    @OptionGroup var kernelOptions: KernelOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "Ambient dimension d of the sphere S^{d-1} (d >= 2).")
    var dim: Int = 3

    @Option(help: "analytic | gram.")
    var method: Method = .analytic

    @Option(name: .customLong("max-degree"), help: "Highest degree K (analytic default 100).")
    var maxDegree: Int?

    @Option(name: .customLong("fit-range"), help: "Fit window A:B of degrees, 1 <= A < B <= K.")
    var fitRange: String?

    @Option(help: "Degrees used by the fit: all | even | odd (exact zeros are always skipped).")
    var parity: DegreeParity = .all

    @Flag(help: "Also print local slopes over doubling windows of the fit range.")
    var slopes = false

    @Flag(help: "Also fit against k + (d-2)/2, which removes most finite-degree bias (MATH.md 4).")
    var shifted = false

    @Option(help: "With csv or tsv: which table to print (\(TableChoice.allCases.map(\.rawValue).joined(separator: "|"))).")
    var table: TableChoice = .spectrum

    @OptionGroup var gramOptions: GramOptions

    var degreeLimit: Int { maxDegree ?? 100 }

    func validate() throws {
        guard AnalyticSpectrum.dimensions.contains(dim) else {
            throw ValidationError("--dim must be an integer from \(AnalyticSpectrum.dimensions.lowerBound) to "
                + "\(AnalyticSpectrum.dimensions.upperBound) (the ambient dimension of S^{d-1}), got \(dim)")
        }
        if method == .analytic {
            let limit = AnalyticSpectrum.maximumDegree(dimension: dim)
            guard (2...limit).contains(degreeLimit) else {
                throw ValidationError("--max-degree must be from 2 to \(limit) for the analytic method in dimension \(dim), got \(degreeLimit)")
            }
            try gramOptions.requireUnused(by: "analytic")
            _ = try parsedFitRange(upTo: degreeLimit)
        } else {
            if let maxDegree, maxDegree < 1 {
                throw ValidationError("--max-degree must be at least 1, got \(maxDegree)")
            }
            _ = try parsedFitRange(upTo: maxDegree)
        }
    }

    /// A:B from --fit-range, or the default window; `k` is the highest degree when known.
    func parsedFitRange(upTo k: Int?) throws -> ClosedRange<Int> {
        guard let fitRange else { return AnalyticDecayStudy.defaultFitRange(maxDegree: k ?? degreeLimit) }
        let parts = fitRange.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else {
            throw ValidationError("--fit-range must be A:B with integers A < B, e.g. 25:100; got '\(fitRange)'")
        }
        guard a >= 1, a < b, b <= (k ?? Int.max) else {
            let bound = k.map { " <= \($0) (the highest degree)" } ?? ""
            throw ValidationError("--fit-range \(a):\(b) must satisfy 1 <= A < B\(bound)")
        }
        return a...b
    }

    func run() throws {
        let kernels = try kernelOptions.kernels()
        switch method {
        case .analytic: try runAnalytic(kernels)
        case .gram: try runGram(kernels)
        }
    }

    /// One study per kernel, with progress on standard error and fit failures named by kernel.
    func studies<Study>(of kernels: [KernelSpec], doing work: String,
                        _ study: (KernelSpec) throws -> Study) throws -> [Study] {
        let progress = Progress()
        defer { progress.done() }
        return try kernels.enumerated().map { index, spec in
            progress.say("spectra: \(spec.canonical) (\(index + 1)/\(kernels.count)): \(work)")
            do {
                return try study(spec)
            } catch let error as DecayFitError {
                throw CommandError("\(spec.canonical): \(error)" + (method == .gram ? "; more --samples resolve more degrees" : ""))
            }
        }
    }

    func runAnalytic(_ kernels: [KernelSpec]) throws {
        let range = try parsedFitRange(upTo: degreeLimit)
        let studies = try studies(of: kernels, doing: "degrees 0...\(degreeLimit)") { spec in
            try AnalyticDecayStudy(kernel: spec.kernel, dimension: dim, maxDegree: degreeLimit, fitRange: range,
                                   parity: parity, shifted: shifted, slopes: slopes, rangeWasChosen: fitRange != nil)
        }
        let format = outputOptions.format
        if format == .json {
            try Emitter.emit(try DecayReport.json(studies, command: Invocation.commandLine).serialized(), to: outputOptions.output)
            return
        }
        var sections = [
            Section(key: "spectrum", title: "Mercer eigenvalues (analytic, d = \(dim))", table: try DecayReport.spectrumTable(studies)),
            Section(key: "fit", title: "Power-law fit mu_k ~ C k^-p", table: try DecayReport.fitTable(studies, method: "analytic")),
        ]
        if slopes {
            sections.append(Section(key: "slopes", title: "Local slopes over doubling windows", table: try DecayReport.slopesTable(studies)))
        }
        try Emitter.emit(try Sections.render(sections, format: format, choice: table.rawValue), to: outputOptions.output)
    }
}
