import Foundation
import TOMLKit

/// Reads a study from its TOML text (`analyses/NAME.toml`). The layout:
///
///     title = "..."                 # required
///     reference = "..."             # the paper: authors, year, title, arXiv id
///     description = """..."""
///     sizes = ["quick", "full"]     # optional; an option may then be { quick = 200, full = 4000 }
///
///     [[steps]]
///     name = "spectra"              # unique; tables are written as spectra.TABLE.csv
///     command = "decay"             # or "finite init", ...
///     tables = ["spectrum", "fit"]  # optional: the tidy tables kept (default: all)
///     paper = ["fit"]               # optional: also written as Markdown and LaTeX
///     [steps.options]               # the command's options by their long names
///     kernel = ["ntk", "laplace"]   # a list: repeated flags, or a sweep for a one-value option
///     dim = [3, 10]
///
///     [[figures]]   name, kind, step, table, and the kind's own keys (x, y, series, ...)
///     [[claims]]    name, statement, step, table, column, where = {...}, aggregate, minus = {...},
///                   expect + tolerance | at_least | at_most, expected_contradiction = "reason"
///
/// Only the file's structure is checked here (keys, types, references between sections); the
/// options themselves are validated by the commands that take them, in the command layer.
public enum StudyFile {
    public static func parse(_ text: String, name: String, file: String) throws(StudyFileError) -> Study {
        if let (line, column) = unparsableTableHeader(text) {
            throw .syntax(file: file, line: line, column: column,
                          message: "a table header's key starts with a character that is neither a bare-key character "
                              + "(A-Z a-z 0-9 - _) nor a quote")
        }
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw .syntax(file: file, line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        } catch {
            throw .syntax(file: file, line: 0, column: 0, message: "\(error)")
        }
        let reader = Reader(file: file)
        try reader.allowOnly(root, ["title", "reference", "description", "sizes", "steps", "figures", "claims"], at: nil)
        let title = try reader.string(root, "title", at: nil, required: true) ?? ""
        let reference = try reader.string(root, "reference", at: nil) ?? ""
        let description = try reader.string(root, "description", at: nil) ?? ""
        let sizes = try reader.strings(root, "sizes", at: nil) ?? []

        var steps: [StudyStep] = []
        for (i, table) in try reader.tables(root, "steps").enumerated() {
            let place = "step \(i + 1)"
            try reader.allowOnly(table, ["name", "command", "tables", "paper", "options"], at: place)
            let stepName = try reader.string(table, "name", at: place, required: true) ?? ""
            guard isName(stepName) else { throw .invalid(file: file, place: place, key: "name", given: stepName, allowed: nameRule) }
            guard !steps.contains(where: { $0.name == stepName }) else {
                throw .invalid(file: file, place: place, key: "name", given: stepName, allowed: "a name no other step has")
            }
            let command = (try reader.string(table, "command", at: place, required: true) ?? "")
                .split(separator: " ").map(String.init)
            var options: [(key: String, value: StudyValue)] = []
            if let optionTable = try reader.table(table, "options", at: place) {
                for (key, value) in optionTable {
                    options.append((key, try reader.value(value, key: "options.\(key)", at: "step '\(stepName)'", sizes: sizes)))
                }
            }
            steps.append(StudyStep(name: stepName, command: command, options: options.sorted { $0.key < $1.key },
                                   tables: try reader.strings(table, "tables", at: place),
                                   paperTables: try reader.strings(table, "paper", at: place) ?? []))
        }
        guard !steps.isEmpty else { throw .invalid(file: file, place: nil, key: "steps", given: "none", allowed: "at least one [[steps]]") }

        func checkStep(_ table: TOMLTable, at place: String) throws(StudyFileError) -> String {
            let step = try reader.string(table, "step", at: place, required: true) ?? ""
            guard steps.contains(where: { $0.name == step }) else {
                throw .invalid(file: file, place: place, key: "step", given: step,
                               allowed: "one of the steps: " + steps.map(\.name).joined(separator: ", "))
            }
            return step
        }

        var figures: [StudyFigure] = []
        for (i, table) in try reader.tables(root, "figures").enumerated() {
            let place = "figure \(i + 1)"
            let figureName = try reader.string(table, "name", at: place, required: true) ?? ""
            guard isName(figureName) else { throw .invalid(file: file, place: place, key: "name", given: figureName, allowed: nameRule) }
            let step = try checkStep(table, at: place)
            var settings: [String: StudyValue] = [:]
            for (key, value) in table where !["name", "kind", "step", "table"].contains(key) {
                settings[key] = try reader.value(value, key: key, at: "figure '\(figureName)'", sizes: sizes)
            }
            figures.append(StudyFigure(name: figureName, kind: try reader.string(table, "kind", at: place, required: true) ?? "",
                                       step: step, table: try reader.string(table, "table", at: place, required: true) ?? "",
                                       settings: settings))
        }

        var claims: [StudyClaim] = []
        for (i, table) in try reader.tables(root, "claims").enumerated() {
            let place = "claim \(i + 1)"
            try reader.allowOnly(table, ["name", "statement", "step", "table", "column", "where", "aggregate", "minus", "expect",
                                         "tolerance", "at_least", "at_most", "expected_contradiction"], at: place)
            let claimName = try reader.string(table, "name", at: place, required: true) ?? ""
            let step = try checkStep(table, at: place)
            let aggregateText = try reader.string(table, "aggregate", at: place) ?? "value"
            guard let aggregate = StudyClaim.Aggregate(rawValue: aggregateText) else {
                throw .invalid(file: file, place: place, key: "aggregate", given: aggregateText,
                               allowed: StudyClaim.Aggregate.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let expect = try reader.number(table, "expect", at: place)
            let tolerance = try reader.number(table, "tolerance", at: place)
            let atLeast = try reader.number(table, "at_least", at: place)
            let atMost = try reader.number(table, "at_most", at: place)
            let comparison: StudyClaim.Comparison
            switch (expect, tolerance, atLeast, atMost) {
            case let (e?, t?, nil, nil) where t >= 0: comparison = .near(expected: e, tolerance: t)
            case let (nil, nil, x?, nil): comparison = .atLeast(x)
            case let (nil, nil, nil, x?): comparison = .atMost(x)
            default:
                throw .invalid(file: file, place: place, key: "expect", given: "expect/tolerance/at_least/at_most as given",
                               allowed: "expect with a tolerance >= 0, or at_least, or at_most (one of the three)")
            }
            let minus = try reader.filter(table, "minus", at: place, sizes: sizes)
            if aggregate == .difference && minus.isEmpty {
                throw .invalid(file: file, place: place, key: "minus", given: "nothing", allowed: "the row to subtract, e.g. minus = { kernel = \"laplace\" }")
            }
            claims.append(StudyClaim(name: claimName, statement: try reader.string(table, "statement", at: place) ?? "",
                                     step: step, table: try reader.string(table, "table", at: place, required: true) ?? "",
                                     column: try reader.string(table, "column", at: place, required: true) ?? "",
                                     filter: try reader.filter(table, "where", at: place, sizes: sizes), aggregate: aggregate,
                                     minusFilter: minus, comparison: comparison,
                                     expectedContradiction: try reader.string(table, "expected_contradiction", at: place)))
        }
        return Study(name: name, title: title, reference: reference, description: description, sizes: sizes,
                     steps: steps, figures: figures, claims: claims)
    }

    /// The first table header (`[...]` or `[[...]]` opening a line, outside multi-line strings)
    /// whose key starts with a character TOML does not allow there, as (line, column), 1-based.
    /// TOMLKit's parser (toml++) aborts the process on those instead of reporting an error.
    static func unparsableTableHeader(_ text: String) -> (Int, Int)? {
        var inMultilineString = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let delimiters = line.components(separatedBy: "\"\"\"").count - 1 + line.components(separatedBy: "'''").count - 1
            defer { if delimiters % 2 == 1 { inMultilineString.toggle() } }
            guard !inMultilineString else { continue }
            let characters = Array(line)
            var i = 0
            while i < characters.count, characters[i] == " " || characters[i] == "\t" { i += 1 }
            guard i < characters.count, characters[i] == "[" else { continue }
            i += 1
            if i < characters.count, characters[i] == "[" { i += 1 }
            while i < characters.count, characters[i] == " " || characters[i] == "\t" { i += 1 }
            guard i < characters.count else { continue }
            let c = characters[i]
            let allowed = c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == "\"" || c == "'" || c == "]")
            if !allowed { return (index + 1, i + 1) }
        }
        return nil
    }

    static let nameRule = "a name of letters, digits, '-' and '_'"

    static func isName(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    /// Typed reads that name the file, the place and the key in every error.
    struct Reader {
        let file: String

        func allowOnly(_ table: TOMLTable, _ keys: [String], at place: String?) throws(StudyFileError) {
            for (key, _) in table where !keys.contains(key) {
                throw .invalid(file: file, place: place, key: key, given: "an unknown key", allowed: keys.joined(separator: ", "))
            }
        }

        func string(_ table: TOMLTable, _ key: String, at place: String?, required: Bool = false) throws(StudyFileError) -> String? {
            guard let value = table[key] else {
                if required { throw .invalid(file: file, place: place, key: key, given: "nothing", allowed: "a string (required)") }
                return nil
            }
            guard let s = value.string else { throw .invalid(file: file, place: place, key: key, given: "a \(value.type)", allowed: "a string") }
            return s
        }

        func number(_ table: TOMLTable, _ key: String, at place: String?) throws(StudyFileError) -> Double? {
            guard let value = table[key] else { return nil }
            if let x = value.double { return x }
            if let n = value.int { return Double(n) }
            throw .invalid(file: file, place: place, key: key, given: "a \(value.type)", allowed: "a number")
        }

        func strings(_ table: TOMLTable, _ key: String, at place: String?) throws(StudyFileError) -> [String]? {
            guard let value = table[key] else { return nil }
            guard let array = value.array else { throw .invalid(file: file, place: place, key: key, given: "a \(value.type)", allowed: "a list of strings") }
            var result: [String] = []
            for element in array {
                guard let s = element.string else {
                    throw .invalid(file: file, place: place, key: key, given: "a list holding a \(element.type)", allowed: "a list of strings")
                }
                result.append(s)
            }
            return result
        }

        func table(_ table: TOMLTable, _ key: String, at place: String?) throws(StudyFileError) -> TOMLTable? {
            guard let value = table[key] else { return nil }
            guard let t = value.table else { throw .invalid(file: file, place: place, key: key, given: "a \(value.type)", allowed: "a table") }
            return t
        }

        func tables(_ root: TOMLTable, _ key: String) throws(StudyFileError) -> [TOMLTable] {
            guard let value = root[key] else { return [] }
            guard let array = value.array else {
                throw .invalid(file: file, place: nil, key: key, given: "a \(value.type)", allowed: "an array of tables ([[\(key)]])")
            }
            var result: [TOMLTable] = []
            for element in array {
                guard let t = element.table else {
                    throw .invalid(file: file, place: nil, key: key, given: "an array holding a \(element.type)", allowed: "an array of tables ([[\(key)]])")
                }
                result.append(t)
            }
            return result
        }

        func filter(_ table: TOMLTable, _ key: String, at place: String, sizes: [String]) throws(StudyFileError) -> [String: StudyValue] {
            guard let t = try self.table(table, key, at: place) else { return [:] }
            var result: [String: StudyValue] = [:]
            for (column, value) in t { result[column] = try self.value(value, key: "\(key).\(column)", at: place, sizes: sizes) }
            return result
        }

        func value(_ value: any TOMLValueConvertible, key: String, at place: String, sizes: [String]) throws(StudyFileError) -> StudyValue {
            if let b = value.bool { return .boolean(b) }
            if let n = value.int { return .integer(n) }
            if let x = value.double { return .real(x) }
            if let s = value.string { return .text(s) }
            if let array = value.array {
                var values: [StudyValue] = []
                for element in array {
                    let v = try self.value(element, key: key, at: place, sizes: sizes)
                    if case .list = v { throw .invalid(file: file, place: place, key: key, given: "a list of lists", allowed: "a list of values") }
                    values.append(v)
                }
                return .list(values)
            }
            if let t = value.table {
                var values: [String: StudyValue] = [:]
                for (size, v) in t {
                    guard sizes.contains(size) else {
                        throw .invalid(file: file, place: place, key: "\(key).\(size)", given: "an unknown size",
                                       allowed: sizes.isEmpty ? "no table here (the study declares no sizes)" : "one of the sizes " + sizes.joined(separator: ", "))
                    }
                    values[size] = try self.value(v, key: "\(key).\(size)", at: place, sizes: [])
                }
                return .perSize(values)
            }
            throw .invalid(file: file, place: place, key: key, given: "a \(value.type)", allowed: "a string, number, boolean or list")
        }
    }
}

/// A study file that cannot be read: where (file, line and column, or the step and key) and why.
public enum StudyFileError: Error, CustomStringConvertible, Equatable, Sendable {
    case syntax(file: String, line: Int, column: Int, message: String)
    case invalid(file: String, place: String?, key: String, given: String, allowed: String)

    public var description: String {
        switch self {
        case let .syntax(file, line, column, message):
            return "\(file):\(line):\(column): TOML syntax: \(message)"
        case let .invalid(file, place, key, given, allowed):
            return "\(file): \(place.map { "\($0), " } ?? "")key '\(key)': got \(given); allowed: \(allowed)"
        }
    }
}
