import Foundation
import Testing

@Suite("--output FILE: written whole, or not at all")
struct OutputFileTests {
    static func entries(of scratch: Scratch) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
    }

    @Test("--output writes the file and nothing to standard output", arguments: ["json", "csv", "table", "latex"])
    func outputWritesTheFileOnly(format: String) throws {
        let scratch = try Scratch()
        let file = scratch.file("spectrum.\(format)")
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--max-degree", "20", "--format", format, "--output", file.path],
                                  in: scratch.url)
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let written = try String(contentsOf: file, encoding: .utf8)
        let direct = try Spectra.run(["decay", "--kernel", "ntk", "--max-degree", "20", "--format", format])
        if format == "json" {
            // Same numbers; only the recorded command line differs.
            let a = try JSONDecoder().decode(DecayJSON.self, from: Data(written.utf8))
            let b = try direct.decoded(DecayJSON.self)
            #expect(a.results[0].spectrum.map(\.eigenvalue) == b.results[0].spectrum.map(\.eigenvalue))
            #expect(a.command.contains("--output"))
        } else {
            #expect(written == direct.stdout)
        }
        #expect(try Self.entries(of: scratch) == ["spectrum.\(format)"], "temporary files left behind")
    }

    @Test("--output with a relative path writes into the working directory")
    func relativeOutputPath() throws {
        let scratch = try Scratch()
        let run = try Spectra.run(["kernel", "--kernel", "ntk", "--grid", "3", "--format", "csv", "--output", "values.csv"],
                                  in: scratch.url)
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let text = try String(contentsOf: scratch.file("values.csv"), encoding: .utf8)
        #expect(text.hasPrefix("kernel,t,value\n"))
        #expect(text.split(separator: "\n").count == 4)
    }

    @Test("--output replaces an existing file whole")
    func outputReplacesAnExistingFile() throws {
        let scratch = try Scratch()
        let file = try scratch.write(String(repeating: "old content that is longer than the new\n", count: 200), to: "out.csv")
        let run = try Spectra.run(["kernel", "--kernel", "laplace", "--grid", "2", "--format", "csv", "--output", file.path])
        #expect(run.succeeded, "\(run.stderr)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains("old content"))
        #expect(text.split(separator: "\n").count == 3)
    }

    static let badInvocations: [[String]] = [
        ["kernel", "--kernel", "foo", "--points=0"],
        ["kernel", "--kernel", "ntk", "--points=1.5"],
        ["decay", "--kernel", "gexp:gamma=2.5"],
        ["decay", "--kernel", "ntk", "--fit-range", "50:10"],
        ["decay", "--kernel", "ntk", "--max-degree", "10000000"],
        ["decay", "--kernel", "ntk", "--method", "gram", "--samples", "0"],
        ["decay", "--kernel", "laplace", "--method", "gram", "--data", "does-not-exist.csv"],
        ["decay", "--kernel", "poly:degree=3", "--max-degree", "20", "--fit-range", "10:20"],  // fails late, after the spectrum
    ]

    @Test("bad input creates no output file", arguments: badInvocations)
    func badInputCreatesNoFile(arguments: [String]) throws {
        let scratch = try Scratch()
        let file = scratch.file("out.json")
        let run = try Spectra.run(arguments + ["--format", "json", "--output", file.path], in: scratch.url)
        #expect(run.refusedCleanly, "status \(run.status): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        let left = try Self.entries(of: scratch)
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test("bad input leaves an existing output file untouched", arguments: badInvocations)
    func badInputLeavesAnExistingFile(arguments: [String]) throws {
        let scratch = try Scratch()
        let original = "precious results\n"
        let file = try scratch.write(original, to: "out.csv")
        let run = try Spectra.run(arguments + ["--format", "csv", "--output", file.path], in: scratch.url)
        #expect(run.refusedCleanly, "status \(run.status): \(run.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == original)
        #expect(try Self.entries(of: scratch) == ["out.csv"])
    }

    @Test("an unwritable --output path is refused naming the path, and nothing goes to standard output")
    func unwritableOutputPath() throws {
        let scratch = try Scratch()
        let file = scratch.file("no-such-directory/out.csv")
        let run = try Spectra.run(["kernel", "--kernel", "ntk", "--grid", "3", "--format", "csv", "--output", file.path])
        #expect(run.refusedCleanly, "status \(run.status): \(run.stderr)")
        #expect(run.stderr.contains("no-such-directory"))
        #expect(run.stdout.isEmpty)
    }
}
