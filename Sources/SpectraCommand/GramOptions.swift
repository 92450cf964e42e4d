import ArgumentParser
import SpectraKit

extension RingLatitudes: ExpressibleByArgument {}
extension GridWeighting: ExpressibleByArgument {}
extension DegreeAssignment: ExpressibleByArgument {}

/// Options of the empirical methods (gram and grid) beyond where the points come from.
struct GramOptions: ParsableArguments {
    @OptionGroup var points: PointsOptions

    @Option(help: "Gram method: report only the M largest eigenvalues. For eigenvalues alone LAPACK's partial solver is no faster than the full one here (the reduction to tridiagonal form dominates), so this shortens the output, not the run.")
    var top: Int?

    @Option(name: .customLong("assign-degrees"), help: "Gram method: blocks (consecutive blocks in analytic order) or projection (each eigenvector's dominant harmonic degree).")
    var assignDegrees: DegreeAssignment = .blocks

    @Flag(help: "Gram method, JSON: include wall-clock seconds of assembly and eigensolve (for benchmarks).")
    var timings = false

    @Option(help: "Grid method on S^2: ring latitudes, gauss-legendre (default) or equal-area.")
    var latitudes: RingLatitudes = .gaussLegendre

    @Option(name: .customLong("grid-weights"), help: "Grid method: quadrature (default; W^1/2 K W^1/2, converges fastest) or equal (K/n).")
    var gridWeights: GridWeighting = .quadrature

    func requireUnused(by method: String) throws {
        try points.requireUnused(by: method)
        if top != nil { throw ValidationError("--top belongs to --method gram, not \(method)") }
        if assignDegrees != .blocks { throw ValidationError("--assign-degrees belongs to --method gram, not \(method)") }
        if timings { throw ValidationError("--timings belongs to --method gram, not \(method)") }
        if latitudes != .gaussLegendre || gridWeights != .quadrature {
            throw ValidationError("--latitudes and --grid-weights belong to --method grid")
        }
    }
}
