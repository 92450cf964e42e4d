import Foundation
import SpectraKit

/// An output path checked before any work: it is none of the input files (the same file,
/// however its path is written) and it can be written (`AtomicFileWriter.checkWritable`).
/// Shared by `spectra` (every --output) and `spectra-mpi` (--output, --predictions-csv).
public enum OutputCheck {
    /// Refuses `path`, given to `option`, when it names one of `inputs` or cannot be written.
    public static func check(_ path: String, option: String = "--output",
                             inputs: [(option: String, path: String)]) throws(CommandLineCheck.Refusal) {
        if let input = inputs.first(where: { sameFile(path, $0.path) }) {
            throw CommandLineCheck.Refusal(description: "\(option) \(path) is the file given to \(input.option) (\(input.path)); "
                + "writing it would replace the input: choose another \(option)")
        }
        do { try AtomicFileWriter.checkWritable(path) } catch {
            throw CommandLineCheck.Refusal(description: "\(option): \(error)")
        }
    }

    /// Both paths name one existing file (same device and inode, symbolic links followed).
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
