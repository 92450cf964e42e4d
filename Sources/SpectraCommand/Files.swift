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
