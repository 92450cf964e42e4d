import ArgumentParser
import SpectraKit

/// --dim, --max-degree and --fit-range, shared by the commands that compute spectra.
struct DegreeOptions: ParsableArguments {
    @Option(help: "Ambient dimension d of the sphere S^{d-1} (d >= 2).")
    var dim: Int = 3

    @Option(name: .customLong("max-degree"), help: "Highest degree K (default: decay 100, rkhs 1000; gram: every degree the eigenvalues reach; grid: what the grid resolves, at most 1000).")
    var maxDegree: Int?

    @Option(name: .customLong("fit-range"), help: "Fit window A:B of degrees, 1 <= A < B <= K (default [max(2, K/4), K]).")
    var fitRange: String?

    func validateDimension() throws {
        guard AnalyticSpectrum.dimensions.contains(dim) else {
            throw ValidationError("--dim must be an integer from \(AnalyticSpectrum.dimensions.lowerBound) to "
                + "\(AnalyticSpectrum.dimensions.upperBound) (the ambient dimension of S^{d-1}), got \(dim)")
        }
    }

    /// --max-degree within what the analytic method supports, and --fit-range inside it.
    func validateAnalytic(defaultDegree: Int) throws {
        let k = maxDegree ?? defaultDegree
        let limit = AnalyticSpectrum.maximumDegree(dimension: dim)
        guard (2...limit).contains(k) else {
            throw ValidationError("--max-degree must be from 2 to \(limit) for the analytic method in dimension \(dim), got \(k)")
        }
        _ = try parsedFitRange(upTo: k)
    }

    /// A:B from --fit-range, or the default window [max(2, K/4), K]; `k` is the highest degree
    /// when known (nil: the gram method, whose degrees depend on the samples).
    func parsedFitRange(upTo k: Int?) throws -> ClosedRange<Int> {
        guard let fitRange else { return AnalyticDecayStudy.defaultFitRange(maxDegree: k ?? 100) }
        guard let (a, b) = ValueList.integerPair(fitRange) else {
            throw ValidationError("--fit-range must be A:B with integers A < B, e.g. 25:100; got '\(fitRange)'")
        }
        guard a >= 1, a < b, b <= (k ?? Int.max) else {
            let bound = k.map { " <= \($0) (the highest degree)" } ?? ""
            throw ValidationError("--fit-range \(a):\(b) must satisfy 1 <= A < B\(bound)")
        }
        return a...b
    }
}
