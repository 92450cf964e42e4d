import ArgumentParser
import Foundation
import SpectraKit

/// Where a Gram matrix's points come from: uniform samples or the rows of a file. Shared by
/// `decay --method gram` and `align`.
struct PointsOptions: ParsableArguments {
    @Option(help: "Number of uniform sample points (at least 10).")
    var samples: Int?

    @Option(help: "Seed of the sampler: the same seed gives the same points on every run and machine.")
    var seed: UInt64 = 0

    @Option(help: "CSV or TSV file of points, one per row, instead of --samples.", completion: .file())
    var data: String?

    @Flag(help: "Project --data rows onto the unit sphere (otherwise they must lie on it).")
    var normalize = false

    /// The seed when the points are sampled (for provenance), nil for --data.
    var seedUsed: UInt64? { data == nil ? seed : nil }

    /// The points, refused before anything large is allocated: too many samples for memory,
    /// unreadable or malformed data, zero rows (no direction), a dimension other than `d`.
    /// `offSphere` is true for --data rows off the unit sphere (without --normalize).
    func load(dimension d: Int, needing purpose: String) throws -> (points: PointSet, origin: GramPointOrigin, offSphere: Bool) {
        switch (samples, data) {
        case (nil, nil): throw CommandError.usage("\(purpose) needs --samples N or --data FILE")
        case (.some, .some): throw CommandError.usage("give either --samples or --data, not both")
        case let (.some(n), nil):
            guard n >= 10 else { throw CommandError.usage("--samples must be at least 10, got \(n)") }
            let budget = MemoryBudget.availableBytes()
            let limit = GramMemoryPlan.maximumPoints(dimension: d, budget: budget)
            guard n <= limit else {
                throw CommandError.usage("--samples \(n) does not fit in the \(budget >> 20) MiB of memory available; at most \(limit) points fit; "
                                         + "more need several machines: spectra-mpi (docs/distributed.md)")
            }
            return (try PointSet.uniformOnSphere(count: n, dimension: d, seed: seed), .samples, false)
        case let (nil, .some(path)):
            let text = try InputFile.text(path, option: "--data")
            do {
                var points = try PointSet.parse(text)
                guard points.dimension == d else {
                    throw CommandError.data("--data \(path) has points of dimension \(points.dimension) but --dim is \(d); set --dim \(points.dimension)")
                }
                // A zero row has no direction: refused whether or not it is projected.
                if let zero = (0..<points.count).first(where: { points.norm(ofPoint: $0) == 0 }) {
                    throw CommandError.data("--data \(path): \(points.location(ofPoint: zero)) is the zero vector; every row needs a direction")
                }
                if normalize { points = try points.normalizedOntoSphere() }
                let onSphere = (try? points.requireOnSphere()) != nil
                return (points, .dataRows, !onSphere)
            } catch let error as PointSetError {
                throw CommandError.data("--data \(path): \(error)")
            }
        }
    }

    func requireUnused(by method: String) throws {
        if samples != nil { throw ValidationError("--samples belongs to --method gram or grid, not \(method)") }
        if data != nil { throw ValidationError("--data belongs to --method gram, not \(method)") }
        if normalize { throw ValidationError("--normalize belongs to --method gram with --data") }
    }
}
