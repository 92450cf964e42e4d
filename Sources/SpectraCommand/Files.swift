import Foundation
import SpectraKit

/// An input file named by an option, read whole; a message says why it cannot be.
enum InputFile {
    /// The file's text. A missing file, a directory or an unreadable file is bad usage (64);
    /// a file that is not UTF-8 text is bad data (65).
    static func text(_ path: String, option: String) throws(CommandError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .usage("\(option) \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw .usage("\(option) \(path): is a directory; give a CSV or TSV file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("\(option) \(path): cannot be read (permission denied)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .data("\(option) \(path): is not UTF-8 text; give a CSV or TSV file")
        }
        return text
    }
}

/// --output checked before any work: it can be written (see `AtomicFileWriter.checkWritable`)
/// and it is none of the input files (the same file, however its path is written).
enum OutputCheck {
    static func check(_ output: String, inputs: [(option: String, path: String)]) throws(CommandError) {
        if let input = inputs.first(where: { sameFile(output, $0.path) }) {
            throw .usage("--output \(output) is the file given to \(input.option) (\(input.path)); writing it would "
                + "replace the input: choose another --output")
        }
        do { try AtomicFileWriter.checkWritable(output) } catch { throw .usage("--output: \(error)") }
    }

    /// Both paths name one existing file (same device and inode, symbolic links followed).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
