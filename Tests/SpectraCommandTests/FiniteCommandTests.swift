import Foundation
import Testing

private let diabetes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/diabetes.csv").path

@Suite("spectra finite") struct FiniteCommandTests {
    /// One run row per configuration and seed, one summary row per configuration; the summary's
    /// mean relative error is the mean of its runs' (an identity across the two tables).
    @Test func initTablesAreTidyAndConsistent() throws {
        let run = try Spectra.run(["finite", "init", "--depths", "2,4", "--widths", "8,32", "--variances", "1.5:0.1,2:0",
                                   "--seeds", "3", "--samples", "12", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let runs = try #require(json["runs"] as? [[String: Any]])
        let summary = try #require(json["summary"] as? [[String: Any]])
        #expect(runs.count == 2 * 2 * 2 * 3 && summary.count == 8)
        for row in summary {
            let these = runs.filter { r in ["depth", "width", "weight_var"].allSatisfy { "\(r[$0]!)" == "\(row[$0]!)" } }
            #expect(these.count == 3)
            let mean = these.compactMap { $0["relative_error"] as? Double }.reduce(0, +) / 3
            #expect(abs(mean - (row["mean_relative_error"] as! Double)) <= 1e-14)
            #expect((row["relative_spread"] as? Double ?? -1) > 0)
            #expect(row["phase"] as? String == ((row["weight_var"] as? Double) == 2 ? "critical" : "ordered"))
        }
    }

    /// At step 0 the NTK twin starts from the network's own function: equal errors, zero gap, zero
    /// kernel change; the runs table has one row per seed and recorded step.
    @Test func trainStartsOnItsTwin() throws {
        let run = try Spectra.run(["finite", "train", "--data", diabetes, "--target", "progression", "--rows", "60",
                                   "--depths", "3", "--widths", "16", "--seeds", "2", "--steps", "20", "--checkpoints", "2",
                                   "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let runs = try #require(json["runs"] as? [[String: Any]])
        #expect(runs.count == 2 * 3)
        #expect(json["train_size"] as? Int == 48 && json["test_size"] as? Int == 12)
        for row in runs where row["step"] as? Int == 0 {
            #expect(row["kernel_change"] as? Double == 0 && row["prediction_gap"] as? Double == 0)
            // The twin's training outputs at tau = 0 are y - V V^T (y - f_0): f_0 up to rounding.
            let train = try #require(row["train_mse"] as? Double), twin = try #require(row["ntk_train_mse"] as? Double)
            #expect(abs(train - twin) <= 1e-12 * train)
            #expect(row["test_mse"] as? Double == row["ntk_test_mse"] as? Double)
        }
        for row in runs where row["step"] as? Int == 20 {
            #expect((row["kernel_change"] as? Double ?? 0) > 0)
        }
    }

    /// Three models at depths 3 and 4 per seed; the paired change is given at the deeper depth only.
    @Test func addLayerTables() throws {
        let run = try Spectra.run(["finite", "add-layer", "--data", diabetes, "--target", "progression", "--rows", "60",
                                   "--depth", "3", "--width", "16", "--seeds", "2", "--steps", "20", "--ridge", "0.1",
                                   "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let runs = try #require(json["runs"] as? [[String: Any]])
        let summary = try #require(json["summary"] as? [[String: Any]])
        #expect(runs.count == 2 * 3 * 2 && summary.count == 6)
        for row in summary {
            let deeper = row["depth"] as? Int == 4
            #expect((row["change"] is Double) == deeper && (row["change_sd"] is Double) == deeper)
            #expect((row["mean_test_mse"] as? Double ?? -1) > 0)
        }
        for row in runs where row["model"] as? String != "network" { #expect(row["ridge"] as? Double == 0.1) }
    }

    static let refusals: [(arguments: [String], mentions: [String])] = [
        (["init", "--widths", "0,64"], ["--widths", "'0'", ">= 1"]),
        (["init", "--depths", "1"], ["--depths", ">= 2"]),
        (["init", "--variances", "2"], ["--variances", "WEIGHT_VAR:BIAS_VAR"]),
        (["init", "--variances", "2:-1"], ["--variances", "bias_var >= 0"]),
        (["init", "--seeds", "0"], ["--seeds", "at least 1"]),
        (["init", "--samples", "5"], ["--samples", "at least 10"]),
        (["train", "--data", diabetes, "--target", "progression", "--rows", "40", "--widths", "16", "--steps", "200",
          "--learning-rate", "40"], ["diverged", "learning rate", "--learning-rate"]),
        (["train", "--data", diabetes, "--target", "nope"], ["--target", "nope"]),
        (["train", "--data", diabetes, "--target", "progression", "--rows", "5000"], ["--rows", "442"]),
        (["train", "--data", diabetes, "--target", "progression", "--learning-rate", "0"], ["--learning-rate", "> 0"]),
        (["train", "--data", diabetes, "--target", "progression", "--steps", "0"], ["--steps", "at least 1"]),
        (["add-layer", "--data", diabetes, "--target", "progression", "--width", "0"], ["--width", "at least 1"]),
        (["add-layer", "--data", diabetes, "--target", "progression", "--ridge", "-2"], ["--ridge", ">= 0"]),
    ]

    @Test(arguments: refusals.indices)
    func badInputIsRefused(index: Int) throws {
        let (arguments, mentions) = Self.refusals[index]
        let scratch = try Scratch()
        let output = scratch.file("out.json")
        let run = try Spectra.run(["finite"] + arguments + ["--format", "json", "--output", output.path])
        #expect(run.refusedCleanly, "\(run.commandLine): \(run.stderr)")
        for word in mentions { #expect(run.stderr.contains(word), "\(run.commandLine): \(run.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func constantTargetIsRefused() throws {
        let scratch = try Scratch()
        let file = try scratch.write("a,b,y\n1,2,3\n2,3,3\n3,1,3\n4,4,3\n5,1,3\n6,2,3\n", to: "flat.csv")
        let run = try Spectra.run(["finite", "train", "--data", file.path, "--target", "y", "--widths", "4"])
        #expect(run.refusedCleanly, "\(run.stderr)")
        #expect(run.stderr.contains("--target y") && run.stderr.contains("same value"))
    }

    /// Inputs of norm 1e6 off the sphere with tanh ran for hours (fuzzer finding): refused at once,
    /// naming the row and the limit, with no output file.
    @Test func hugeOffSphereInputsAreRefusedForSmoothActivations() throws {
        let scratch = try Scratch()
        var text = "x0,x1,x2,x3,x4\n"
        for i in 0..<6 {
            var row: [String] = []
            for c in 0..<5 {
                let value: Double = Double((i * 5 + c) % 7 - 3) * 4.0e5
                row.append("\(value)")
            }
            text += row.joined(separator: ",") + "\n"
        }
        let file = try scratch.write(text, to: "big.csv")
        let output = scratch.file("out.csv")
        let run = try Spectra.run(["finite", "init", "--depths", "3", "--widths", "1", "--activation", "tanh", "--seeds", "1",
                                   "--dim", "5", "--data", file.path, "--output", output.path])
        #expect(run.refusedCleanly, "\(run.stderr)")
        #expect(run.stderr.contains("squared norm") && run.stderr.contains("S_xx") && run.stderr.contains("1000"), "\(run.stderr)")
        #expect(run.status == 65, "a data error: \(run.status)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
