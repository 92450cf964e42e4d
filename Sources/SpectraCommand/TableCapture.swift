import SpectraKit

/// While `spectra run` executes a study's step in-process, every tidy table the command would
/// print is handed here instead (all of them, not only the one `--table` names), and nothing is
/// written to standard output or to a file.
final class TableCapture: @unchecked Sendable {
    /// The capture of the step being run; nil outside `spectra run`.
    nonisolated(unsafe) static var active: TableCapture?

    private(set) var tables: [(key: String, table: Table)] = []

    func record(_ key: String, _ table: Table) {
        tables.append((key, table))
    }

    /// Runs `body` with a fresh capture active and returns what it recorded.
    static func capturing(_ body: () throws -> Void) throws -> [(key: String, table: Table)] {
        let capture = TableCapture()
        active = capture
        defer { active = nil }
        try body()
        return capture.tables
    }
}
