import Foundation
import SpectraKit

/// Hands finished text to standard output or, with --output, to an atomically written file.
/// Nothing is written until the whole text exists, so a failure leaves no partial output.
enum Emitter {
    static func emit(_ text: String, to path: String?) throws {
        // Under `spectra run` the tables were captured; the step writes nothing itself.
        if TableCapture.active != nil { return }
        let body = text.hasSuffix("\n") ? text : text + "\n"
        if let path {
            try AtomicFileWriter.write(body, to: path)
        } else {
            FileHandle.standardOutput.write(Data(body.utf8))
        }
    }
}

/// Progress on standard error, only when it is a terminal (MATH-free, command layer only).
struct Progress: Sendable {
    let enabled = isatty(STDERR_FILENO) == 1

    func say(_ message: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + message).utf8))
    }

    func done() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// A failure found while running (after argument validation): printed as "Error: ..." without
/// a usage text, exit status 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
