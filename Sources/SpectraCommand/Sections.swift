import ArgumentParser
import SpectraKit

/// One titled table of a command's output; `key` is its name for --table.
struct Section {
    let key: String
    let title: String
    let table: Table
}

/// Several titled tables in one output: one after the other for people (table, markdown,
/// latex); for csv and tsv only the chosen one, so the output stays one tidy table.
enum Sections {
    static func render(_ sections: [Section], format: TableFormat, choice: String) throws -> String {
        if let capture = TableCapture.active {
            for section in sections { capture.record(section.key, section.table) }
            return ""
        }
        switch format {
        case .csv, .tsv:
            guard let chosen = sections.first(where: { $0.key == choice }) else {
                throw ValidationError("--table \(choice) is not part of this output; it has: "
                    + sections.map(\.key).joined(separator: ", "))
            }
            return try format.render(chosen.table)
        case .markdown:
            return try sections.map { "### \($0.title)\n\n" + (try format.render($0.table)) }.joined(separator: "\n")
        case .latex:
            return try sections.map { "% \($0.title)\n" + (try format.render($0.table)) }.joined(separator: "\n")
        case .table, .json:
            return try sections.map { "# \($0.title)\n" + (try format.render($0.table)) }.joined(separator: "\n")
        }
    }

    /// A single table under `key`: captured by `spectra run`, else rendered in `format`.
    static func render(_ table: Table, key: String, format: TableFormat) throws -> String {
        if let capture = TableCapture.active {
            capture.record(key, table)
            return ""
        }
        return try format.render(table)
    }
}
