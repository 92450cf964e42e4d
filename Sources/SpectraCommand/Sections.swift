import ArgumentParser
import SpectraKit

/// One titled table of a command's output; `key` is its name for --table. `shown` says whether
/// the human formats print it when --table is not given (a long tidy table such as every
/// eigenvalue is printed only when asked for).
struct Section {
    let key: String
    let title: String
    let table: Table
    var shown = true
}

/// Several titled tables in one output, and the one way every command honours --table:
///
/// - without --table: the human formats (table, markdown, latex) print every shown table one
///   after the other, csv and tsv print the command's default table (the output stays one tidy
///   table), json prints the command's whole document;
/// - with --table NAME: every format prints that table alone (json: its rows, with the
///   provenance); a NAME that is not part of this output is refused, naming the tables it has.
///
/// The human formats name kernels by label or shortest spec, the machine formats by canonical
/// spec (`KernelNaming`).
enum Sections {
    /// - Parameters:
    ///   - choice: --table as given, nil when it was not.
    ///   - preferred: the table csv and tsv print without --table (else the first).
    static func render(_ sections: [Section], format: TableFormat, choice: String?, preferred: String? = nil,
                       naming: KernelNaming = .none) throws -> String {
        if let capture = TableCapture.active {
            for section in sections { capture.record(section.key, naming.forPrograms(section.table)) }
            return ""
        }
        let chosen = try select(sections, choice: choice)
        switch format {
        case .csv, .tsv:
            let section = chosen ?? sections.first { $0.key == preferred } ?? sections.first
            guard let section else { return "" }
            return try format.render(naming.forPrograms(section.table))
        case .json:
            guard let section = chosen ?? sections.first else { return "" }
            return try json(section, naming: naming)
        case .markdown, .latex, .table:
            let printed = chosen.map { [$0] } ?? sections.filter(\.shown)
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

    /// A single table under `key`, without a title: captured by `spectra run`, else rendered in
    /// `format` (json: the table's rows with the provenance, for a command whose own json
    /// document is not used).
    static func render(_ table: Table, key: String, format: TableFormat, choice: String? = nil,
                       naming: KernelNaming = .none) throws -> String {
        if let capture = TableCapture.active {
            capture.record(key, naming.forPrograms(table))
            return ""
        }
        let section = Section(key: key, title: key, table: table)
        _ = try select([section], choice: choice)
        if format == .json { return try json(section, naming: naming) }
        return try format.render(format.isHuman ? naming.forPeople(table) : naming.forPrograms(table))
    }

    /// The section --table names; nil without --table; a usage error naming this output's
    /// tables when it names none of them.
    static func select(_ sections: [Section], choice: String?) throws -> Section? {
        guard let choice else { return nil }
        guard let section = sections.first(where: { $0.key == choice }) else {
            throw CommandError.usage("--table \(choice) is not part of this output; it has: "
                + sections.map(\.key).joined(separator: ", "))
        }
        return section
    }

    /// Refuses --table where the output is not made of tables that it could choose from.
    static func refuse(_ choice: String?, because reason: String) throws {
        if let choice { throw CommandError.usage("--table \(choice) does not apply: \(reason)") }
    }

    /// One table as JSON: `{"spectra_version", "build", "inputs", "command", "table", "rows"}`.
    static func json(_ section: Section, naming: KernelNaming) throws -> String {
        let document = JSONValue.object([
            ("spectra_version", .string(SpectraVersion.string)), ("command", .string(Invocation.commandLine)),
            ("table", .string(section.key)), ("rows", JSONValue(naming.forPrograms(section.table))),
        ])
        return try document.serializedWithProvenance()
    }

    /// A command's whole JSON document, with the kernels' labels when any was given.
    static func json(_ document: JSONValue, naming: KernelNaming,
                     settings: [(key: String, value: JSONValue)] = []) throws -> String {
        try naming.forPrograms(document).serializedWithProvenance(settings: settings)
    }
}
