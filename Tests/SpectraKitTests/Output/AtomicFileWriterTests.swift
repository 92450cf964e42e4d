import Foundation
import Testing
@testable import SpectraKit

extension OutputTests {
    @Suite struct AtomicFileWriterTests {
        struct InjectedFailure: Error {}

        /// A fresh directory under the system's temporary directory, removed after `body`.
        func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("spectra-output-tests-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try body(directory)
        }

        func contents(_ path: String) throws -> String {
            try String(contentsOfFile: path, encoding: .utf8)
        }

        @Test func writesANewFileAndReplacesAnOldOne() throws {
            try withTemporaryDirectory { directory in
                let path = directory + "/spectrum.csv"
                try AtomicFileWriter.write("degree,eigenvalue\n0,1.0\n", to: path)
                #expect(try contents(path) == "degree,eigenvalue\n0,1.0\n")
                try AtomicFileWriter.write("µ ∝ k^-3\n", to: path)
                #expect(try contents(path) == "µ ∝ k^-3\n")
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["spectrum.csv"])
            }
        }

        @Test func aFailureBeforeTheRenameLeavesTheOldFileAndNoTemporaryFile() throws {
            try withTemporaryDirectory { directory in
                let path = directory + "/spectrum.csv"
                try AtomicFileWriter.write("old\n", to: path)
                var temporary = ""
                let failure: (String) throws -> Void = { written in
                    temporary = written
                    throw InjectedFailure()
                }
                #expect(throws: FileWriteError.self) {
                    try AtomicFileWriter.write("new\n", to: path, beforeRename: failure)
                }
                #expect(temporary.hasPrefix(directory + "/.spectrum.csv."), "the temporary file sits beside the target")
                #expect(try contents(path) == "old\n")
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["spectrum.csv"])
            }
        }

        /// The check before long work finds what the write would find, and touches nothing.
        @Test func checkWritableFindsWhatTheWriteWouldAndLeavesNoTrace() throws {
            try withTemporaryDirectory { directory in
                let missing = directory + "/no/such/dir/out.json"
                #expect(throws: FileWriteError.directoryMissing(path: missing)) { try AtomicFileWriter.checkWritable(missing) }
                #expect(throws: FileWriteError.isADirectory(path: directory)) { try AtomicFileWriter.checkWritable(directory) }
                try AtomicFileWriter.write("x", to: directory + "/plain")
                #expect(throws: FileWriteError.notADirectory(path: directory + "/plain/out.csv")) {
                    try AtomicFileWriter.checkWritable(directory + "/plain/out.csv")
                }
                try AtomicFileWriter.checkWritable(directory + "/new.csv")
                try AtomicFileWriter.checkWritable(directory + "/plain")
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["plain"])
                #expect(try contents(directory + "/plain") == "x")
            }
        }

        @Test func aMissingDirectoryIsNamedInTheError() throws {
            try withTemporaryDirectory { directory in
                let path = directory + "/no/such/dir/out.json"
                #expect(throws: FileWriteError.directoryMissing(path: path)) {
                    try AtomicFileWriter.write("{}", to: path)
                }
                #expect(FileWriteError.directoryMissing(path: path).description.contains(path))
            }
        }

        @Test func aDirectoryIsNotOverwritten() throws {
            try withTemporaryDirectory { directory in
                #expect(throws: FileWriteError.isADirectory(path: directory)) {
                    try AtomicFileWriter.write("x", to: directory)
                }
                let entries = try FileManager.default.contentsOfDirectory(atPath: directory)
                #expect(entries.isEmpty)
            }
        }

        @Test func aPathThroughAFileIsNotADirectory() throws {
            try withTemporaryDirectory { directory in
                let file = directory + "/plain"
                try AtomicFileWriter.write("x", to: file)
                #expect(throws: FileWriteError.notADirectory(path: file + "/out.csv")) {
                    try AtomicFileWriter.write("y", to: file + "/out.csv")
                }
            }
        }

        @Test func aSymbolicLinkIsFollowedAndKeptAsALink() throws {
            try withTemporaryDirectory { directory in
                let target = directory + "/real.csv"
                let link = directory + "/link.csv"
                try AtomicFileWriter.write("old\n", to: target)
                try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
                try AtomicFileWriter.write("new\n", to: link)
                #expect(try contents(target) == "new\n")
                #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
            }
        }

        @Test func aReplacedFileKeepsItsPermissions() throws {
            try withTemporaryDirectory { directory in
                let path = directory + "/out.tex"
                try AtomicFileWriter.write("a", to: path)
                #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o644)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
                try AtomicFileWriter.write("b", to: path)
                #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
            }
        }
    }
}
