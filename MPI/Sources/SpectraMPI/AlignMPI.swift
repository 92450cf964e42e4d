import ArgumentParser
import Foundation
import SpectraDistributed
import SpectraKit

/// `spectra align` over MPI (docs/distributed.md, "Eigenvectors: align"): each kernel's top m
/// eigenpairs of K/n from the distributed solver, the Gram matrix assembled per rank as for
/// decay; only the n x m eigenvectors are gathered, to rank 0, which computes the harmonic
/// projections and the alignments with spectra's own code and prints what `spectra align` prints.
struct AlignMPI: DistributedGramCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Harmonic projections of Gram eigenvectors and their alignment across kernels, as spectra align, over MPI.",
        discussion: """
        Each kernel's top --top eigenpairs of K/n come from the distributed solver (ELPA: nev = m; \
        pdsyevr: RANGE 'I'; pdsyevd: all, the top m kept); the matrix is never gathered. The n x m \
        eigenvectors of every kernel are gathered to rank 0 (8 n m bytes each), where the projections \
        and alignments are computed exactly as by spectra align. --table NAME prints one table alone \
        (summary, projections, energies, alignment, angles, degree_alignment). See docs/distributed.md.
        """)

    enum TableChoice: String, ExpressibleByArgument, CaseIterable {
        case summary, projections, energies, alignment, angles, degreeAlignment = "degree_alignment"
    }

    @Option(name: .customLong("kernel"), help: "Kernel specification NAME[:key=value,...] or LABEL=NAME[:...], as for spectra; repeatable.")
    var kernels: [String] = []

    @Option(help: "Ambient dimension d of the sphere S^{d-1} (d >= 2).")
    var dim: Int = 3

    @OptionGroup var points: PointOptions

    @Option(help: "Eigenvectors per kernel (default 100, at most the number of points).")
    var top: Int?

    @Option(name: .customLong("max-degree"), help: "Highest harmonic degree K projected on (default: largest with sum N(d,k) <= n/4, at most 40).")
    var maxDegree: Int?

    @Option(help: "Comma-separated top-m sizes to align (default: whole degrees 1, 1 + N(d,1), ... up to --top).")
    var sizes: String?

    @OptionGroup var distribution: DistributionOptions

    @Option(help: "Output format: table (default), csv, tsv, json, markdown, latex.")
    var format: TableFormat = .table

    @Option(help: "Write to this file (atomically, by rank 0) instead of standard output.")
    var output: String?

    @Option(help: "Print this table alone, in any format (\(TableChoice.allCases.map(\.rawValue).joined(separator: "|")); default: csv/tsv projections).")
    var table: TableChoice?

    @Option(name: .customLong("eigenvectors-csv"), help: "Also write the gathered eigenvectors to this CSV file (rank 0): one row per point, columns KERNEL#j for j = 1...m of each kernel, to compare with another run's.")
    var eigenvectorsCSV: String?


    func validate() throws {
        if kernels.isEmpty { throw ValidationError("--kernel is required: give at least one, e.g. --kernel ntk or --kernel laplace:c=2") }
        guard AnalyticSpectrum.dimensions.contains(dim) else {
            throw ValidationError("--dim must be an integer from \(AnalyticSpectrum.dimensions.lowerBound) to "
                + "\(AnalyticSpectrum.dimensions.upperBound) (the ambient dimension of S^{d-1}), got \(dim)")
        }
        if let top, top < 1 { throw ValidationError("--top must be at least 1, got \(top)") }
        if let maxDegree, maxDegree < 0 { throw ValidationError("--max-degree must be at least 0, got \(maxDegree)") }
        _ = try parsedSizes()
    }

    func parsedSizes() throws -> [Int]? {
        guard let sizes else { return nil }
        let parsed = sizes.split(separator: ",", omittingEmptySubsequences: false)
            .map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--sizes must be a comma-separated list of positive integers, e.g. 1,4,9; got '\(sizes)'")
        }
        return parsed.compactMap { $0 }
    }

    /// Every check below happens on every rank with the same inputs (or is agreed by
    /// `comm.agree`) before the first collective of the solve, so that a refusal leaves no rank
    /// waiting for the others.
    func body(_ comm: Communicator) throws {
        let labeled: [LabeledKernelSpec]
        do {
            labeled = try kernels.map { text throws(Failure) -> LabeledKernelSpec in
                do { return try LabeledKernelSpec(parsing: text) } catch let error as KernelLabelError {
                    if case .spec(let inner) = error { throw Failure(message: "--kernel \(text): \(inner)", status: 64) }
                    throw Failure(message: "--kernel \(text): \(error)", status: 64)
                } catch { throw Failure(message: "--kernel \(text): \(error)", status: 64) }
            }
            try LabeledKernelSpec.checkDistinct(Array(zip(kernels, labeled)).map { (text: $0, kernel: $1) })
        } catch let failure as Failure { throw failure } catch { throw Failure(message: "\(error)", status: 64) }
        try checkOutputs([("--output", output), ("--eigenvectors-csv", eigenvectorsCSV)], data: data)
        // The pair tables exist only for two kernels or more: refused now, not after the solves.
        if let table, labeled.count == 1, [.alignment, .angles, .degreeAlignment].contains(table) {
            throw Failure(message: "--table \(table.rawValue) is not part of this output; it has: summary, projections, energies "
                + "(the pair tables need two kernels or more)", status: 64)
        }
        let requestedGrid = grid.flatMap(parseGrid)
        let budget = memoryPerRank.flatMap(parseBytes) ?? comm.minimum(availableMemory() / Swift.max(1, comm.ranksOnThisNode))

        // Sampled points are refused before they are generated when the plan cannot fit (the
        // same check runs again below with the resolved options, for --data too).
        if let n = samples, let m = Optional(top ?? Swift.min(EigenspaceAlignmentStudy.defaultTop, n)), m <= n,
           let size = HarmonicProjector.basisSize(dimension: dim, maxDegree: maxDegree ?? HarmonicProjector.defaultMaxDegree(dimension: dim, points: n)),
           let layout = try? DistributedGram.layout(points: n, grid: requestedGrid, blockSize: blockSize, ranks: comm.size) {
            let plan = DistributedMemoryPlan(points: n, dimension: dim, layout: layout, solver: solver,
                                             eigenvectors: .init(top: m, kernels: labeled.count, basisSize: size))
            if plan.bytesPerRank > budget {
                throw Failure(message: DistributedGram.shortfall(plan, budget: budget, ranks: comm.size, origin: .samples), status: 64)
            }
        }

        // The points: seeded on every rank, or the file read by every rank (agreed).
        let loaded = try loadPoints(samples: samples, seed: seed, data: data, normalize: normalize, dim: dim, comm: comm)
        let points = loaded.points
        let n = points.count

        // Options resolved exactly as spectra align resolves them; deterministic on every rank.
        let settings = try resolve(points: points, sizes: try parsedSizes())
        let (product, overflow) = n.multipliedReportingOverflow(by: settings.top)
        if overflow || product > Int(Int32.max) {
            throw Failure(message: "--top \(settings.top) with \(n) points gives \(n) x \(settings.top) eigenvector entries to gather, "
                + "more than MPI's 32-bit count (\(Int32.max)); lower --top", status: 64)
        }
        let layout: BlockCyclicLayout
        do { layout = try DistributedGram.layout(points: n, grid: requestedGrid, blockSize: blockSize, ranks: comm.size) } catch {
            throw Failure(message: error.description, status: 64)
        }
        let work = DistributedMemoryPlan.EigenvectorWork(top: settings.top, kernels: labeled.count, basisSize: settings.basisSize)
        let plan = DistributedMemoryPlan(points: n, dimension: dim, layout: layout, solver: solver, eigenvectors: work)
        guard plan.bytesPerRank <= budget else {
            throw Failure(message: DistributedGram.shortfall(plan, budget: budget, ranks: comm.size, origin: loaded.origin), status: 64)
        }

        // The distributed part: one kernel at a time, every rank.
        var spectra: [EmpiricalSpectrum] = []
        var phases: [(kernel: String, assembly: Double, eigensolve: Double, gather: Double)] = []
        for spec in labeled {
            do {
                let result = try DistributedGram.eigenpairs(spec.spec.kernel, on: points, top: settings.top, plan: plan, communicator: comm)
                spectra.append(result.spectrum)
                phases.append((spec.spec.canonical, result.seconds.assembly, result.seconds.eigensolve, result.seconds.gather))
            } catch {
                switch error {
                case .insufficientMemory(let m), .usage(let m): throw Failure(message: m, status: 64)
                case .data(let m):
                    throw Failure(message: (data.map { "--data \($0): " } ?? "") + "\(spec.spec.canonical): " + m, status: data == nil ? 1 : 65)
                case .solver(let m): throw Failure(message: "\(spec.spec.canonical): \(m)", status: 1)
                }
            }
        }
        let solvePeak = comm.maximum(peakResidentBytes() ?? -1)
        guard comm.isRoot else { return }

        // Rank 0: spectra align's own code from here on.
        let analysisStart = Date()
        let study: EigenspaceAlignmentStudy
        do {
            study = try EigenspaceAlignmentStudy(kernels: labeled.map(\.spec.canonical), points: points, settings: settings, spectra: spectra)
        } catch { throw Failure(message: "\(error)", status: 1) }
        spectra = []
        let analysis = Date().timeIntervalSince(analysisStart)
        let rootPeak = peakResidentBytes() ?? -1
        let peak = Swift.max(solvePeak, rootPeak)
        let naming = KernelNaming(labeled)
        let (np, nq) = layout.largestLocalShape
        if timings {
            let total = phases.reduce((0.0, 0.0, 0.0)) { ($0.0 + $1.assembly, $0.1 + $1.eigensolve, $0.2 + $1.gather) }
            standardError("""
            spectra-mpi: \(comm.size) ranks (\(comm.ranksOnThisNode) on this node), grid \(layout.grid), block \(layout.blockSize), \
            largest local matrix \(np) x \(nq), solver \(solver.rawValue), top \(settings.top) eigenpairs of \(labeled.count) kernel\(labeled.count == 1 ? "" : "s")
            spectra-mpi: memory per rank: estimated \(formatBytes(plan.bytesPerRank)) (of which rank 0's gathered eigenvectors and basis \
            \(formatBytes(work.rootBytes(points: n)))), measured peak \(peak >= 0 ? formatBytes(peak) : "unknown"), budget \(formatBytes(budget))
            spectra-mpi: assembly \(String(format: "%.3f", total.0)) s, eigensolve \(String(format: "%.3f", total.1)) s, \
            gather \(String(format: "%.3f", total.2)) s (slowest rank, all kernels); projections and alignments on rank 0 \(String(format: "%.3f", analysis)) s
            """)
        }
        let command = "spectra-mpi " + CommandLine.arguments.dropFirst().joined(separator: " ")
        var text: String
        if format == .json && table == nil {
            var json = naming.forPrograms(AlignReport.json(study, command: command, seed: data == nil ? seed : nil))
            if timings, case .object(var fields) = json {
                fields.append(("distributed", .object([
                    ("ranks", .integer(comm.size)), ("grid", .array([.integer(layout.grid.rows), .integer(layout.grid.columns)])),
                    ("block_size", .integer(layout.blockSize)), ("solver", .string(solver.rawValue)),
                    ("largest_local_matrix", .array([.integer(np), .integer(nq)])),
                    ("estimated_bytes_per_rank", .integer(plan.bytesPerRank)),
                    ("gathered_bytes_on_rank_0", .integer(work.rootBytes(points: n))),
                    ("peak_bytes_per_rank", peak >= 0 ? .integer(peak) : .null),
                    ("budget_bytes_per_rank", .integer(budget)),
                    ("phases", .array(phases.map { p in
                        .object([("kernel", .string(p.kernel)), ("assembly_seconds", .real(p.assembly)),
                                 ("eigensolve_seconds", .real(p.eigensolve)), ("gather_seconds", .real(p.gather))])
                    })),
                    ("analysis_seconds", .real(analysis)),
                ])))
                json = .object(fields)
            }
            text = try json.serialized()
        } else {
            text = try render(study, naming: naming, command: command)
            if format.isHuman && table == nil && !study.pairs.isEmpty {
                let verdicts = EigenfunctionSharing.verdicts(study, kernels: labeled.map(\.spec.kernel))
                text += "\n" + AlignReport.verdictText(verdicts, study: study, format: format, name: naming.name(of:))
            }
        }
        try emit(text, to: output, option: "--output")
        if let path = eigenvectorsCSV {
            var csv = labeled.flatMap { k in (1...settings.top).map { "\"\(k.spec.canonical)#\($0)\"" } }.joined(separator: ",") + "\n"
            for i in 0..<n {
                csv += study.kernels.flatMap { k in (0..<settings.top).map { j in String(k.spectrum.eigenvectors.map { $0[i, j] } ?? .nan) } }
                    .joined(separator: ",") + "\n"
            }
            try emit(csv, to: path, option: "--eigenvectors-csv")
        }
    }

    /// --top, --max-degree and --sizes resolved as spectra align resolves them (deterministic:
    /// the same verdict on every rank).
    func resolve(points: PointSet, sizes: [Int]?) throws(Failure) -> EigenspaceAlignmentStudy.Settings {
        do {
            return try EigenspaceAlignmentStudy.settings(points: points, top: top, maxDegree: maxDegree, subspaceSizes: sizes)
        } catch {
            let message = error.description
            if case .subspaceSizeOutOfRange = error { throw Failure(message: "--sizes: \(message)", status: 64) }
            if case .spectrum = error, let data { throw Failure(message: "--data \(data): \(message)", status: 65) }
            throw Failure(message: message, status: 64)
        }
    }

    /// The tables of spectra align, chosen and rendered as spectra's commands do (--table,
    /// the human formats' shown tables, csv/tsv's projections).
    func render(_ study: EigenspaceAlignmentStudy, naming: KernelNaming, command: String) throws -> String {
        let all: [(key: String, title: String, table: Table)] = [
            ("summary", "Dominant-degree fractions (n = \(study.pointCount), d = \(dim), degrees 0...\(study.maxDegree))",
             try AlignReport.summaryTable(study)),
            ("projections", "Harmonic projections of the top \(study.top) eigenvectors", try AlignReport.projectionsTable(study)),
            ("energies", "Energy per degree", try AlignReport.energiesTable(study)),
            ("alignment", "Overlap of top-m eigenspaces (angles in radians)", try AlignReport.alignmentTable(study)),
            ("angles", "Principal angles (radians)", try AlignReport.anglesTable(study)),
            ("degree_alignment", "Overlap of the eigenvectors assigned to each degree", try AlignReport.degreeAlignmentTable(study)),
        ]
        let sections = all.filter { study.pairs.count > 0 || !["alignment", "angles", "degree_alignment"].contains($0.key) }
        let shownKeys = ["summary", "projections", "alignment", "degree_alignment"]
        var chosen: (key: String, title: String, table: Table)? = nil
        if let choice = table?.rawValue {
            guard let section = sections.first(where: { $0.key == choice }) else {
                throw Failure(message: "--table \(choice) is not part of this output; it has: " + sections.map(\.key).joined(separator: ", "), status: 64)
            }
            chosen = section
        }
        switch format {
        case .csv, .tsv:
            let section = chosen ?? sections.first { $0.key == "projections" } ?? sections[0]
            return try format.render(naming.forPrograms(section.table))
        case .json:
            let section = chosen ?? sections[0]
            return try JSONValue.object([
                ("spectra_version", .string(SpectraVersion.string)), ("command", .string(command)),
                ("table", .string(section.key)), ("rows", JSONValue(naming.forPrograms(section.table))),
            ]).serialized()
        case .markdown, .latex, .table:
            let printed = chosen.map { [$0] } ?? sections.filter { shownKeys.contains($0.key) }
            return try printed.enumerated().map { i, section in
                let table = naming.forPeople(section.table)
                switch format {
                case .markdown: return "### \(section.title)\n\n" + (try format.render(table))
                case .latex:
                    return (i == 0 ? LaTeXFormatter.preamble + "\n" : "") + "% \(section.title)\n"
                        + LaTeXFormatter.render(table.droppingEmptyColumns(), withPreamble: false)
                default: return "# \(section.title)\n" + (try format.render(table))
                }
            }.joined(separator: "\n")
        }
    }
}
