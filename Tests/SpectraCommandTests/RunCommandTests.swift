import Foundation
import Testing

/// `spectra run`: the shipped studies (the examples and the three papers) pass their claims at the
/// quick size (a study is a regression test; a paper's claim that spectra contradicts is listed as
/// an expected contradiction and does not fail --check), give byte-identical tables on a second run, and a bad study changes nothing.
@Suite("spectra run")
struct RunCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ arguments: [String]) throws -> SpectraRun {
        try Spectra.run(arguments, in: repository)
    }

    @Test(arguments: ["example-decay", "example-networks", "geifman2020", "seleznova2020", "liu2025"])
    func exampleStudiesHoldTheirClaims(name: String) throws {
        let scratch = try Scratch()
        let first = scratch.url.appendingPathComponent("first").path
        let second = scratch.url.appendingPathComponent("second").path
        let study = "analyses/\(name).toml"
        let run = try Self.run(["run", study, "--size", "quick", "--check", "--output-dir", first])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stderr.contains("step 1/"))
        let files = try FileManager.default.subpathsOfDirectory(atPath: first).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: first + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
        #expect(files.contains { $0.hasPrefix("figures/") && $0.hasSuffix(".svg") })
        #expect(files.contains("manifest.json") && files.contains("claims.csv"))
        #expect(!files.contains { $0.hasPrefix(".") })

        // The manifest names the study by its sha256 and every file by its own.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: first + "/manifest.json")))
            as? [String: Any]
        let studyData = try Data(contentsOf: Self.repository.appendingPathComponent(study))
        #expect(manifest?["study_sha256"] as? String == Self.sha256(studyData))
        let listed = (manifest?["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(Set(listed + ["manifest.json"]) == Set(files))
        for entry in manifest?["files"] as? [[String: Any]] ?? [] {
            let path = entry["path"] as? String ?? ""
            let data = try Data(contentsOf: URL(fileURLWithPath: first + "/" + path))
            #expect(entry["sha256"] as? String == Self.sha256(data), "\(path)")
        }

        // Same study, same tables, byte for byte.
        #expect(try Self.run(["run", study, "--size", "quick", "--output-dir", second]).succeeded)
        for file in files where file.hasSuffix(".csv") || file.hasSuffix(".md") || file.hasSuffix(".tex") {
            let a = try Data(contentsOf: URL(fileURLWithPath: first + "/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: second + "/" + file))
            #expect(a == b, "\(file) differs between two runs")
        }
    }

    /// sha256sum's answer, an implementation independent of the library's.
    static func sha256(_ data: Data) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(data)
        try? input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    static let header = "title = \"bad\"\n"
    static let decayStep = "[[steps]]\nname = \"a\"\ncommand = \"decay\"\n[steps.options]\nkernel = \"ntk\"\nmax-degree = 20\n"

    /// Bad studies: a message naming the file, the step and the key, a non-zero exit, and the
    /// results folder exactly as it was.
    @Test(arguments: [
        (header + "[[steps]\n", ["bad.toml:2:"]),
        (header + "[[steps]]\nname = \"a\"\ncommand = \"eigen\"\n", ["step 'a'", "command", "eigen", "decay"]),
        (header + decayStep + "colour = \"red\"\n", ["step 'a'", "colour", "not an option", "max-degree"]),
        (header + decayStep + "slopes = [true, false]\n", ["step 'a'", "slopes", "flag"]),
        (header + decayStep + "format = \"csv\"\n", ["step 'a'", "format", "spectra run"]),
        (header + decayStep + "dim = [3, 1]\n", ["step 'a'", "--dim", "2"]),
        (header + decayStep + "[[claims]]\nname = \"c\"\nstep = \"a\"\ntable = \"fit\"\ncolumn = \"slope\"\nat_least = 1\n",
         ["claim 'c'", "slope", "exponent"]),
        (header + decayStep + "[[claims]]\nname = \"c\"\nstep = \"a\"\ntable = \"fits\"\ncolumn = \"x\"\nat_least = 1\n",
         ["claim 'c'", "fits", "a.fit"]),
    ])
    func badStudiesChangeNothing(text: String, mentions: [String]) throws {
        let scratch = try Scratch()
        let studyFile = scratch.url.appendingPathComponent("bad.toml")
        try text.write(to: studyFile, atomically: true, encoding: .utf8)
        let results = scratch.url.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        try "before".write(to: results.appendingPathComponent("marker.txt"), atomically: true, encoding: .utf8)
        let run = try Spectra.run(["run", studyFile.path, "--output-dir", results.path], in: scratch.url)
        #expect(run.refusedCleanly, "\(run.stdout)")
        for word in mentions { #expect(run.stderr.contains(word), "'\(word)' not in: \(run.stderr)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: results.path) == ["marker.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted() == ["bad.toml", "results"])
    }

    /// Inputs on which TOMLKit's parser aborted the process (found by Fuzz/'s study-file target):
    /// refused as syntax errors when the project is built as its scripts build it.
    @Test(arguments: ["study-file-tomlkit-assertion.toml", "study-file-tomlkit-value-assertion.toml"])
    func malformedTOMLThatAbortedTheParserIsRefused(name: String) throws {
        let path = Self.repository.appendingPathComponent("Fuzz/Known/\(name)").path
        let scratch = try Scratch()
        let run = try Self.run(["run", path, "--output-dir", scratch.url.appendingPathComponent("out").path])
        #expect(run.refusedCleanly, "\(run.stderr)")
        #expect(run.stderr.contains("TOML syntax") || run.stderr.contains("not UTF-8"), "\(run.stderr)")
    }

    @Test func anOutputFolderThatIsAFileIsRefused() throws {
        let scratch = try Scratch()
        let file = scratch.url.appendingPathComponent("taken")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let run = try Self.run(["run", "analyses/example-decay.toml", "--size", "quick", "--output-dir", file.path])
        #expect(run.refusedCleanly && run.stderr.contains("--output-dir"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "x")
    }
}

/// `spectra notebook`: every shipped study has its committed notebook, and it is exactly what the
/// study file generates now (notebooks are generated, never edited by hand).
@Suite("spectra notebook")
struct NotebookCommandTests {
    static func studies() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: RunCommandTests.repository.appendingPathComponent("analyses").path)
            .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test func committedNotebooksAreWhatTheStudiesGenerate() throws {
        let names = try Self.studies()
        #expect(names.count >= 2)
        let scratch = try Scratch()
        for name in names {
            let generated = scratch.url.appendingPathComponent("\(name).ipynb").path
            let run = try RunCommandTests.run(["notebook", "analyses/\(name).toml", "--output", generated])
            #expect(run.succeeded, "\(run.stderr)")
            let committed = RunCommandTests.repository.appendingPathComponent("notebooks-export/\(name).ipynb")
            let expected = try Data(contentsOf: committed)
            #expect(try Data(contentsOf: URL(fileURLWithPath: generated)) == expected,
                    "notebooks-export/\(name).ipynb is stale: run `spectra notebook analyses/\(name).toml`")
            let object = try JSONSerialization.jsonObject(with: expected) as? [String: Any]
            #expect(object?["nbformat"] as? Int == 4)
            let cells = object?["cells"] as? [[String: Any]] ?? []
            let sources = cells.map { ($0["source"] as? [String] ?? []).joined() }
            #expect(sources.contains { $0.contains("[spectra, \"run\", str(STUDY)") }, "a cell runs the study")
            #expect(sources.last?.contains("assert not unexpected") == true, "the last cell checks the claims")
            #expect(cells.allSatisfy { ($0["outputs"] as? [Any])?.isEmpty ?? true })
        }
    }
}
