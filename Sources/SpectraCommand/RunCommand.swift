import ArgumentParser
import Foundation
import SpectraKit

/// `spectra run analyses/NAME.toml`: every step of a study, its tables (CSV, and Markdown and
/// LaTeX for the paper), its claims and a manifest, written all-or-nothing to results/NAME/.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a study (analyses/NAME.toml): its tables, claims and manifest in results/NAME/.",
        discussion: """
        Each step is a spectra command; its options are checked by that command before anything runs.
        A list given to an option that takes one value is a sweep: one run per value, the tidy tables
        concatenated with that option as a column. Files written (all at once: a failed run leaves the
        folder as it was): STEP.TABLE.csv for every table, STEP.TABLE.md and .tex for the tables the
        study marks for the paper, claims.csv, and manifest.json (spectra version, the study file's
        sha256, each step's command lines and wall time, every file with its sha256). The study format
        is described in analyses/README.md.
        Examples:
          spectra run analyses/example-decay.toml --size quick
          spectra run analyses/example-decay.toml --size quick --check \\
            --output-dir example
        """
    )

    @Argument(help: "The study file, analyses/NAME.toml.")
    var study: String

    @Option(name: .customLong("output-dir"), help: "Folder for the results (default: results/NAME, beside analyses/).")
    var outputDirectory: String?

    @Option(help: "The study size to run, one the file lists (default: full, or the file's last size).")
    var size: String?

    @Flag(help: "Exit with status 1 when a claim fails that the study does not list as an expected contradiction.")
    var check = false

    func run() throws {
        let plan = try StudyPlan(file: study, size: size)
        let directory = outputDirectory ?? plan.beside("results/\(plan.study.name)")
        do { try AtomicDirectoryWriter.checkWritable(directory) } catch { throw CommandError.usage("--output-dir: \(error)") }

        var files: [(path: String, contents: String)] = []
        var tables: [String: Table] = [:]           // "STEP.TABLE"
        var stepRecords: [JSONValue] = []
        for (i, planned) in plan.steps.enumerated() {
            let step = planned.step
            var pieces: [String: [Table]] = [:]
            var order: [String] = []
            let start = Date()
            for (j, invocation) in planned.invocations.enumerated() {
                let sweepText = planned.invocations.count > 1 ? ", run \(j + 1)/\(planned.invocations.count)" : ""
                FileHandle.standardError.write(Data("spectra run: step \(i + 1)/\(plan.steps.count) '\(step.name)'\(sweepText): \(invocation.commandLine)\n".utf8))
                var command = invocation.command
                let captured: [(key: String, table: Table)]
                do { captured = try TableCapture.capturing { try command.run() } } catch {
                    throw CommandError(description: "step '\(step.name)' (\(invocation.commandLine)) failed: \(Spectra.message(for: error))", status: (error as? CommandError)?.status ?? .failure)
                }
                for (key, table) in captured {
                    var swept = table
                    for (column, value) in invocation.sweep.reversed() {
                        let name = swept.columns.contains(column) ? "sweep_" + column : column
                        swept = try swept.prepending(column: name, value: Self.cell(value))
                    }
                    if pieces[key] == nil { order.append(key) }
                    pieces[key, default: []].append(swept)
                }
            }
            let seconds = Date().timeIntervalSince(start)
            if let wanted = step.tables, let missing = wanted.first(where: { !order.contains($0) }) {
                throw CommandError.data("\(study): step '\(step.name)', key 'tables': '\(missing)' is not part of its output; it has "
                    + order.joined(separator: ", "))
            }
            if let missing = step.paperTables.first(where: { !order.contains($0) }) {
                throw CommandError.data("\(study): step '\(step.name)', key 'paper': '\(missing)' is not part of its output; it has "
                    + order.joined(separator: ", "))
            }
            for key in order where step.tables?.contains(key) ?? true {
                guard let table = try Table.concatenating(pieces[key] ?? []) else { continue }
                tables["\(step.name).\(key)"] = table
                files.append(("\(step.name).\(key).csv", try TableFormat.csv.render(table)))
                if step.paperTables.contains(key) {
                    // For people: kernels by their shortest specs, as every human format names them.
                    let shown = KernelNaming.shortest(in: table).forPeople(table)
                    files.append(("\(step.name).\(key).md", try TableFormat.markdown.render(shown)))
                    files.append(("\(step.name).\(key).tex", try TableFormat.latex.render(shown)))
                }
            }
            stepRecords.append(.object([
                ("name", .string(step.name)),
                ("command_lines", .array(planned.invocations.map { .string($0.commandLine) })),
                ("seconds", .real((seconds * 1000).rounded() / 1000)),
            ]))
        }

        var results: [StudyClaimResult] = []
        for claim in plan.study.claims {
            guard let table = tables["\(claim.step).\(claim.table)"] else {
                throw CommandError.data("\(study): claim '\(claim.name)', key 'table': step '\(claim.step)' has no table '\(claim.table)'; "
                    + "it has " + tables.keys.filter { $0.hasPrefix(claim.step + ".") }.sorted().joined(separator: ", "))
            }
            do { results.append(StudyClaimResult(claim: claim, measured: try claim.measure(in: table))) } catch {
                throw CommandError.data("\(study): \(error)")
            }
        }
        var figureRecords: [JSONValue] = []
        for (figure, spec) in zip(plan.study.figures, plan.figureSpecs) {
            func fail(_ key: String, _ message: String) -> CommandError {
                CommandError.data("\(study): figure '\(figure.name)', key '\(key)': \(message)")
            }
            guard let table = tables["\(figure.step).\(figure.table)"] else {
                throw fail("table", "step '\(figure.step)' has no table '\(figure.table)'; it has "
                    + tables.keys.filter { $0.hasPrefix(figure.step + ".") }.sorted().joined(separator: ", "))
            }
            let fit = StudyFigures.fitTable(figure, kind: spec.kind).flatMap { tables["\(figure.step).\($0)"] }
            let drawn: Figure
            do { drawn = try FigureBuilder.build(spec, table: table, fit: fit) } catch { throw fail("table", "\(error)") }
            let stem = "figures/\(figure.name)"
            let pgf = try PGFPlotsFigureRenderer.render(drawn, dataFile: "\(figure.name).csv")
            files.append(("\(stem).svg", SVGFigureRenderer.render(drawn)))
            files.append(("\(stem).tex", pgf.tex))
            files.append(("\(stem).csv", try TableFormat.csv.render(pgf.data)))
            files.append(("\(stem).points.csv", try TableFormat.csv.render(StudyFigures.drawnPoints(drawn))))
            figureRecords.append(.object([
                ("name", .string(figure.name)), ("kind", .string(spec.kind.rawValue)),
                ("svg", .string("\(stem).svg")), ("tex", .string("\(stem).tex")), ("data", .string("\(stem).points.csv")),
                ("x_scale", .string(drawn.x.scale.rawValue)), ("y_scale", .string(drawn.y.scale.rawValue)),
                ("x_label", .string(StudyFigures.labelText(drawn.x.label))), ("y_label", .string(StudyFigures.labelText(drawn.y.label))),
                ("notes", .array(drawn.notes.map(JSONValue.string))),
            ]))
        }

        let claimsTable = try StudyClaimResult.table(results)
        if !results.isEmpty { files.append(("claims.csv", try TableFormat.csv.render(claimsTable))) }

        let manifest = JSONValue.object([
            ("spectra_version", .string(SpectraVersion.string)),
            ("study", .string(study)),
            ("study_sha256", .string(plan.fileSHA256)),
            ("size", plan.size.map(JSONValue.string) ?? .null),
            ("steps", .array(stepRecords)),
            ("claims", .array(results.map { r in
                .object([("name", .string(r.claim.name)), ("measured", r.measured.isFinite ? .real(r.measured) : .null),
                         ("expected", .string(r.claim.expectation)), ("verdict", .string(r.verdict))])
            })),
            ("figures", .array(figureRecords)),
            ("files", .array(files.map { .object([("path", .string($0.path)), ("sha256", .string(SHA256.hexDigest(Array($0.contents.utf8))))]) })),
        ])
        files.append(("manifest.json", try manifest.serialized() + "\n"))
        do { try AtomicDirectoryWriter.write(files, to: directory) } catch { throw CommandError.failure("--output-dir: \(error)") }

        var summary = "\(plan.study.title)\n\(files.count) files written to \(directory)\n"
        if !results.isEmpty { summary += "\n" + (try TableFormat.table.render(claimsTable)) }
        FileHandle.standardOutput.write(Data((summary.hasSuffix("\n") ? summary : summary + "\n").utf8))
        let unexpected = results.filter(\.isUnexpectedFailure)
        if check && !unexpected.isEmpty {
            throw CommandError.failure("--check: \(unexpected.count) claim(s) failed: " + unexpected.map(\.claim.name).joined(separator: ", "))
        }
    }

    static func cell(_ value: StudyValue) -> TableCell {
        switch value {
        case .integer(let n): return .integer(n)
        case .real(let x): return .real(x)
        case .boolean(let b): return .boolean(b)
        default: return .text(value.description)
        }
    }
}
