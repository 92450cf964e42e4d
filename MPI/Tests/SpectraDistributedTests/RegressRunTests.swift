import Foundation
import Testing
@testable import SpectraDistributed
import SpectraKit

/// `spectra-mpi regress` under mpirun against the one-process study that `spectra regress` runs
/// (`KernelRegressionStudy.run` with `LocalKernelRidge`: LAPACK's dpotrf/dpotrs on the whole
/// Gram), computed in the test: scores, chosen ridges, the fallback flag and every test
/// prediction (the latter against `KernelRidgeModel.fit(...).predict` at the reported ridge).
/// Nested in MPIRunTests so that its serialisation covers these runs too.
extension MPIRunTests {
    @Suite(.serialized) struct RegressRunTests {
        /// The repository's data/ folder.
        static let dataFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data").path

        /// A table of n rows: d features uniform in [-1, 1) and a smooth target with noise (seeded).
        static func writeTable(rows n: Int, features d: Int, seed: UInt64, to path: String) throws {
            var rng = Xoshiro256StarStar(seed: seed)
            func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1 }
            var text = (0..<d).map { "x\($0)" }.joined(separator: ",") + ",y\n"
            for _ in 0..<n {
                let x = (0..<d).map { _ in uniform() }
                let y = sin(2 * x[0]) + x[1] * x[d - 1] + 0.1 * uniform()
                text += x.map { String($0) }.joined(separator: ",") + ",\(y)\n"
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }

        static func temporary(_ name: String) -> String {
            FileManager.default.temporaryDirectory.appendingPathComponent("spectra-mpi-regress-\(getpid())-\(name)").path
        }

        struct Case: CustomStringConvertible, Sendable {
            let file: String
            let target: String
            let task: RegressionTask
            let kernels: [String]
            let ridge: RidgeChoice
            let preprocessing: FeaturePreprocessing
            var description: String { "\(file) \(kernels) \(ridge) \(preprocessing.rawValue)" }
        }

        /// Classification with cross-validated ridges (one-hot, 3 classes), regression at a fixed
        /// ridge and off the sphere with a cross-validated one, and the pseudo-inverse at ridge 0
        /// on a table whose every row appears twice (K exactly singular).
        static let cases: [Case] = [
            Case(file: "wine.csv", target: "class", task: .classification, kernels: ["ntk", "laplace:c=2"], ridge: .auto, preprocessing: .sphere),
            Case(file: "diabetes.csv", target: "progression", task: .regression, kernels: ["nngp", "gexp"], ridge: .fixed(1e-3), preprocessing: .sphere),
            Case(file: "diabetes.csv", target: "progression", task: .regression, kernels: ["ntk:depth=3"], ridge: .auto, preprocessing: .standardize),
            Case(file: "iris-twice", target: "class", task: .regression, kernels: ["laplace", "ntk"], ridge: .fixed(0), preprocessing: .sphere),
        ]

        @Test(arguments: [2, 4], cases)
        func regressEqualsTheOneProcessStudy(ranks: Int, example: Case) throws {
            var path = "\(Self.dataFolder)/\(example.file)"
            if example.file == "iris-twice" {
                let lines = try String(contentsOfFile: "\(Self.dataFolder)/iris.csv", encoding: .utf8).split(separator: "\n")
                path = Self.temporary("iris-twice.csv")
                try ((lines + lines.dropFirst()).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            }
            defer { if example.file == "iris-twice" { try? FileManager.default.removeItem(atPath: path) } }
            let predictionsPath = Self.temporary("predictions-\(ranks).csv")
            defer { try? FileManager.default.removeItem(atPath: predictionsPath) }
            let ridgeText: String
            switch example.ridge { case .auto: ridgeText = "auto"; case .fixed(let r): ridgeText = String(r) }
            let run = try MPIRun.run(ranks: ranks, ["regress", "--data", path, "--target", example.target, "--task", example.task.rawValue,
                                                    "--ridge", ridgeText, "--preprocess", example.preprocessing.rawValue, "--seed", "3",
                                                    "--format", "json", "--timings", "--predictions-csv", predictionsPath]
                                     + example.kernels.flatMap { ["--kernel", $0] })
            try #require(run.status == 0, "\(run.error)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let results = try #require(document["results"] as? [[String: Any]])
            try #require(results.count == example.kernels.count)
            let distributed = try #require(document["distributed"] as? [String: Any])
            #expect(distributed["ranks"] as? Int == ranks)

            let data = try LabeledData.parse(try String(contentsOfFile: path, encoding: .utf8), target: example.target)
            let split = try KernelRegressionStudy.split(count: data.count, testFraction: 0.2, seed: 3)
            let train = data.subset(split.train), test = data.subset(split.test)
            let classes = data.classes
            let outputs = example.task == .classification ? classes.count : 1
            var targets = train.targets
            if example.task == .classification {
                targets = [Double](repeating: 0, count: train.count * outputs)
                for (i, v) in train.targets.enumerated() { targets[i + classes.firstIndex(of: v)! * train.count] = 1 }
            }
            // The predictions file: line, then each kernel's outputs.
            let rows = try String(contentsOfFile: predictionsPath, encoding: .utf8).split(separator: "\n").dropFirst()
                .map { $0.split(separator: ",").map { Double($0)! } }
            try #require(rows.count == test.count)
            #expect(rows.map { Int($0[0]) } == test.sourceLines)
            for (k, spec) in example.kernels.enumerated() {
                let kernel = try KernelSpec.parse(spec).kernel
                let one = try KernelRegressionStudy.run(data: data, kernel: kernel, name: spec, task: example.task, testFraction: 0.2,
                                                        seed: 3, ridge: example.ridge, preprocessing: example.preprocessing)
                let result = results[k]
                let metric = try #require(result[one.metricName] as? Double)
                let ridge = try #require(result["ridge"] as? Double)
                let metricDifference = abs(metric - one.metric) / Swift.max(abs(one.metric), 1e-300)
                #expect(metricDifference <= 1e-10, "\(spec): \(one.metricName) \(metric) against \(one.metric)")
                #expect(abs(ridge - one.ridge) <= 1e-14 * one.ridge, "\(spec): ridge \(ridge) against \(one.ridge)")
                #expect(result["fallback"] as? Bool == one.fallback)
                #expect(one.fallback == (example.ridge == .fixed(0)))
                #expect(result["train_size"] as? Int == one.trainSize && result["test_size"] as? Int == one.testSize)
                // Every test prediction against the one-process model at the same ridge.
                let model = try KernelRidgeModel.fit(kernel: kernel, features: train.features, dimension: data.featureCount, targets: targets,
                                                     outputs: outputs, ridge: one.ridge, preprocessing: example.preprocessing,
                                                     lines: train.sourceLines)
                let expected = try model.predict(test.features, lines: test.sourceLines)
                var worst = 0.0, largest = 0.0
                for o in 0..<outputs {
                    for i in 0..<test.count {
                        worst = Swift.max(worst, abs(rows[i][1 + k * outputs + o] - expected[i + o * test.count]))
                        largest = Swift.max(largest, abs(expected[i + o * test.count]))
                    }
                }
                #expect(worst <= 1e-10 * largest, "\(spec): largest prediction difference \(worst) of \(largest)")
                print("regress \(example.file) \(spec) P = \(ranks): \(one.metricName) relative difference \(metricDifference), "
                      + "largest prediction difference \(worst / largest) of the largest prediction")
            }
        }

        /// --repeats: every split's score equals spectra regress's (`RepeatedSplits.run`) as printed.
        @Test func repeatsEqualTheOneProcessStudy() throws {
            let path = "\(Self.dataFolder)/wine.csv"
            let run = try MPIRun.run(ranks: 2, ["regress", "--kernel", "ntk", "--kernel", "gexp", "--data", path, "--target", "class",
                                                "--task", "classification", "--repeats", "3", "--ridge", "1e-4", "--format", "json"])
            try #require(run.status == 0, "\(run.error)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let runs = try #require(document["runs"] as? [[String: Any]])
            let data = try LabeledData.parse(try String(contentsOfFile: path, encoding: .utf8), target: "class")
            let one = try RepeatedSplits.run(data: data, kernels: try ["ntk", "gexp"].map { ($0, try KernelSpec.parse($0).kernel) },
                                             task: .classification, splits: 3, ridge: .fixed(1e-4))
            let expected = one.joined().map(\.result.metric)
            try #require(runs.count == expected.count)
            // The table's value column is rounded to 6 significant digits, as spectra regress prints it.
            for (row, value) in zip(runs, expected) {
                let printed = try #require(row["value"] as? Double)
                #expect(abs(printed - value) <= 5e-6 * abs(value), "\(printed) against \(value)")
            }
        }

        /// The estimate is an upper bound of every rank's measured peak (VmHWM), within 2x, on
        /// 2500 generated rows (2000 training rows: the local Gram, 15 MiB, then weighs about as
        /// much as the fixed part), with a cross-validated ridge.
        @Test func estimatedMemoryBoundsTheMeasuredPeak() throws {
            let path = Self.temporary("memory.csv")
            try Self.writeTable(rows: 2500, features: 6, seed: 21, to: path)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let run = try MPIRun.run(ranks: 2, ["regress", "--kernel", "laplace", "--data", path, "--target", "y", "--folds", "2",
                                                "--format", "json", "--timings"])
            try #require(run.status == 0, "\(run.error)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let distributed = try #require(document["distributed"] as? [String: Any])
            let estimate = try #require(distributed["estimated_bytes_per_rank"] as? Int)
            let peak = try #require(distributed["peak_bytes_per_rank"] as? Int)
            #expect(peak <= estimate && estimate <= 2 * peak, "estimate \(estimate), measured peak \(peak)")
        }

        /// Refusals (a few of each kind: a failing mpirun takes about 2 s to wind down here): exit status, the parameter named, nothing on standard output, --output left as it was.
        @Test func badInputIsRefusedOnEveryRank() throws {
            let output = Self.temporary("out.txt")
            try "untouched\n".write(toFile: output, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: output) }
            let wine = "\(Self.dataFolder)/wine.csv", diabetes = "\(Self.dataFolder)/diabetes.csv"
            func refused(_ arguments: [String], status: Int32, saying texts: String...) throws {
                let run = try MPIRun.run(ranks: 2, ["regress", "--output", output] + arguments)
                #expect(run.status == status, "\(arguments): \(run.error)")
                for text in texts { #expect(run.error.contains(text), "\(arguments): \(run.error)") }
                #expect(run.output.isEmpty)
                #expect(try String(contentsOfFile: output, encoding: .utf8) == "untouched\n")
            }
            try refused(["--kernel", "ntk", "--data", "/nonexistent.csv", "--target", "class"], status: 64, saying: "--data /nonexistent.csv: no such file")
            try refused(["--kernel", "laplace", "--data", wine, "--target", "class", "--preprocess", "standardize"], status: 64,
                        saying: "--preprocess standardize")
            try refused(["--kernel", "ntk", "--data", diabetes, "--target", "progression", "--task", "classification"], status: 65,
                        saying: "--data \(diabetes)", "use --task regression")
            try refused(["--kernel", "ntk", "--data", wine, "--target", "class", "--grid", "2x2"], status: 64,
                        saying: "--grid 2x2 has 4 processes but the job has 2 ranks")
            // A row that standardises to zero has no direction on the sphere: a data error naming its line.
            let zero = Self.temporary("zero.csv")
            try "a,b,y\n1,1,0\n3,3,1\n2,2,2\n1,3,3\n3,1,4\n0,0,5\n4,4,6\n2,2,7\n1,2,8\n3,2,9\n".write(toFile: zero, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: zero) }
            try refused(["--kernel", "ntk", "--data", zero, "--target", "y", "--ridge", "1e-3", "--test-fraction", "0.1"], status: 65,
                        saying: "--data \(zero)", "the row has no direction on the sphere")
            // Too little memory per rank: refused before any allocation, with the ranks that would do.
            let table = try LabeledData.parse(try String(contentsOfFile: "\(Self.dataFolder)/digits.csv", encoding: .utf8), target: "class")
            let n = table.count - Int((0.2 * Double(table.count)).rounded())
            let plan = DistributedRegressionPlan(rows: table.count, trainRows: n, testRows: table.count - n, features: table.featureCount,
                                                 outputs: table.classes.count, folds: 5, ridgeZero: false, ranks: 2)
            let needed = try #require(plan.ranksNeeded(budgetPerRank: 80 << 20))
            #expect(needed > 2)
            #expect(DistributedRegressionPlan(rows: table.count, trainRows: n, testRows: table.count - n, features: table.featureCount,
                                              outputs: table.classes.count, folds: 5, ridgeZero: false, ranks: needed).bytesPerRank <= 80 << 20)
            try refused(["--kernel", "ntk", "--data", "\(Self.dataFolder)/digits.csv", "--target", "class", "--task", "classification",
                         "--memory-per-rank", "80M"], status: 64,
                        saying: "\(n) training rows", "--memory-per-rank 80M", "need at least \(needed) ranks")
        }
    }
}

@Suite struct RegressionPlanTests {
    /// The plan's terms by hand on a 1 x 2 grid: two local Gram matrices, the targets' tiles,
    /// the larger held-out share (test rows or a fold's validation rows), what every rank holds
    /// whole, the fixed part; at ridge 0 three local matrices and 12 n more.
    @Test func termsByHand() {
        let layout = BlockCyclicLayout(order: 4000, blockSize: 64, grid: ProcessGrid(rows: 1, columns: 2))
        let (np, nq) = layout.largestLocalShape
        #expect((np, nq) == (4000, 2016))   // 32 of the 63 block columns, the last one of 32
        let plan = DistributedRegressionPlan(rows: 5000, trainRows: 4000, testRows: 1000, features: 8, outputs: 3, folds: 5,
                                             ridgeZero: false, layout: layout)
        let heldOut = Swift.max(500 * 4000, 400 * 3200)
        let doubles = 2 * np * nq + np * 3 + heldOut + 5000 * 9 + (4 * 5000 + 2 * 4000 + np + nq) * 8 + 8 * 5000 * 3 + 4 * 4000
        #expect(plan.bytesPerRank == 8 * doubles + DistributedMemoryPlan.fixedOverheadBytes)
        let zero = DistributedRegressionPlan(rows: 5000, trainRows: 4000, testRows: 1000, features: 8, outputs: 3, folds: nil,
                                             ridgeZero: true, layout: layout)
        #expect(zero.bytesPerRank == 8 * (doubles - heldOut + 500 * 4000 + 3 * np * nq + 12 * 4000) + DistributedMemoryPlan.fixedOverheadBytes)
    }

    /// ranksNeeded is minimal among balanced grids, and nil when what every rank holds whole does not fit.
    @Test func ranksNeededIsMinimal() throws {
        let plan = DistributedRegressionPlan(rows: 60_000, trainRows: 48_000, testRows: 12_000, features: 20, outputs: 1, folds: 5,
                                             ridgeZero: false, ranks: 1)
        let budget = 4 << 30
        let p = try #require(plan.ranksNeeded(budgetPerRank: budget))
        func bytes(_ ranks: Int) -> Int {
            DistributedRegressionPlan(rows: 60_000, trainRows: 48_000, testRows: 12_000, features: 20, outputs: 1, folds: 5,
                                      ridgeZero: false, ranks: ranks).bytesPerRank
        }
        #expect(bytes(p) <= budget)
        for q in 1..<p where DistributedMemoryPlan.isBalanced(q) { #expect(bytes(q) > budget) }
        #expect(plan.ranksNeeded(budgetPerRank: 64 << 20) == nil)
    }
}
