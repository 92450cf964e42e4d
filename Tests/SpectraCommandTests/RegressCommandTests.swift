import Foundation
import Testing

private let dataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data")

@Suite("spectra regress") struct RegressCommandTests {
    /// Regression guard on the shipped data: NTK ridge regression classifies iris (seed 0,
    /// 30 test rows) with accuracy above 0.9; this is a fact about data/iris.csv.
    @Test func irisAccuracyWithTheNTK() throws {
        let run = try Spectra.run(["regress", "--kernel", "ntk", "--data", dataDirectory.appendingPathComponent("iris.csv").path,
                                   "--target", "class", "--task", "classification", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let results = try #require(try run.json()["results"] as? [[String: Any]])
        let accuracy = try #require(results.first?["test_accuracy"] as? Double)
        #expect(accuracy > 0.9)
    }

    @Test func jsonKeys() throws {
        let scratch = try Scratch()
        let run = try Spectra.run(["regress", "--kernel", "laplace", "--kernel", "nngp", "--data",
                                   dataDirectory.appendingPathComponent("diabetes.csv").path, "--target", "progression",
                                   "--ridge", "0.5", "--format", "json", "--output", scratch.file("out.json").path])
        #expect(run.succeeded, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: scratch.file("out.json"))) as? [String: Any])
        #expect(object["spectra_version"] is String && object["command"] is String)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 2)
        for r in results {
            for key in ["kernel", "task", "ridge", "test_mse", "train_size", "test_size", "fallback"] { #expect(r[key] != nil, "\(key)") }
            #expect(r["ridge"] as? Double == 0.5 && r["fallback"] as? Bool == false)
            #expect(r["train_size"] as? Int == 354 && r["test_size"] as? Int == 88)
        }
    }

    @Test func singularFallbackIsReported() throws {
        let scratch = try Scratch()
        let rows = (0..<20).map { i in "\(Double(i % 5)),\(Double((i * 3) % 5) + 0.5),\(Double(i % 5) * 2)" }
        let file = try scratch.write("a,b,y\n" + rows.joined(separator: "\n") + "\n", to: "dup.csv")
        let run = try Spectra.run(["regress", "--kernel", "ntk", "--data", file.path, "--target", "y", "--ridge", "0", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let r = try #require((try run.json()["results"] as? [[String: Any]])?.first)
        #expect(r["fallback"] as? Bool == true)
        #expect((r["test_mse"] as? Double)?.isFinite == true)
    }

    static let refusals: [(arguments: [String], csv: String, mentions: [String])] = [
        (["--target", "z"], "a,b,y\n1,2,3\n2,3,4\n3,1,2\n4,4,4\n5,1,1\n", ["--target", "'z'", "a, b, y"]),
        (["--target", "y"], "a,b,y\n1,2,3\n2,oops,4\n", ["line 3", "column 2", "oops"]),
        (["--target", "y", "--task", "classification"], "a,b,y\n1,2,1\n2,3,1\n3,1,1\n4,4,1\n5,1,1\n", ["one class", "classification"]),
        (["--target", "y", "--test-fraction", "1.5"], "a,b,y\n1,2,3\n", ["--test-fraction", "(0, 1)"]),
        (["--target", "y", "--test-fraction", "0"], "a,b,y\n1,2,3\n", ["--test-fraction", "(0, 1)"]),
        (["--target", "y", "--folds", "1"], "a,b,y\n1,2,3\n", ["--folds", "2"]),
        (["--target", "y", "--folds", "9"], "a,b,y\n1,2,3\n2,3,4\n3,1,2\n4,4,4\n5,1,1\n", ["--folds", "2...4", "9"]),
        (["--target", "y", "--ridge", "-1"], "a,b,y\n1,2,3\n", ["--ridge", ">= 0"]),
        (["--target", "y", "--preprocess", "standardize", "--kernel", "laplace"], "a,b,y\n1,2,3\n2,3,4\n3,1,2\n4,4,4\n5,1,1\n",
         ["--preprocess", "laplace", "sphere"]),
    ]

    @Test(arguments: refusals.indices)
    func badInputIsRefused(index: Int) throws {
        let (arguments, csv, mentions) = Self.refusals[index]
        let scratch = try Scratch()
        let file = try scratch.write(csv, to: "t.csv")
        let output = scratch.file("out.json")
        let kernel = arguments.contains("--kernel") ? [] : ["--kernel", "ntk"]
        let run = try Spectra.run(["regress"] + kernel + ["--data", file.path, "--format", "json", "--output", output.path] + arguments)
        #expect(run.refusedCleanly, "\(run.commandLine): \(run.stderr)")
        for word in mentions { #expect(run.stderr.contains(word), "\(run.commandLine): \(run.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(run.stdout.isEmpty)
    }
}
