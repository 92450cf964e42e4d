import ArgumentParser
import Foundation

/// Checks of the raw arguments that the argument parser does not make, for every command at
/// once, from the parser's own description of the commands (their names, options and which
/// options repeat). Shared by `spectra` and `spectra-mpi` (MPI/), which read the same options:
///
/// - an unknown command word is named as such, with the commands there are (the parser
///   would complain about the first option after it);
/// - an option that takes one value may be given once (the parser would keep the last);
/// - a value that is a negative number (`--max-degree -1`) is a value, not an option, so that
///   the option's own check names it and the allowed range (the parser would say "Missing
///   value"): it is passed on as `--max-degree=-1`;
/// - the input files named on the command line (options declared with file completion) and
///   `--output` are collected, so that the output can be checked before any work.
public struct CommandLineCheck: Sendable {
    /// The arguments as the parser should see them.
    public let arguments: [String]
    /// The path given to --output, if any.
    public let output: String?
    /// The input files given: (option, path).
    public let inputFiles: [(option: String, path: String)]

    /// A command line refused before parsing; `description` is the sentence to print.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ given: [String], root: any ParsableCommand.Type) throws(Refusal) {
        guard let tool = try? JSONDecoder().decode(ToolDescription.self, from: Data(root._dumpHelp().utf8)) else {
            // Without the description the parser's own checks still apply.
            (arguments, output, inputFiles) = (given, nil, [])
            return
        }
        var command = tool.command
        var path = [command.commandName]
        var index = 0
        // The command words: each must name a subcommand of the one before.
        while index < given.count, !given[index].hasPrefix("-"), let subcommands = command.subcommands, !subcommands.isEmpty {
            let word = given[index]
            if word == "help" { break }
            guard let next = subcommands.first(where: { $0.commandName == word || ($0.aliases ?? []).contains(word) }) else {
                guard !command.hasPositionalArguments else { break }
                throw Refusal(description: "unknown command '\(word)'" + (path.count > 1 ? " for '\(path.joined(separator: " "))'" : "")
                    + "; the commands are: " + subcommands.map(\.commandName).joined(separator: ", ")
                    + ". See '\(path.joined(separator: " ")) --help'.")
            }
            command = next
            path.append(word)
            index += 1
        }
        let options = command.singleValuedOptionNames
        let files = command.fileOptionNames
        var normalized = Array(given[..<index])
        var seen: [String: [String]] = [:]
        var order: [String] = []
        var output: String?
        var inputs: [(option: String, path: String)] = []
        while index < given.count {
            let word = given[index]
            index += 1
            if word == "--" {
                normalized += given[(index - 1)...]
                break
            }
            let (name, attached) = Self.split(word)
            guard let option = command.valueOption(named: name) else {
                normalized.append(word)
                continue
            }
            var value = attached
            if value == nil, index < given.count, option.takesAsValue(given[index]) {
                value = given[index]
                index += 1
            }
            guard let value else {
                normalized.append(word)  // the parser reports the missing value
                continue
            }
            normalized += name.hasPrefix("--") ? ["\(name)=\(value)"] : [name, value]
            if let preferred = options[name] {
                if seen[preferred] == nil { order.append(preferred) }
                seen[preferred, default: []].append(value)
            }
            if option.preferred == "--output" { output = value } else if let file = files[name] { inputs.append((file, value)) }
        }
        if let repeated = order.first(where: { (seen[$0]?.count ?? 0) > 1 }), let values = seen[repeated] {
            throw Refusal(description: "\(repeated) is given \(values.count) times (" + values.joined(separator: ", ")
                + "); it takes one value: give it once")
        }
        (arguments, self.output, inputFiles) = (normalized, output, inputs)
    }

    /// "--name=value" as ("--name", "value"); any other word as (word, nil).
    private static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }
}

/// The parts of the argument parser's JSON description of a command tree (`--experimental-dump-help`)
/// that `CommandLineCheck` and spectra's study plans read.
public struct ToolDescription: Decodable, Sendable {
    public struct Command: Decodable, Sendable {
        public let commandName: String
        public let aliases: [String]?
        public let subcommands: [Command]?
        public let arguments: [Argument]?

        /// The option (taking a value) spelled `name`, nil for flags and unknown words.
        public func valueOption(named name: String) -> Argument? {
            arguments?.first { $0.kind == "option" && $0.spellings.contains(name) }
        }

        public var hasPositionalArguments: Bool { (arguments ?? []).contains { $0.kind == "positional" } }

        /// Every spelling of each option that takes exactly one value -> its preferred spelling.
        public var singleValuedOptionNames: [String: String] {
            var names: [String: String] = [:]
            for argument in arguments ?? [] where argument.kind == "option" && !argument.isRepeating {
                for spelling in argument.spellings { names[spelling] = argument.preferred }
            }
            return names
        }

        /// Every spelling of each option that names an input file -> its preferred spelling.
        /// --output is the one output and is not among them.
        public var fileOptionNames: [String: String] {
            var names: [String: String] = [:]
            for argument in arguments ?? [] where argument.kind == "option" && argument.namesAFile && argument.preferred != "--output" {
                for spelling in argument.spellings { names[spelling] = argument.preferred }
            }
            return names
        }
    }

    public struct Argument: Decodable, Sendable {
        public struct Name: Decodable, Sendable {
            public let kind: String
            public let name: String
            public var spelling: String { kind == "long" ? "--" + name : "-" + name }
        }

        /// Any JSON value, read and dropped (the associated values of a completion kind).
        public struct Ignored: Decodable, Sendable { public init(from decoder: any Decoder) throws {} }

        public let kind: String
        public let isRepeating: Bool
        public let names: [Name]?
        public let preferredName: Name?
        public let completionKind: [String: Ignored]?

        public let parsingStrategy: String?

        /// Whether the word after this option is its value: anything but an option, where a
        /// negative number (-1, -.5, -1e3) is a value; with unconditional parsing, any word.
        public func takesAsValue(_ word: String) -> Bool {
            guard word.hasPrefix("-"), parsingStrategy != "unconditional" else { return true }
            return word.dropFirst().first.map { $0.isNumber || $0 == "." } ?? false
        }

        public var spellings: [String] { (names ?? []).map(\.spelling) }
        public var preferred: String { preferredName?.spelling ?? spellings.first ?? "" }
        public var namesAFile: Bool { completionKind?["file"] != nil }
    }

    public let command: Command
}
