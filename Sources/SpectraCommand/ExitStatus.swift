import ArgumentParser
import Foundation
import SpectraKit

/// spectra's exit statuses, one per kind of situation, the same in every command (README,
/// "Exit status"; `spectra --help`). The numbers are those of BSD's sysexits.h.
enum ExitStatus: Int32 {
    /// The command ran and wrote its output.
    case success = 0
    /// A failure while running: a numerical method that did not converge, a write that failed.
    case failure = 1
    /// Bad usage found before any work: an unknown command or option, a value out of range, a
    /// repeated or contradictory option, an input file that cannot be opened, an --output that
    /// cannot be written.
    case usage = 64
    /// An input file was read but its content is wrong: a malformed row, a non-number, a
    /// duplicate column, a column that does not fit the task.
    case dataError = 65

    /// The line for `spectra --help`.
    static let summary = "Exit status: 0 success; 64 usage (bad option, value, input path or --output, found before "
        + "any work); 65 bad content of an input file; 1 failure while running (numerics, writing the output)."
}

/// A failure a command reports itself, with the exit status of its kind: printed as
/// "Error: ..." without a usage text.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    let status: ExitStatus

    /// Bad usage found before the work starts (exit status 64).
    static func usage(_ description: String) -> CommandError { CommandError(description: description, status: .usage) }
    /// Bad content of an input file (exit status 65).
    static func data(_ description: String) -> CommandError { CommandError(description: description, status: .dataError) }
    /// A failure while running (exit status 1).
    static func failure(_ description: String) -> CommandError { CommandError(description: description, status: .failure) }
}
