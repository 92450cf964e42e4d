import Foundation
import Testing

/// What one run of the `spectra` executable did.
struct SpectraRun: Sendable {
    let arguments: [String]
    let status: Int32
    let reason: Process.TerminationReason
    let stdout: String
    let stderr: String
    let stdoutData: Data

    /// Ended by exit(0) with nothing on standard error.
    var succeeded: Bool { reason == .exit && status == 0 }

    /// Refused cleanly: a non-zero exit status (not a signal, not a trap) with a message.
    var refusedCleanly: Bool {
        reason == .exit && status != 0 && !stderr.isEmpty && !crashed
    }

    /// A trap or a Swift runtime failure, whatever the status.
    var crashed: Bool {
        reason == .uncaughtSignal || stderr.contains("Fatal error") || stderr.contains("Stack dump")
            || stderr.contains("Illegal instruction") || stderr.contains("Segmentation fault")
    }

    var commandLine: String { (["spectra"] + arguments).joined(separator: " ") }

    /// The parsed JSON object of standard output.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: stdoutData, options: [.fragmentsAllowed])
        guard let dictionary = object as? [String: Any] else {
            throw RunnerError.notAnObject(commandLine)
        }
        return dictionary
    }
}

enum RunnerError: Error, CustomStringConvertible {
    case executableNotFound(searched: [String])
    case notAnObject(String)

    var description: String {
        switch self {
        case .executableNotFound(let searched):
            return "no 'spectra' executable found; searched upward from: " + searched.joined(separator: ", ")
                + " (build it with `swift build -c release --build-tests`, or set SPECTRA_EXECUTABLE)"
        case .notAnObject(let command): return "standard output of `\(command)` is not a JSON object"
        }
    }
}

/// Runs the built `spectra` executable of the same build configuration as this test bundle.
enum Spectra {
    /// The executable: $SPECTRA_EXECUTABLE if set, else the first regular executable file named
    /// `spectra` found in the directory of the test bundle or one of its ancestors (SwiftPM puts
    /// the products of one configuration, the `.xctest` bundle included, in one directory;
    /// on Darwin the bundle's binary sits three levels deeper, in `Contents/MacOS`).
    static let executable: Result<URL, RunnerError> = locate()

    private static func locate() -> Result<URL, RunnerError> {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment["SPECTRA_EXECUTABLE"], !given.isEmpty {
            return .success(URL(fileURLWithPath: given))
        }
        var starts: [URL] = []
        if let first = CommandLine.arguments.first, !first.isEmpty {
            starts.append(URL(fileURLWithPath: first).resolvingSymlinksInPath())
        }
        if let url = Bundle.main.executableURL { starts.append(url.resolvingSymlinksInPath()) }
        starts.append(Bundle.main.bundleURL.resolvingSymlinksInPath())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            starts.append(bundle.bundleURL.resolvingSymlinksInPath())
        }
        let manager = FileManager.default
        for start in starts {
            var directory = start.deletingLastPathComponent()
            for _ in 0..<6 {
                let candidate = directory.appendingPathComponent("spectra")
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                   manager.isExecutableFile(atPath: candidate.path) {
                    return .success(candidate)
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return .failure(.executableNotFound(searched: starts.map(\.path)))
    }

    /// Runs `spectra arguments...` in `directory` (a fresh temporary one if nil), standard input
    /// empty, standard output and error captured through files (no pipe can fill up and block).
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> SpectraRun {
        let executable = try executable.get()
        let scratch = try Scratch()
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? scratch.url
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        let outData = try Data(contentsOf: outURL)
        let errData = try Data(contentsOf: errURL)
        return SpectraRun(arguments: arguments, status: process.terminationStatus, reason: process.terminationReason,
                          stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }
}

/// A temporary directory removed when the value goes away.
final class Scratch: @unchecked Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("spectra-e2e-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func write(_ text: String, to name: String) throws -> URL {
        let target = file(name)
        try Data(text.utf8).write(to: target)
        return target
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
