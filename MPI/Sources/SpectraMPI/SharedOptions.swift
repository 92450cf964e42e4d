import ArgumentParser
import SpectraCommandLine
import SpectraDistributed
import SpectraKit
import Foundation

/// A subcommand whose work runs on every rank between MPI's start and finish: `body` throws a
/// `Failure` (the same on every rank) to refuse, and rank 0 prints it.
protocol DistributedCommand: ParsableCommand {
    func body(_ comm: Communicator) throws
}

extension DistributedCommand {
    func run() throws {
        let comm = Communicator.start()
        let status: Int32
        do {
            try body(comm)
            status = 0
        } catch let failure as Failure {
            if comm.isRoot { standardError("Error: \(failure.message)") }
            status = failure.status
        }
        comm.finish()
        if status != 0 { throw ExitCode(status) }
    }
}

/// A distributed subcommand that builds Gram matrices: its point and distribution options, read
/// through the names the subcommands use.
protocol DistributedGramCommand: DistributedCommand {
    var points: PointOptions { get }
    var distribution: DistributionOptions { get }
}

extension DistributedGramCommand {
    var samples: Int? { points.samples }
    var seed: UInt64 { points.seed }
    var data: String? { points.data }
    var normalize: Bool { points.normalize }
    var solver: DistributedSolver { distribution.solver }
    var grid: String? { distribution.layout.grid }
    var blockSize: Int? { distribution.layout.blockSize }
    var memoryPerRank: String? { distribution.layout.memoryPerRank }
    var timings: Bool { distribution.layout.timings }
}

/// Where the points come from, for every subcommand that builds a Gram matrix: seeded samples
/// (the same on every rank) or a data file that every rank reads.
struct PointOptions: ParsableArguments {
    @Option(help: "Number of uniform sample points (at least 10).")
    var samples: Int?

    @Option(help: "Seed of the sampler: the same seed gives the same points on every rank, run and machine.")
    var seed: UInt64 = 0

    @Option(help: "CSV or TSV file of points, one per row, instead of --samples; every rank reads it.")
    var data: String?

    @Flag(help: "Project --data rows onto the unit sphere (otherwise they must lie on it).")
    var normalize = false

    func validate() throws {
        if let n = samples, n < 10 { throw ValidationError("--samples must be at least 10, got \(n)") }
        if samples == nil && data == nil { throw ValidationError("give --samples N or --data FILE") }
        if samples != nil && data != nil { throw ValidationError("give either --samples or --data, not both") }
        if normalize && data == nil { throw ValidationError("--normalize applies to --data") }
    }
}

/// How the matrix is spread over the ranks and solved, and whether to report it.
struct DistributionOptions: ParsableArguments {
    @Option(help: "Distributed eigensolver: elpa2 (default), elpa1, pdsyevr, or pdsyevd (computes all eigenvectors).")
    var solver: DistributedSolver = .elpa2

    @OptionGroup var layout: LayoutOptions
}

/// How a matrix is spread over the ranks, the memory each rank may use, and whether to report
/// it: every subcommand that distributes a matrix (decay and align through
/// `DistributionOptions`, regress directly).
struct LayoutOptions: ParsableArguments {
    @Option(help: "Process grid ROWSxCOLUMNS (default: the squarest for the number of ranks).")
    var grid: String?

    @Option(name: .customLong("block-size"), help: "Block size of the 2-D block-cyclic distribution (default 64, less for small n).")
    var blockSize: Int?

    @Option(name: .customLong("memory-per-rank"), help: "Memory each rank may use, e.g. 4G (default: MemAvailable divided by the ranks on the node).")
    var memoryPerRank: String?

    @Flag(help: "Print the process grid, block size, memory per rank (estimated and measured) and per-phase seconds to stderr, and add them to JSON.")
    var timings = false

    func validate() throws {
        if let grid, parseGrid(grid) == nil { throw ValidationError("--grid must be ROWSxCOLUMNS with both at least 1 (e.g. 2x2), got '\(grid)'") }
        if let blockSize, blockSize < 1 { throw ValidationError("--block-size must be at least 1, got \(blockSize)") }
        if let memoryPerRank, parseBytes(memoryPerRank) == nil {
            throw ValidationError("--memory-per-rank must be a positive size such as 4G, 512M or 1.5T, got '\(memoryPerRank)'")
        }
    }

    /// Bytes each rank may use: --memory-per-rank, else the smallest rank's MemAvailable divided
    /// by the ranks on its node (a collective: call it on every rank).
    func budget(_ comm: Communicator) -> Int {
        memoryPerRank.flatMap(parseBytes) ?? comm.minimum(availableMemory() / Swift.max(1, comm.ranksOnThisNode))
    }
}

/// The points of a run: `--samples N` generated on every rank (the same on each), or `--data`
/// read by every rank, its failures agreed by all ranks (one collective, the same on every rank).
func loadPoints(samples: Int?, seed: UInt64, data: String?, normalize: Bool, dim: Int,
                comm: Communicator) throws -> (points: PointSet, origin: GramPointOrigin) {
    var failure: Failure? = nil
    var points: PointSet? = nil
    if let n = samples {
        // Generation fails only for arguments every rank shares (the same verdict everywhere),
        // but the agreement below is the one collective every path takes.
        do { points = try PointSet.uniformOnSphere(count: n, dimension: dim, seed: seed) } catch {
            failure = Failure(message: "--samples \(n): \(error)", status: 64)
        }
    } else if let path = data {
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            var set = try PointSet.parse(text)
            if set.dimension != dim {
                failure = Failure(message: "--data \(path) has points of dimension \(set.dimension) but --dim is \(dim); set --dim \(set.dimension)", status: 65)
            } else if let zero = (0..<set.count).first(where: { set.norm(ofPoint: $0) == 0 }) {
                failure = Failure(message: "--data \(path): \(set.location(ofPoint: zero)) is the zero vector; every row needs a direction", status: 65)
            } else {
                if normalize { set = try set.normalizedOntoSphere() }
                points = set
            }
        } catch let error as PointSetError {
            failure = Failure(message: "--data \(path): \(error)", status: 65)
        } catch {
            failure = Failure(message: "--data \(path) cannot be read: \(error.localizedDescription)", status: 64)
        }
    }
    if let message = comm.agree(failure?.message) {
        // A rank that did not fail itself takes the status of the data path (65) or usage (64).
        throw Failure(message: message, status: failure?.status ?? (data == nil ? 64 : 65))
    }
    guard let points else { throw Failure(message: "no points", status: 1) }
    return (points, data == nil ? .samples : .dataRows)
}

/// Refuses, before any work, an output file (`--output`, `--predictions-csv`, ...) that is the
/// --data file or cannot be written: spectra's `OutputCheck`, with the usage status.
func checkOutputs(_ outputs: [(option: String, path: String?)], data: String?) throws(Failure) {
    for case let (option, path?) in outputs {
        do { try OutputCheck.check(path, option: option, inputs: data.map { [("--data", $0)] } ?? []) } catch {
            throw Failure(message: error.description, status: 64)
        }
    }
}

/// `text`, ending in a newline, written atomically to `path` (the file given to `option`), or to
/// standard output when there is no path.
func emit(_ text: String, to path: String?, option: String) throws(Failure) {
    let body = text.hasSuffix("\n") ? text : text + "\n"
    if let path {
        do { try AtomicFileWriter.write(body, to: path) } catch { throw Failure(message: "\(option) \(path): \(error)", status: 1) }
    } else {
        FileHandle.standardOutput.write(Data(body.utf8))
    }
}
