import ArgumentParser
import Foundation
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

    /// The commands a study step may run, by their path.
    static let commands: [String: ParsableCommand.Type] = [
        "kernel": KernelCommand.self, "decay": DecayCommand.self, "rkhs": RKHSCommand.self, "align": AlignCommand.self,
        "regress": RegressCommand.self, "finite init": FiniteInitCommand.self, "finite train": FiniteTrainCommand.self,
        "finite add-layer": FiniteAddLayerCommand.self,
    ]

    /// Options `spectra run` sets itself.
    static let reserved: Set<String> = ["format", "output", "table", "help", "h", "version"]

    init(file: String, size requested: String?) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw CommandError("\(file): cannot read the study file (\(FileManager.default.fileExists(atPath: file) ? "unreadable" : "no such file"))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CommandError("\(file): not UTF-8 text") }
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        do { study = try StudyFile.parse(text, name: name, file: file) } catch { throw CommandError(error.description) }
        self.file = file
        fileSHA256 = SHA256.hexDigest(data)
        if let requested, !study.sizes.contains(requested) {
            throw CommandError("--size \(requested): \(file) has " + (study.sizes.isEmpty ? "no sizes" : "the sizes " + study.sizes.joined(separator: ", ")))
        }
        size = requested ?? study.defaultSize
        steps = try study.steps.map { [file, size] step in
            Step(step: step, invocations: try StudyPlan.invocations(of: step, file: file, size: size))
        }
    }

    /// The command lines of one step: one per combination of swept values.
    static func invocations(of step: StudyStep, file: String, size: String?) throws -> [Invocation] {
        func fail(_ key: String, _ message: String) -> CommandError {
            CommandError("\(file): step '\(step.name)', key '\(key)': \(message)")
        }
        let path = step.command.joined(separator: " ")
        guard let command = commands[path] else {
            throw fail("command", "got '\(path)'; allowed: " + commands.keys.sorted().joined(separator: ", "))
        }
        let arguments = try CommandArguments(command)
        var fixed: [String] = step.command
        var sweeps: [(key: String, values: [StudyValue])] = []
        for (key, raw) in step.options {
            guard !reserved.contains(key) else { throw fail("options.\(key)", "set by spectra run itself; leave it out") }
            guard let info = arguments.byName[key] else {
                throw fail("options.\(key)", "not an option of spectra \(path); its options: "
                    + arguments.names.filter { !reserved.contains($0) }.joined(separator: ", "))
            }
            guard let value = raw.resolved(size: size) else {
                throw fail("options.\(key)", "has no value for size '\(size ?? "none")'")
            }
            switch (info.isFlag, value) {
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
            do { _ = try Spectra.parseAsRoot(words) } catch {
                throw CommandError("\(file): step '\(step.name)': \(SpectraCommandLine.quoted(["spectra"] + words)): "
                    + Spectra.message(for: error))
            }
            return Invocation(arguments: words, sweep: sweep)
        }
    }
}

/// A command's argument list as swift-argument-parser describes it (its help dump): the long
/// names, and which are flags or repeatable.
struct CommandArguments {
    struct Info { let isFlag: Bool; let isRepeating: Bool }
    let byName: [String: Info]
    let names: [String]

    init(_ command: ParsableCommand.Type) throws {
        let dump = command._dumpHelp()
        guard let object = try JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any],
              let info = object["command"] as? [String: Any], let arguments = info["arguments"] as? [[String: Any]]
        else { throw CommandError("internal error: cannot read the options of \(command)") }
        var byName: [String: Info] = [:]
        var names: [String] = []
        for argument in arguments {
            let kind = argument["kind"] as? String
            guard kind == "option" || kind == "flag" else { continue }
            let long = (argument["names"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "long" }
            for name in long.compactMap({ $0["name"] as? String }) {
                byName[name] = Info(isFlag: kind == "flag", isRepeating: argument["isRepeating"] as? Bool ?? false)
                names.append(name)
            }
        }
        self.byName = byName
        self.names = names
    }
}
