import Foundation
import Testing

@Suite("The executable: version, help, and the runner itself")
struct CommandLineTests {
    @Test("the runner finds the spectra executable of this build")
    func runnerFindsTheExecutable() throws {
        let url = try Spectra.executable.get()
        #expect(url.lastPathComponent == "spectra")
        #expect(FileManager.default.isExecutableFile(atPath: url.path))
    }

    @Test("--version prints a version")
    func versionIsPrinted() throws {
        let run = try Spectra.run(["--version"])
        #expect(run.succeeded, "\(run.stderr)")
        let version = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression) != nil, "'\(version)'")
        // JSON records the same version and build: "VERSION (build sha256:FIRST16)".
        let json = try Spectra.run(["kernel", "--kernel", "ntk", "--points=0", "--format", "json"]).json()
        let words = version.split(separator: " ")
        #expect(words.first.map(String.init) == json["spectra_version"] as? String)
        let build = try #require(json["build"] as? String)
        #expect(version.hasSuffix("(build \(build.prefix(23)))"), "'\(version)' against \(build)")
    }

    @Test("decay --help mentions --fit-range, --method and the kernels")
    func decayHelpDocumentsTheOptions() throws {
        let run = try Spectra.run(["decay", "--help"])
        #expect(run.succeeded, "\(run.stderr)")
        for word in ["--fit-range", "--max-degree", "--method", "--samples", "--data", "--normalize", "--kernel", "--format", "--output"] {
            #expect(run.stdout.contains(word), "help lacks \(word)")
        }
    }

    @Test("kernel --help and the top-level help list the commands and options")
    func otherHelp() throws {
        let kernel = try Spectra.run(["kernel", "--help"])
        #expect(kernel.succeeded)
        #expect(kernel.stdout.contains("--points") && kernel.stdout.contains("--grid"))
        let top = try Spectra.run(["--help"])
        #expect(top.succeeded)
        #expect(top.stdout.contains("kernel") && top.stdout.contains("decay"))
    }

    @Test("an unknown subcommand is refused")
    func unknownSubcommand() throws {
        let run = try Spectra.run(["decompose", "--kernel", "ntk"])
        #expect(run.refusedCleanly, "\(run.stderr)")
    }

    @Test("decay with a small --max-degree still prints the first eigenvalues", arguments: [2, 3, 4, 5])
    func smallMaxDegree(maxDegree: Int) throws {
        // --max-degree accepts 2 and up; the default fit window [2, K] of the bias-free NTK then
        // holds fewer than three non-zero degrees. The spectrum must still come out (a fit that
        // cannot be made is reported, not fatal), or the option must refuse such K up front.
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--max-degree", String(maxDegree), "--format", "json"])
        #expect(!run.crashed)
        #expect(run.succeeded || (run.refusedCleanly && run.stderr.contains("--max-degree")),
                "spectra decay --kernel ntk --max-degree \(maxDegree): status \(run.status), \(run.stderr)")
        if run.succeeded {
            let result = try run.decoded(DecayJSON.self).results[0]
            #expect(result.spectrum.count == maxDegree + 1)
        }
    }
}
