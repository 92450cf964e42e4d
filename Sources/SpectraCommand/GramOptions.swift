import ArgumentParser
import SpectraKit

extension RingLatitudes: ExpressibleByArgument {}
extension GridWeighting: ExpressibleByArgument {}

/// Options of the empirical (Gram-matrix) method.
struct GramOptions: ParsableArguments {
    @Option(help: "Number of uniform sample points (gram method).")
    var samples: Int?

    @Option(help: "Seed of the sampler: the same seed gives the same points on every run and machine.")
    var seed: UInt64 = 0

    @Option(help: "CSV or TSV file of points, one per row (gram method), instead of --samples.")
    var data: String?

    @Flag(help: "Project --data rows onto the unit sphere (otherwise they must lie on it).")
    var normalize = false

    @Option(help: "Gram method: only the M largest eigenvalues (LAPACK dsyevr) instead of all n.")
    var top: Int?

    @Flag(help: "Gram method, JSON: include wall-clock seconds of assembly and eigensolve (for benchmarks).")
    var timings = false

    @Option(help: "Grid method on S^2: ring latitudes, gauss-legendre (default) or equal-area.")
    var latitudes: RingLatitudes = .gaussLegendre

    @Option(name: .customLong("grid-weights"), help: "Grid method: quadrature (default; W^1/2 K W^1/2, converges fastest) or equal (K/n).")
    var gridWeights: GridWeighting = .quadrature

    func requireUnused(by method: String) throws {
        if samples != nil { throw ValidationError("--samples belongs to --method gram or grid, not \(method)") }
        if top != nil { throw ValidationError("--top belongs to --method gram, not \(method)") }
        if timings { throw ValidationError("--timings belongs to --method gram, not \(method)") }
        if data != nil { throw ValidationError("--data belongs to --method gram, not \(method)") }
        if normalize { throw ValidationError("--normalize belongs to --method gram with --data") }
        if latitudes != .gaussLegendre || gridWeights != .quadrature {
            throw ValidationError("--latitudes and --grid-weights belong to --method grid")
        }
    }
}
