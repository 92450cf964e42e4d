import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraDistributed
import SpectraKit

/// spectra-mpi: `spectra decay --method gram`, `spectra align` and `spectra regress` across the ranks of an MPI job (docs/distributed.md).
@main
struct SpectraMPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectra-mpi",
        abstract: "Gram spectra across machines: spectra decay --method gram, spectra align and spectra regress over MPI with ELPA or ScaLAPACK.",
        discussion: """
        Run under mpirun, e.g. mpirun -np 4 spectra-mpi decay --kernel ntk:depth=5 --dim 10 --samples 100000. \
        Every rank generates the same seeded points (or reads --data), assembles only its own blocks of the \
        2-D block-cyclic Gram matrix and the distributed solver computes all eigenvalues (decay) or the top m \
        eigenpairs (align, whose n x m eigenvectors alone are gathered to rank 0); regress reads --data on every \
        rank and factors each fit's training Gram with ScaLAPACK's Cholesky; no rank holds the whole matrix. See docs/distributed.md. Exit status: 0 success; 64 usage; 65 bad input data; 1 failure.
        """,
        subcommands: [DecayMPI.self, AlignMPI.self, RegressMPI.self, PlanMPI.self],
        defaultSubcommand: DecayMPI.self)

    /// ArgumentParser's main, except that an error found before MPI starts (a bad option, a
    /// failed validation, --help) is printed by one rank only, the launcher's rank 0; every rank
    /// finds the same error and exits with the same status.
    /// Before parsing, spectra's checks of the raw command line (`CommandLineCheck`): a negative
    /// number after an option is its value (`--ridge -1` reaches the option's own check), an
    /// option that takes one value may be given once, an unknown command word is named.
    static func main() {
        do {
            let check: CommandLineCheck
            do { check = try CommandLineCheck(Array(CommandLine.arguments.dropFirst()), root: SpectraMPI.self) } catch {
                if launcherRank == 0 { standardError("Error: \(error.description)") }
                Foundation.exit(64)
            }
            var command = try parseAsRoot(check.arguments)
            try command.run()
        } catch {
            if launcherRank == 0 { exit(withError: error) }
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }
}

extension DistributedSolver: ExpressibleByArgument {}
extension TableFormat: @retroactive ExpressibleByArgument {}

/// A failure with its exit status (64 usage, 65 data, 1 failure), as in spectra.
struct Failure: Error {
    let message: String
    let status: Int32
}

/// This process's rank as the MPI launcher announced it (before MPI_Init: only rank 0 prints
/// argument errors).
let launcherRank = Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"]
    ?? ProcessInfo.processInfo.environment["PMI_RANK"] ?? "0") ?? 0

func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// "RxC" as a grid.
func parseGrid(_ text: String) -> ProcessGrid? {
    let parts = text.lowercased().split(separator: "x")
    guard parts.count == 2, let r = Int(parts[0]), let c = Int(parts[1]), r >= 1, c >= 1 else { return nil }
    return ProcessGrid(rows: r, columns: c)
}

/// MemAvailable from /proc/meminfo (Linux), else 8 GiB.
func availableMemory() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return 8 << 30 }
    for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
        if let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) { return kib * 1024 }
    }
    return 8 << 30
}

struct DecayMPI: DistributedGramCommand {
    static let configuration = CommandConfiguration(
        commandName: "decay",
        abstract: "All eigenvalues of K/n and their decay, as spectra decay --method gram, on every rank of the job.")

    @Option(help: "The kernel, as for spectra (e.g. ntk:depth=5, laplace:c=1).")
    var kernel: String

    @Option(help: "Dimension of the ambient space (points on S^(d-1)).")
    var dim: Int

    @OptionGroup var points: PointOptions

    @Option(help: "Report only the M largest eigenvalues (all are computed).")
    var top: Int?

    @OptionGroup var distribution: DistributionOptions

    @Option(help: "Output format: table (default), csv, tsv, json, markdown, latex.")
    var format: TableFormat = .table


    func validate() throws {
        if dim < 2 { throw ValidationError("--dim must be at least 2, got \(dim)") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1, got \(top)") }
    }

    func body(_ comm: Communicator) throws {
        // Everything before the points: the same on every rank.
        let spec: KernelSpec
        do { spec = try KernelSpec(parsing: kernel) } catch { throw Failure(message: "--kernel \(kernel): \(error)", status: 64) }
        let requestedGrid = grid.flatMap(parseGrid)
        let budget = memoryPerRank.flatMap(parseBytes) ?? comm.minimum(availableMemory() / Swift.max(1, comm.ranksOnThisNode))

        // The points: seeded on every rank, or the file read by every rank; refused before
        // anything n x n is planned.
        if let n = samples {
            let plan = requestedGrid.map { g in
                DistributedMemoryPlan(points: n, dimension: dim,
                                      layout: BlockCyclicLayout(order: n, blockSize: blockSize ?? BlockCyclicLayout.defaultBlockSize(order: n, grid: g), grid: g),
                                      solver: solver)
            } ?? DistributedMemoryPlan(points: n, dimension: dim, ranks: comm.size, solver: solver)
            if plan.bytesPerRank > budget {
                throw Failure(message: DistributedGram.shortfall(plan, budget: budget, ranks: comm.size, origin: .samples), status: 64)
            }
        }
        let (points, origin) = try loadPoints(samples: samples, seed: seed, data: data, normalize: normalize, dim: dim, comm: comm)
        if let top, top > points.count { throw Failure(message: "--top \(top) exceeds the \(points.count) points", status: 64) }

        let result: (spectrum: EmpiricalSpectrum, report: DistributedGramReport)
        do {
            result = try DistributedGram.spectrum(spec.kernel, on: points, origin: origin, solver: solver, grid: requestedGrid,
                                                  blockSize: blockSize, budgetPerRank: budget, communicator: comm)
        } catch {
            switch error {
            case .insufficientMemory(let m), .usage(let m): throw Failure(message: m, status: 64)
            case .data(let m): throw Failure(message: (data.map { "--data \($0): " } ?? "") + m, status: data == nil ? 1 : 65)
            case .solver(let m): throw Failure(message: m, status: 1)
            }
        }
        guard comm.isRoot else { return }
        try emit(result.spectrum, result.report, kernel: spec, points: points, comm: comm)
    }

    func emit(_ full: EmpiricalSpectrum, _ report: DistributedGramReport, kernel spec: KernelSpec, points: PointSet, comm: Communicator) throws {
        let spectrum = top.map { m in
            EmpiricalSpectrum(eigenvalues: Array(full.eigenvalues.prefix(m)), eigenvectors: nil, count: full.count,
                              meanDiagonal: full.meanDiagonal, interpolationError: full.interpolationError, timings: full.timings)
        } ?? full
        let study: GramDecayStudy
        do {
            study = try GramDecayStudy(kernel: spec.kernel, dimension: dim, spectrum: spectrum, fitRange: nil, parity: .all)
        } catch {
            throw Failure(message: "\(error)", status: 1)
        }
        let (np, nq) = report.layout.largestLocalShape
        if timings {
            standardError("""
            spectra-mpi: \(comm.size) ranks (\(comm.ranksOnThisNode) on this node), grid \(report.layout.grid), block \(report.layout.blockSize), \
            largest local matrix \(np) x \(nq), solver \(report.solver.rawValue)
            spectra-mpi: memory per rank: estimated \(formatBytes(report.estimatedBytesPerRank)), measured peak \
            \(report.peakBytesPerRank.map(formatBytes) ?? "unknown"), budget \(formatBytes(report.budgetPerRank))
            spectra-mpi: assembly \(String(format: "%.3f", report.assemblySeconds)) s, eigensolve \(String(format: "%.3f", report.eigensolveSeconds)) s (slowest rank)
            """)
        }
        let command = "spectra-mpi " + CommandLine.arguments.dropFirst().joined(separator: " ")
        if format == .json {
            var json = GramDecayReport.json([study], command: command, samples: points.count, seed: data == nil ? seed : nil, timings: timings)
            if timings, case .object(var fields) = json {
                fields.append(("distributed", .object([
                    ("ranks", .integer(comm.size)), ("grid", .array([.integer(report.layout.grid.rows), .integer(report.layout.grid.columns)])),
                    ("block_size", .integer(report.layout.blockSize)), ("solver", .string(report.solver.rawValue)),
                    ("largest_local_matrix", .array([.integer(np), .integer(nq)])),
                    ("estimated_bytes_per_rank", .integer(report.estimatedBytesPerRank)),
                    ("peak_bytes_per_rank", report.peakBytesPerRank.map(JSONValue.integer) ?? .null),
                    ("budget_bytes_per_rank", .integer(report.budgetPerRank)),
                ])))
                json = .object(fields)
            }
            print(try json.serialized(), terminator: "\n")
            return
        }
        var text = ""
        let tables: [(String, Table)] = [
            ("Empirical eigenvalues grouped by degree (gram over \(comm.size) ranks, n = \(points.count), d = \(dim))", try GramDecayReport.spectrumTable([study])),
            ("Power-law fit over degrees, and index form lambda_i ~ i^-q (q = p/(d-1))", try GramDecayReport.fitTable([study])),
            ("All eigenvalues", try GramDecayReport.eigenvaluesTable([study])),
        ]
        let shown = (format == .csv || format == .tsv) ? tables : Array(tables.prefix(2))
        for (title, table) in shown {
            if format == .table || format == .markdown { text += "# \(title)\n" }
            text += try format.render(table)
            if format == .table { text += "\n" }
        }
        print(text, terminator: "")
    }
}

struct PlanMPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "How many ranks n points need at a given memory per rank (no MPI needed, nothing allocated).")

    @Option(help: "Number of points n.")
    var samples: Int

    @Option(help: "Dimension of the points.")
    var dim: Int

    @Option(name: .customLong("memory-per-rank"), help: "Memory per rank, e.g. 200G (a node's memory for one rank per node).")
    var memoryPerRank: String

    @Option(help: "Distributed eigensolver (elpa2, elpa1, pdsyevr, pdsyevd).")
    var solver: DistributedSolver = .elpa2

    func validate() throws {
        if samples < 10 { throw ValidationError("--samples must be at least 10, got \(samples)") }
        if dim < 2 { throw ValidationError("--dim must be at least 2, got \(dim)") }
        if parseBytes(memoryPerRank) == nil {
            throw ValidationError("--memory-per-rank must be a positive size such as 4G, 512M or 1.5T, got '\(memoryPerRank)'")
        }
    }

    func run() throws {
        let budget = parseBytes(memoryPerRank)!
        guard let ranks = DistributedMemoryPlan.ranksNeeded(points: samples, dimension: dim, solver: solver, budgetPerRank: budget) else {
            standardError("Error: \(samples) points do not fit at \(formatBytes(budget)) per rank on any number of ranks (the points and the O(n) workspace that every rank holds do not fit)")
            throw ExitCode(64)
        }
        let plan = DistributedMemoryPlan(points: samples, dimension: dim, ranks: ranks, solver: solver)
        print("n = \(samples), d = \(dim), \(solver.rawValue): at least \(ranks) rank\(ranks == 1 ? "" : "s") at \(formatBytes(budget)) per rank "
              + "(grid \(plan.layout.grid), block \(plan.layout.blockSize), about \(formatBytes(plan.bytesPerRank)) per rank)")
    }
}
