import Foundation
import Testing
@testable import SpectraKit

@Suite struct KernelRidgeTests {
    /// K = I: alpha = y / (1 + lambda) exactly (closed form).
    @Test func identityGramGivesScaledTargets() throws {
        let k = SymmetricMatrix(order: 3) { i, j in i == j ? 1 : 0 }
        let y: [Double] = [1, -2, 0.5, 3, 4, 5]
        let s = try KernelRidge.solve(gram: k, targets: y, outputs: 2, ridge: 0.25)
        for (a, b) in zip(s.coefficients, y) { #expect(abs(a - b / 1.25) <= 1e-15 * abs(b)) }
        #expect(!s.usedPseudoInverse)
    }

    /// Two points, K = [[a, b], [b, a]]: alpha = [[a+l, -b], [-b, a+l]] y / ((a+l)^2 - b^2).
    @Test func twoPointClosedForm() throws {
        let a = 2.0, b = 0.7, l = 0.1
        let k = SymmetricMatrix(order: 2) { i, j in i == j ? a : b }
        let y: [Double] = [1.5, -0.25]
        let s = try KernelRidge.solve(gram: k, targets: y, outputs: 1, ridge: l)
        let det = (a + l) * (a + l) - b * b
        let expected = [((a + l) * y[0] - b * y[1]) / det, (-b * y[0] + (a + l) * y[1]) / det]
        for (x, e) in zip(s.coefficients, expected) { #expect(abs(x - e) <= 1e-14 * abs(e)) }
    }

    @Test func negativeRidgeAndIndefiniteMatrixAreTypedErrors() throws {
        let k = SymmetricMatrix(order: 2) { i, j in i == j ? 1 : 2 }   // eigenvalues 3, -1
        #expect(throws: KernelRidgeError.negativeRidge(-1)) { try KernelRidge.solve(gram: k, targets: [1, 1], outputs: 1, ridge: -1) }
        #expect(throws: KernelRidgeError.notPositiveDefinite(ridge: 0.5, info: 2)) {
            try KernelRidge.solve(gram: k, targets: [1, 1], outputs: 1, ridge: 0.5)
        }
    }

    static func randomFeatures(_ n: Int, _ d: Int, seed: UInt64) -> [Double] {
        var rng = Xoshiro256StarStar(seed: seed)
        return (0..<(n * d)).map { _ in Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1 }
    }

    /// lambda -> 0 interpolates: predictions on the training rows reproduce y.
    @Test(arguments: ["ntk", "laplace", "gexp:gamma=0.5"])
    func interpolationAtTinyRidge(spec: String) throws {
        let n = 30, d = 4
        let x = Self.randomFeatures(n, d, seed: 3)
        let y = (0..<n).map { i in sin(x[i * d]) + x[i * d + 1] * x[i * d + 2] }
        let model = try KernelRidgeModel.fit(kernel: try KernelSpec.parse(spec).kernel, features: x, dimension: d,
                                             targets: y, outputs: 1, ridge: 1e-12)
        let p = try model.predict(x)
        for (a, b) in zip(p, y) { #expect(abs(a - b) <= 1e-6, "\(spec): \(a) vs \(b)") }
        #expect(!model.solution.usedPseudoInverse)
    }

    /// Duplicated rows make K exactly singular: at ridge 0 dpotrf fails, the pseudo-inverse is
    /// used and flagged, predictions are finite and fit the (consistent) targets.
    @Test func singularFallbackOnDuplicatedPoints() throws {
        let d = 3
        let base = Self.randomFeatures(8, d, seed: 5)
        let x = base + base   // every row twice
        let y0 = (0..<8).map { Double($0) * 0.3 - 1 }
        let y = y0 + y0
        let model = try KernelRidgeModel.fit(kernel: try KernelSpec.parse("nngp").kernel, features: x, dimension: d,
                                             targets: y, outputs: 1, ridge: 0)
        #expect(model.solution.usedPseudoInverse)
        let p = try model.predict(x + Self.randomFeatures(5, d, seed: 9))
        #expect(p.allSatisfy { $0.isFinite })
        for i in 0..<16 { #expect(abs(p[i] - y[i]) <= 1e-5) }
    }

    /// n rows with d = 3 features in [-1, 1) and a smooth noisy target; row `outlier` (if any)
    /// has its first feature at 50, so whether a scaler sees it moves that column's mean and
    /// standard deviation far.
    static func crossValidationData(_ n: Int, outlier: Int? = nil) -> (x: [Double], y: [Double]) {
        let d = 3
        var x = Self.randomFeatures(n, d, seed: 11)
        if let outlier { x[outlier * d] = 50 }
        var rng = Xoshiro256StarStar(seed: 12)
        let y = (0..<n).map { i in sin(x[i * d]) - x[i * d + 2] + 0.3 * (Double(rng.next() >> 11) / Double(1 << 53) - 0.5) }
        return (x, y)
    }

    @Test func crossValidationPicksAGridRidgeDeterministically() throws {
        let n = 60
        let (x, y) = Self.crossValidationData(n)
        let kernel = try KernelSpec.parse("ntk").kernel
        func run() throws -> (relativeRidge: Double, errors: [(relativeRidge: Double, error: Double)]) {
            try RidgeCrossValidation.choose(kernel: kernel, features: x, dimension: 3, targets: y, outputs: 1,
                                            preprocessing: .sphere, lines: Array(1...n), folds: 5, seed: 7)
        }
        let first = try run(), again = try run()
        #expect(first.relativeRidge == again.relativeRidge)
        #expect(first.errors.map(\.error) == again.errors.map(\.error))
        #expect(first.errors.map(\.relativeRidge) == RidgeCrossValidation.relativeGrid)
        let chosen = try #require(first.errors.first { $0.relativeRidge == first.relativeRidge })
        #expect(first.errors.allSatisfy { $0.error >= chosen.error })
    }

    /// The pipeline property: each grid value's CV error equals the mean over folds of a model
    /// fitted from scratch on the fold's training rows alone (`KernelRidgeModel.fit`: its own
    /// scaler, target mean and Gram, lambda = r * trace(K_f)/n_f) and scored on its validation
    /// rows. Row 0 is an outlier: a scaler fitted once on all rows (the leak, also computed here)
    /// gives errors far outside the tolerance, so this test fails for the leaky version.
    @Test func crossValidationFitsEachFoldOnItsTrainingRowsOnly() throws {
        let n = 40, d = 3
        let (x, y) = Self.crossValidationData(n, outlier: 0)
        let kernel = try KernelSpec.parse("ntk").kernel
        let cv = try RidgeCrossValidation.choose(kernel: kernel, features: x, dimension: d, targets: y, outputs: 1,
                                                 preprocessing: .sphere, lines: Array(1...n), folds: 5, seed: 7)
        let parts = RidgeCrossValidation.folds(count: n, folds: 5, seed: 7)
        func rows(_ indices: [Int]) -> [Double] { indices.flatMap { x[($0 * d)..<(($0 + 1) * d)] } }

        // The leak: one scaler, one target mean and one Gram for all rows, sub-blocks per fold.
        let allPoints = try KernelRidgeModel.prepare(x, dimension: d, scaler: FeatureScaler(fitting: x, dimension: d),
                                                     preprocessing: .sphere, lines: Array(1...n))
        let allGram = try KernelRidgeModel.gram(kernel: kernel, points: allPoints, preprocessing: .sphere)
        let (allCentred, _) = KernelRidgeModel.centre(y, rows: n, outputs: 1)

        var largestLeakGap = 0.0
        for (g, relative) in RidgeCrossValidation.relativeGrid.enumerated() {
            var pipeline = 0.0, leaky = 0.0
            for validation in parts {
                let train = (0..<n).filter { !validation.contains($0) }
                let features = rows(train)
                let points = try KernelRidgeModel.prepare(features, dimension: d, scaler: FeatureScaler(fitting: features, dimension: d),
                                                          preprocessing: .sphere, lines: train.map { $0 + 1 })
                let scale = try KernelRidgeModel.gram(kernel: kernel, points: points, preprocessing: .sphere).trace / Double(train.count)
                let model = try KernelRidgeModel.fit(kernel: kernel, features: features, dimension: d, targets: train.map { y[$0] },
                                                     outputs: 1, ridge: relative * scale)
                for (p, i) in zip(try model.predict(rows(validation)), validation) { pipeline += (p - y[i]) * (p - y[i]) }

                let sub = SymmetricMatrix(order: train.count) { allGram[train[$0], train[$1]] }
                let alpha = try KernelRidge.solve(gram: sub, targets: train.map { allCentred[$0] }, outputs: 1,
                                                  ridge: relative * allGram.trace / Double(n)).coefficients
                for i in validation {
                    let p = zip(train, alpha).reduce(0.0) { $0 + allGram[i, $1.0] * $1.1 }
                    leaky += (p - allCentred[i]) * (p - allCentred[i])
                }
            }
            pipeline /= Double(n)
            leaky /= Double(n)
            #expect(abs(cv.errors[g].error - pipeline) <= 1e-9 * pipeline, "r = \(relative): \(cv.errors[g].error) vs \(pipeline)")
            largestLeakGap = max(largestLeakGap, abs(leaky - pipeline) / pipeline)
        }
        #expect(largestLeakGap > 1e-2, "the outlier should move the leaky errors; gap \(largestLeakGap)")
    }

    @Test func foldsPartitionTheRows() {
        let parts = RidgeCrossValidation.folds(count: 23, folds: 4, seed: 1)
        #expect(parts.flatMap { $0 }.sorted() == Array(0..<23))
        #expect(parts.map(\.count).max()! - parts.map(\.count).min()! <= 1)
        #expect(RidgeCrossValidation.folds(count: 23, folds: 4, seed: 1) == parts)
        #expect(RidgeCrossValidation.folds(count: 23, folds: 4, seed: 2) != parts)
    }

    @Test func standardizeRefusedForSphereKernels() throws {
        let x = Self.randomFeatures(10, 3, seed: 1)
        #expect(throws: KernelRidgeError.kernelNeedsSphere(kernel: "laplace")) {
            try KernelRidgeModel.fit(kernel: try KernelSpec.parse("laplace").kernel, features: x, dimension: 3,
                                     targets: Array(repeating: 1, count: 10), outputs: 1, ridge: 1, preprocessing: .standardize)
        }
        let model = try KernelRidgeModel.fit(kernel: try KernelSpec.parse("ntk").kernel, features: x, dimension: 3,
                                             targets: (0..<10).map(Double.init), outputs: 1, ridge: 1e-3, preprocessing: .standardize)
        let q = try model.predict(x)
        #expect(q.allSatisfy { $0.isFinite })
    }

    /// A classification target must be a column of class labels: integers, with on average
    /// at least `minimumRowsPerClass` rows per class once there are more than two classes.
    @Test func classificationRefusesAContinuousColumn() throws {
        let ntk = try KernelSpec.parse("ntk").kernel
        let x = Self.randomFeatures(40, 3, seed: 3)
        func table(_ y: [Double]) -> LabeledData {
            LabeledData(featureNames: ["a", "b", "c"], targetName: "y", features: x, targets: y, sourceLines: Array(2...41))
        }
        let fractional = (0..<40).map { Double($0 % 2) + ($0 == 7 ? 0.5 : 0) }
        #expect(throws: KernelRidgeError.notAClassLabel(column: "y", value: 1.5, line: 9)) {
            try KernelRegressionStudy.run(data: table(fractional), kernel: ntk, name: "ntk", task: .classification)
        }
        let manyClasses = (0..<40).map { Double($0 % 10) }   // 4 rows per class
        #expect(throws: KernelRidgeError.tooManyClasses(column: "y", classes: 10, rows: 40)) {
            try KernelRegressionStudy.run(data: table(manyClasses), kernel: ntk, name: "ntk", task: .classification)
        }
        let fewClasses = (0..<40).map { Double($0 % 8) }     // 5 rows per class
        let result = try KernelRegressionStudy.run(data: table(fewClasses), kernel: ntk, name: "ntk", task: .classification)
        #expect((0...1).contains(result.metric))
        // The same continuous column is a fine regression target.
        #expect(try KernelRegressionStudy.run(data: table(fractional), kernel: ntk, name: "ntk", task: .regression).metric.isFinite)
    }

    /// Targets independent of the features: the best ridge is as large as the grid allows,
    /// and the result says that it sits on the grid's edge; a fixed ridge is never flagged.
    @Test func aCrossValidatedRidgeOnTheGridEdgeIsFlagged() throws {
        let noise = Self.randomFeatures(60, 1, seed: 11)
        let data = LabeledData(featureNames: ["a", "b", "c"], targetName: "y", features: Self.randomFeatures(60, 3, seed: 12),
                               targets: noise, sourceLines: Array(2...61))
        let laplace = try KernelSpec.parse("laplace").kernel
        let chosen = try KernelRegressionStudy.run(data: data, kernel: laplace, name: "laplace", task: .regression)
        #expect(chosen.ridgeGridEdge == .largest, "ridge \(chosen.ridge)")
        #expect(RidgeGridEdge.largest.note.contains("largest") && RidgeGridEdge.smallest.note.contains("below"))
        let fixed = try KernelRegressionStudy.run(data: data, kernel: laplace, name: "laplace", task: .regression, ridge: .fixed(1e-8))
        #expect(fixed.ridgeGridEdge == nil)
        #expect(RidgeGridEdge(relativeRidge: RidgeCrossValidation.relativeGrid[0]) == .smallest)
        #expect(RidgeGridEdge(relativeRidge: RidgeCrossValidation.relativeGrid[3]) == nil)
    }

    @Test func labeledDataParsing() throws {
        let data = try LabeledData.parse("a,b,y\n1,2,0\n3,4,1\n", target: "y")
        #expect(data.featureNames == ["a", "b"] && data.targets == [0, 1] && data.features == [1, 2, 3, 4])
        #expect(throws: LabeledDataError.unknownTarget(given: "z", columns: ["a", "b", "y"])) { try LabeledData.parse("a,b,y\n1,2,0\n", target: "z") }
        #expect(throws: LabeledDataError.parse(.nonNumeric(line: 3, column: 2, text: "x"))) { try LabeledData.parse("a,b,y\n1,2,0\n1,x,0\n", target: "y") }
        #expect(throws: LabeledDataError.noHeader) { try LabeledData.parse("1,2,0\n", target: "y") }
    }
}
