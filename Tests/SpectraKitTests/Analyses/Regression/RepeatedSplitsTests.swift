import Foundation
import Testing
@testable import SpectraKit

@Suite struct RepeatedSplitsTests {
    static func result(_ kernel: String, _ metric: Double, task: RegressionTask) -> KernelRegressionResult {
        KernelRegressionResult(kernel: kernel, task: task, preprocessing: .sphere, ridge: 1, ridgeChosen: false, ridgeGridEdge: nil,
                               metric: metric, trainSize: 8, testSize: 2, fallback: false)
    }

    static func runs(_ kernel: String, _ metrics: [Double], task: RegressionTask) -> [RepeatedSplitRun] {
        metrics.enumerated().map { RepeatedSplitRun(split: $0, seed: UInt64($0), result: result(kernel, $1, task: task)) }
    }

    /// d = a - b = (0.05, 0, -0.05, 0.05): mean 0.0125; deviations (0.0375, -0.0125, -0.0625, 0.0375)
    /// square to 0.006875 in all, so sd = sqrt(0.006875 / 3) and t = 0.0125 / (sd / 2).
    /// Accuracy: a is better on splits 0 and 3, b on split 2, a tie on split 1; for a mean squared
    /// error the same differences make b the better one twice.
    @Test func pairedStatisticsFromTheirDefinitions() throws {
        let a = [0.9, 0.8, 0.85, 0.95], b = [0.85, 0.8, 0.9, 0.9]
        let sd = (0.006875 / 3).squareRoot(), t = 0.0125 / (sd / 2)
        let accuracy = try #require(RepeatedSplits.compare(Self.runs("a", a, task: .classification), Self.runs("b", b, task: .classification)))
        #expect(abs(accuracy.meanDifference - 0.0125) <= 1e-15)
        #expect(abs((accuracy.differenceStandardDeviation ?? .nan) - sd) <= 1e-15)
        #expect(abs((accuracy.tStatistic ?? .nan) - t) <= 1e-13)
        #expect(accuracy.aBetter == 2 && accuracy.bBetter == 1 && accuracy.ties == 1 && accuracy.splits == 4)
        let mse = try #require(RepeatedSplits.compare(Self.runs("a", a, task: .regression), Self.runs("b", b, task: .regression)))
        #expect(mse.aBetter == 1 && mse.bBetter == 2 && mse.ties == 1)
        #expect(mse.metricName == "test_mse" && accuracy.metricName == "test_accuracy")

        // Identical differences: no spread, no t statistic; one comparison per pair in order.
        let same = try #require(RepeatedSplits.compare(Self.runs("a", [1, 2, 3], task: .regression), Self.runs("b", [0, 1, 2], task: .regression)))
        #expect(same.meanDifference == 1 && same.differenceStandardDeviation == 0 && same.tStatistic == nil && same.bBetter == 3)
        let three = [Self.runs("a", a, task: .classification), Self.runs("b", b, task: .classification), Self.runs("c", a, task: .classification)]
        #expect(RepeatedSplits.comparisons(three).map { $0.kernelA + $0.kernelB } == ["ab", "ac", "bc"])
        #expect(RepeatedSplits.comparisons(three)[1].meanDifference == 0 && RepeatedSplits.comparisons(three)[1].ties == 4)
    }

    /// Mean, sample sd (n - 1), min and max of one kernel's scores: 0.9, 0.8, 0.85, 0.95 have mean
    /// 0.875 and squared deviations summing to 0.0125, sd sqrt(0.0125 / 3).
    @Test func summaryFromItsDefinition() throws {
        let s = try #require(RepeatedSplits.summary(Self.runs("a", [0.9, 0.8, 0.85, 0.95], task: .classification)))
        #expect(abs(s.mean - 0.875) <= 1e-15 && abs((s.standardDeviation ?? .nan) - (0.0125 / 3).squareRoot()) <= 1e-15)
        #expect(s.minimum == 0.8 && s.maximum == 0.95 && s.splits == 4 && s.ridgesAtGridEdge == 0)
    }

    /// Split r of the repeated study, recomputed by hand: rows held out as `KernelRegressionStudy.split`
    /// defines them for seed base + 2r, features standardised on the training rows (population sd)
    /// and put on the sphere, the Laplace kernel exp(-||x - y||) on those points, alpha from
    /// (K + lambda I) alpha = y - mean(y) by Gaussian elimination with partial pivoting written
    /// here, the test mean squared error of mean(y) + k(x, X) alpha.
    @Test func oneSplitRecomputedByHand() throws {
        let n = 24, d = 3
        let x = KernelRidgeTests.randomFeatures(n, d, seed: 7)
        let y = (0..<n).map { i in sin(2 * x[i * d]) + x[i * d + 1] - 0.5 * x[i * d + 2] * x[i * d + 2] }
        let data = LabeledData(featureNames: ["a", "b", "c"], targetName: "y", features: x, targets: y, sourceLines: Array(2...(n + 1)))
        let laplace = try KernelSpec.parse("laplace").kernel
        let lambda = 0.05, base: UInt64 = 11
        let runs = try RepeatedSplits.run(data: data, kernels: [("laplace", laplace)], task: .regression, splits: 3, testFraction: 0.25,
                                          seed: base, ridge: .fixed(lambda))
        #expect(runs.count == 1 && runs[0].map(\.split) == [0, 1, 2] && runs[0].map(\.seed) == [11, 13, 15])

        for r in 0..<3 {
            let (train, test) = try KernelRegressionStudy.split(count: n, testFraction: 0.25, seed: base + 2 * UInt64(r))
            #expect(train.count == 18 && test.count == 6)
            var means = [Double](repeating: 0, count: d), sds = means
            for c in 0..<d {
                means[c] = train.map { x[$0 * d + c] }.reduce(0, +) / Double(train.count)
                sds[c] = (train.map { pow(x[$0 * d + c] - means[c], 2) }.reduce(0, +) / Double(train.count)).squareRoot()
            }
            func point(_ i: Int) -> [Double] {
                let z = (0..<d).map { (x[i * d + $0] - means[$0]) / sds[$0] }
                let norm = z.map { $0 * $0 }.reduce(0, +).squareRoot()
                return z.map { $0 / norm }
            }
            func k(_ p: [Double], _ q: [Double]) -> Double { exp(-zip(p, q).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()) }
            let ybar = train.map { y[$0] }.reduce(0, +) / Double(train.count)
            let m = train.count
            var a = (0..<m).map { i in (0..<m).map { j in k(point(train[i]), point(train[j])) + (i == j ? lambda : 0) } }
            var rhs = train.map { y[$0] - ybar }
            for col in 0..<m {
                let pivot = (col..<m).max { abs(a[$0][col]) < abs(a[$1][col]) } ?? col
                a.swapAt(col, pivot); rhs.swapAt(col, pivot)
                for row in (col + 1)..<m {
                    let f = a[row][col] / a[col][col]
                    for c in col..<m { a[row][c] -= f * a[col][c] }
                    rhs[row] -= f * rhs[col]
                }
            }
            var alpha = [Double](repeating: 0, count: m)
            for row in stride(from: m - 1, through: 0, by: -1) {
                alpha[row] = (rhs[row] - ((row + 1)..<m).map { a[row][$0] * alpha[$0] }.reduce(0, +)) / a[row][row]
            }
            let mse = test.map { i in
                let p = ybar + (0..<m).map { alpha[$0] * k(point(i), point(train[$0])) }.reduce(0, +)
                return (p - y[i]) * (p - y[i])
            }.reduce(0, +) / Double(test.count)
            let measured = runs[0][r].result.metric
            #expect(abs(measured - mse) <= 1e-10 * mse, "split \(r): \(measured) vs \(mse)")
        }
        // The splits differ: three different held-out sets.
        let held = try (0..<3).map { Set(try KernelRegressionStudy.split(count: n, testFraction: 0.25, seed: base + 2 * UInt64($0)).test) }
        #expect(held[0] != held[1] && held[1] != held[2])
    }
}
