import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraKit

/// A study turned into command lines: every step's options checked against the command's own
/// argument list (names, flags, repeatable options), sweeps expanded, and every resulting
/// command line parsed and validated by the same code as when a user types it, before
/// anything runs.
struct StudyPlan {
    struct Invocation {
        /// The words after `spectra`, e.g. ["decay", "--kernel=ntk", "--dim=3"].
        let arguments: [String]
        /// The swept options and their values in this run, as table columns (snake_case).
        let sweep: [(column: String, value: StudyValue)]
        /// The command as parsed and validated, ready to run.
        let command: ParsableCommand

        var commandLine: String { SpectraCommandLine.quoted(["spectra"] + arguments) }
    }

    struct Step {
        let step: StudyStep
        let invocations: [Invocation]
    }

    let study: Study
    let file: String
    let size: String?
    let fileSHA256: String
    let steps: [Step]
    /// One per study figure, in order.
    let figureSpecs: [FigureSpec]

    /// The commands a study step may run, by their path.
    static let commands = ["kernel", "decay", "rkhs", "align", "regress", "finite init", "finite train", "finite add-layer"]

    /// The argument parser's description of spectra's commands, read once.
    static let tool = try? JSONDecoder().decode(ToolDescription.self, from: Data(Spectra._dumpHelp().utf8))

    /// Options `spectra run` sets itself.
    static let reserved: Set<String> = ["format", "output", "table", "help", "h", "version"]

    init(file: String, size requested: String?) throws {
        let text = try InputFile.text(file, option: "study file")
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        do { study = try StudyFile.parse(text, name: name, file: file) } catch { throw CommandError.data(error.description) }
        self.file = file
        fileSHA256 = SHA256.hexDigest(Array(text.utf8))
        if let requested, !study.sizes.contains(requested) {
            throw CommandError.usage("--size \(requested): \(file) has " + (study.sizes.isEmpty ? "no sizes" : "the sizes " + study.sizes.joined(separator: ", ")))
        }
        size = requested ?? study.defaultSize
        figureSpecs = try study.figures.map { [file] figure in
            do { return try StudyFigures.spec(figure, file: file) } catch { throw CommandError.usage("\(error)") }
        }
        steps = try study.steps.map { [file, size] step in
            Step(step: step, invocations: try StudyPlan.invocations(of: step, file: file, size: size))
        }
    }

    /// `relative` in the folder that holds the study's analyses/ folder (the repository's root),
    /// or in the working directory for a study file elsewhere: results/NAME, notebooks-export/NAME.ipynb.
    func beside(_ relative: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent
        let root = (folder as NSString).lastPathComponent == "analyses" ? (folder as NSString).deletingLastPathComponent : ""
        return (root.isEmpty ? "" : root + "/") + relative
    }

    /// The command lines of one step: one per combination of swept values.
    static func invocations(of step: StudyStep, file: String, size: String?) throws -> [Invocation] {
        func fail(_ key: String, _ message: String) -> CommandError {
            CommandError.data("\(file): step '\(step.name)', key '\(key)': \(message)")
        }
        let path = step.command.joined(separator: " ")
        guard commands.contains(path) else {
            throw fail("command", "got '\(path)'; allowed: " + commands.sorted().joined(separator: ", "))
        }
        var description = tool?.command
        for word in step.command { description = description?.subcommands?.first { $0.commandName == word } }
        // Options and flags by their long names (the dump's "option" and "flag" kinds).
        let arguments = (description?.arguments ?? []).filter { $0.kind == "option" || $0.kind == "flag" }
        let names = arguments.flatMap { ($0.names ?? []).filter { $0.kind == "long" }.map(\.name) }
        func argument(named key: String) -> ToolDescription.Argument? {
            arguments.first { $0.spellings.contains("--" + key) }
        }
        // csv: the format in which every command gives all of its tidy tables.
        var fixed: [String] = step.command + ["--format=csv"]
        var sweeps: [(key: String, values: [StudyValue])] = []
        for (key, raw) in step.options {
            guard !reserved.contains(key) else { throw fail("options.\(key)", "set by spectra run itself; leave it out") }
            guard let info = argument(named: key) else {
                throw fail("options.\(key)", "not an option of spectra \(path); its options: "
                    + names.filter { !reserved.contains($0) }.joined(separator: ", "))
            }
            guard let value = raw.resolved(size: size) else {
                throw fail("options.\(key)", "has no value for size '\(size ?? "none")'")
            }
            switch (info.kind == "flag", value) {
            case (true, .boolean(let on)): if on { fixed.append("--\(key)") }
            case (true, _): throw fail("options.\(key)", "got \(value); allowed: true or false (a flag cannot be swept)")
            case (false, .list(let values)) where info.isRepeating: fixed += values.map { "--\(key)=\($0)" }
            case (false, .list(let values)):
                guard !values.isEmpty else { throw fail("options.\(key)", "an empty list sweeps over nothing") }
                sweeps.append((key, values))
            case (false, .boolean): throw fail("options.\(key)", "got \(value); allowed: a value for --\(key)")
            case (false, _): fixed.append("--\(key)=\(value)")
            }
        }
        var combinations: [[(column: String, value: StudyValue)]] = [[]]
        for (key, values) in sweeps {
            let column = key.replacingOccurrences(of: "-", with: "_")
            combinations = combinations.flatMap { prefix in values.map { prefix + [(column, $0)] } }
        }
        return try combinations.map { sweep in
            let words = fixed + zip(sweeps, sweep).map { "--\($0.key)=\($1.value)" }
            let parsed: ParsableCommand
            do { parsed = try Spectra.parseAsRoot(words) } catch {
                throw CommandError.data("\(file): step '\(step.name)': \(SpectraCommandLine.quoted(["spectra"] + words)): "
                    + Spectra.message(for: error))
            }
            return Invocation(arguments: words, sweep: sweep, command: parsed)
        }
    }
}
