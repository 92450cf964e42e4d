import Foundation
import SpectraKit
import Testing

/// Every number traceable: --version and every JSON output name the build (the executable's
/// SHA-256), the input files by content, and the settings the command resolved.
@Suite("Provenance: build, inputs by checksum, resolved defaults")
struct ProvenanceTests {
    static func executableHash() throws -> String {
        SHA256.hexDigest(try Data(contentsOf: try Spectra.executable.get()))
    }

    @Test("--version names the build: the SHA-256 of the executable")
    func versionNamesTheBuild() throws {
        let run = try Spectra.run(["--version"])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stdout == "0.1.0 (build sha256:\(try Self.executableHash().prefix(16)))\n", "\(run.stdout)")
    }

    @Test("JSON of every command carries the build, and --data by path and SHA-256")
    func jsonCarriesBuildAndInputs() throws {
        let scratch = try Scratch()
        let points = "1,0,0\n0,1,0\n0,0,1\n0.6,0.8,0\n0,0.6,0.8\n0.8,0,0.6\n-1,0,0\n0,-1,0\n0,0,-1\n-0.6,0.8,0\n0,-0.6,0.8\n"
        _ = try scratch.write(points, to: "points.csv")
        let build = "sha256:" + (try Self.executableHash())
        for arguments in [["decay", "--kernel", "ntk", "--method", "gram", "--data", "points.csv"],
                          ["kernel", "--kernel", "ntk", "--points", "0"], ["rkhs", "--kernel", "laplace", "--max-degree", "50"]] {
            let run = try Spectra.run(arguments + ["--format", "json"], in: scratch.url)
            #expect(run.succeeded, "\(run.stderr)")
            let json = try run.json()
            #expect(json["build"] as? String == build)
            let inputs = try #require(json["inputs"] as? [[String: Any]])
            if arguments.contains("--data") {
                #expect(inputs.count == 1)
                #expect(inputs.first?["option"] as? String == "--data" && inputs.first?["path"] as? String == "points.csv")
                #expect(inputs.first?["sha256"] as? String == SHA256.hexDigest(Array(points.utf8)))
            } else {
                #expect(inputs.isEmpty)
            }
        }
    }

    @Test("rkhs and decay JSON carry the max degree and fit window they used, defaults included")
    func resolvedDefaults() throws {
        let rkhs = try Spectra.run(["rkhs", "--kernel", "laplace", "--format", "json"]).json()
        #expect(rkhs["max_degree"] as? Int == 1000 && rkhs["fit_range"] as? [Int] == [250, 1000] && rkhs["dimension"] as? Int == 3)
        let decay = try Spectra.run(["decay", "--kernel", "laplace", "--max-degree", "40", "--format", "json"]).json()
        #expect(decay["max_degree"] as? Int == 40 && decay["fit_range"] as? [Int] == [10, 40])
    }
}
