import ArgumentParser
import Foundation
import SpectraKit

struct AlignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Harmonic projections of Gram eigenvectors, and whether kernels share eigenfunctions (docs/eigenfunctions.md).",
        discussion: """
        On one sample (--samples N --seed S, or --data FILE [--normalize]), each
        kernel's top --top eigenvectors (default 100, at most n) are projected on
        the sampled spherical harmonics of degrees 0...K, orthonormalised by QR in
        degree order: the energy in each degree, the dominant degree and its
        fraction, and the residual beyond K. The default K is the largest with
        sum_{k<=K} N(d,k) <= n/4, at most 40: sampled harmonics are orthogonal
        only up to O(sqrt(count/n)), so n well above their count keeps the basis
        well conditioned.
        For every pair of kernels: the overlap ||U_A^T U_B||_F^2 / m of the top-m
        eigenspaces and their principal angles (radians), for m = 1, 1 + N(d,1),
        ... (whole degrees up to --top, or --sizes), and per degree the
        eigenvectors each kernel assigns to it (by dominant degree). One kernel
        gives the projections alone: there is no pair to align.
        Kernels and their parameters, defaults and ranges: spectra kernels.
        Examples (the third writes points of S^2 to points.csv for the fourth):
          spectra align --kernel ntk:depth=3,bias_var=0.25 --kernel laplace \\
            --kernel gexp:gamma=0.5 --samples 2000 --seed 1
          spectra align --kernel ntk --samples 1000 --top 25 --max-degree 6
          spectra rkhs --target-grid 24 > points.csv
          spectra align --kernel 'NTK-2=ntk' --kernel laplace --data points.csv \\
            --normalize --sizes 1,4,9
        --table NAME prints one table alone, in any format (summary, projections,
        energies, alignment, angles, degree_alignment). Without it the human
        formats print summary, projections, alignment and degree_alignment, then a
        sentence per pair saying up to which degree the kernels share
        eigenfunctions and, where they do not, why; csv and tsv print projections,
        json the whole document.
        """
    )

    enum TableChoice: String, ExpressibleByArgument, CaseIterable {
        case summary, projections, energies, alignment, angles, degreeAlignment = "degree_alignment"
    }

    @OptionGroup var kernelOptions: KernelOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "Ambient dimension d of the sphere S^{d-1} (d >= 2).")
    var dim: Int = 3

    @OptionGroup var pointsOptions: PointsOptions

    @Option(help: "Eigenvectors per kernel (default 100, at most the number of points).")
    var top: Int?

    @Option(name: .customLong("max-degree"), help: "Highest harmonic degree K projected on (default: largest with sum N(d,k) <= n/4, at most 40).")
    var maxDegree: Int?

    @Option(help: "Comma-separated top-m sizes to align (default: whole degrees 1, 1 + N(d,1), ... up to --top).")
    var sizes: String?

    @Option(help: "Print this table alone, in any format (\(TableChoice.allCases.map(\.rawValue).joined(separator: "|")); default: csv/tsv projections).")
    var table: TableChoice?

    func validate() throws {
        guard AnalyticSpectrum.dimensions.contains(dim) else {
            throw ValidationError("--dim must be an integer from \(AnalyticSpectrum.dimensions.lowerBound) to "
                + "\(AnalyticSpectrum.dimensions.upperBound) (the ambient dimension of S^{d-1}), got \(dim)")
        }
        if let top, top < 1 { throw ValidationError("--top must be at least 1, got \(top)") }
        if let maxDegree, maxDegree < 0 { throw ValidationError("--max-degree must be at least 0, got \(maxDegree)") }
        if pointsOptions.normalize && pointsOptions.data == nil { throw ValidationError("--normalize applies to --data") }
        _ = try parsedSizes()
    }

    func parsedSizes() throws -> [Int]? {
        guard let sizes else { return nil }
        let parsed = ValueList.items(sizes).map { Int($0) }
        guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--sizes must be a comma-separated list of positive integers, e.g. 1,4,9; got '\(sizes)'")
        }
        return parsed.compactMap { $0 }
    }

    func run() throws {
        let kernels = try kernelOptions.kernels()
        let (points, origin, _) = try pointsOptions.load(dimension: dim, needing: "spectra align")
        let progress = Progress()
        defer { progress.done() }
        let study: EigenspaceAlignmentStudy
        do {
            study = try EigenspaceAlignmentStudy(kernels: kernels.map(\.kernel), points: points, top: top, maxDegree: maxDegree,
                                                 subspaceSizes: try parsedSizes(), memoryBudget: MemoryBudget.availableBytes(),
                                                 origin: origin,
                                                 onPhase: { progress.say("spectra align: " + $0) })
        } catch let error as EigenspaceAlignmentError {
            switch error {
            case .spectrum(_, .points) where pointsOptions.data != nil:
                throw CommandError.data("--data \(pointsOptions.data ?? ""): \(error)")
            case .subspaceSizeOutOfRange: throw CommandError.usage("--sizes: \(error)")
            case .topOutOfRange, .harmonics: throw CommandError.usage("\(error)")
            default: throw CommandError.failure("\(error)")
            }
        }
        let naming = try kernelOptions.naming()
        if outputOptions.format == .json && table == nil {
            let json = AlignReport.json(study, command: Invocation.commandLine, seed: pointsOptions.seedUsed)
            return try Emitter.emit(try Sections.json(json, naming: naming), to: outputOptions.output)
        }
        let all = [
            Section(key: "summary", title: "Dominant-degree fractions (n = \(study.pointCount), d = \(dim), degrees 0...\(study.maxDegree))",
                    table: try AlignReport.summaryTable(study)),
            Section(key: "projections", title: "Harmonic projections of the top \(study.top) eigenvectors",
                    table: try AlignReport.projectionsTable(study)),
            Section(key: "energies", title: "Energy per degree", table: try AlignReport.energiesTable(study)),
            Section(key: "alignment", title: "Overlap of top-m eigenspaces (angles in radians)", table: try AlignReport.alignmentTable(study)),
            Section(key: "angles", title: "Principal angles (radians)", table: try AlignReport.anglesTable(study)),
            Section(key: "degree_alignment", title: "Overlap of the eigenvectors assigned to each degree",
                    table: try AlignReport.degreeAlignmentTable(study)),
        ]
        let format = outputOptions.format
        let sections = all.filter { study.pairs.count > 0 || !["alignment", "angles", "degree_alignment"].contains($0.key) }.map {
            Section(key: $0.key, title: $0.title, table: $0.table,
                    shown: ["summary", "projections", "alignment", "degree_alignment"].contains($0.key))
        }
        var text = try Sections.render(sections, format: format, choice: table?.rawValue, preferred: "projections", naming: naming)
        if format.isHuman && table == nil && !study.pairs.isEmpty {
            let verdicts = EigenfunctionSharing.verdicts(study, kernels: kernels.map(\.kernel))
            text += "\n" + AlignReport.verdictText(verdicts, study: study, format: format, name: naming.name(of:))
        }
        try Emitter.emit(text, to: outputOptions.output)
    }
}
