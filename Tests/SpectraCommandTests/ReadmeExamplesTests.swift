import Foundation
import Testing

/// README.md's examples are what the built spectra prints: scripts/readme-examples.py runs every
/// example again (`--check`) and compares, the text exactly or, for the examples marked
/// `tolerance` (Gram matrices through BLAS), the numbers to that relative tolerance.
@Suite("README examples")
struct ReadmeExamplesTests {
    @Test("every README example prints what the README shows")
    func readmeExamplesAreFresh() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let script = root.appendingPathComponent("scripts/readme-examples.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--check", "--binary", try Spectra.executable.get().path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("all as a fresh run prints them"), "\(text)")
    }
}
