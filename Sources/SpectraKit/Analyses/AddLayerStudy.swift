/// One model's test error on one split in the add-a-layer comparison.
public struct AddLayerRun: Sendable {
    public enum Model: String, Sendable, CaseIterable {
        /// The finite network trained by gradient descent.
        case network
        /// Kernel ridge regression with the analytic NTK / NNGP of the same depth and variances.
        case ntkRegression = "ntk_regression"
        case nngpRegression = "nngp_regression"
    }

    public let model: Model
    public let depth: Int
    public let seed: UInt64
    /// Standardised targets (see `TrainingData`): a test MSE of 1 is the training mean's.
    public let trainMSE: Double
    public let testMSE: Double
    /// The regression's ridge; nil for the network.
    public let ridge: Double?
}

/// Mean and sample standard deviation over seeds of one model at one depth, and for the deeper
/// depth the paired change D -> D+1 (same split and seed).
public struct AddLayerSummary: Sendable {
    public let model: AddLayerRun.Model
    public let depth: Int
    public let seeds: Int
    public let meanTestMSE: Double
    public let standardDeviation: Double?
    /// Mean over seeds of testMSE(depth) - testMSE(depth - 1), with its standard deviation; nil at
    /// the shallower depth.
    public let meanChange: Double?
    public let changeStandardDeviation: Double?
}

/// Liu, Tai, Crandall & Huang's comparison: does adding a layer change a trained network's test
/// error the way it changes its NTK's (and its NNGP's)? Seed s draws both the split and the
/// network, so every model sees the same rows for one seed.
public enum AddLayerStudy {
    public static func run(data: LabeledData, shallow: NetworkArchitecture, seeds: [UInt64], testFraction: Double,
                           settings: TrainingSettings, ridge: RidgeChoice, folds: Int, preprocessing: FeaturePreprocessing,
                           progress: (String) -> Void = { _ in }) throws(FiniteTrainingError)
        -> (runs: [AddLayerRun], summaries: [AddLayerSummary])
    {
        let deep: NetworkArchitecture
        do {
            deep = try NetworkArchitecture(activation: shallow.activation, depth: shallow.depth + 1, width: shallow.width,
                                           weightVariance: shallow.weightVariance, biasVariance: shallow.biasVariance)
        } catch { throw .network(error) }
        var runs: [AddLayerRun] = []
        for (s, seed) in seeds.enumerated() {
            let split: TrainingData
            do { split = try TrainingData(data, testFraction: testFraction, seed: seed, preprocessing: preprocessing) }
            catch { throw .regression(error) }
            for architecture in [shallow, deep] {
                progress("seed \(s + 1)/\(seeds.count), depth \(architecture.depth): training")
                let flow = try FiniteTraining.flow(architecture, data: split)
                let trained = try FiniteTraining.run(architecture, seed: seed, data: split, settings: settings, flow: flow)
                let last = trained.checkpoints[trained.checkpoints.count - 1]
                runs.append(AddLayerRun(model: .network, depth: architecture.depth, seed: seed, trainMSE: last.trainMSE,
                                        testMSE: last.testMSE, ridge: nil))
                for (model, kind) in [(AddLayerRun.Model.ntkRegression, NetworkKernel.Kind.ntk), (.nngpRegression, .nngp)] {
                    progress("seed \(s + 1)/\(seeds.count), depth \(architecture.depth): \(kind.rawValue) regression")
                    runs.append(try regression(model, kind: kind, architecture: architecture, split: split, seed: seed,
                                               ridge: ridge, folds: folds))
                }
            }
        }
        return (runs, summarize(runs, depths: [shallow.depth, deep.depth]))
    }

    static func regression(_ model: AddLayerRun.Model, kind: NetworkKernel.Kind, architecture: NetworkArchitecture,
                           split: TrainingData, seed: UInt64, ridge: RidgeChoice, folds: Int) throws(FiniteTrainingError) -> AddLayerRun
    {
        let kernel: NetworkKernel
        do { kernel = try architecture.kernel(kind) } catch { throw .network(error) }
        do throws(KernelRidgeError) {
            let gram = try KernelRidgeModel.gram(kernel: kernel, points: split.train, preprocessing: split.preprocessing)
            let lambda: Double
            switch ridge {
            case .fixed(let value): lambda = value
            case .auto:
                guard folds >= 2, folds <= split.train.count else { throw .invalidFolds(folds: folds, trainSize: split.train.count) }
                lambda = try RidgeCrossValidation.choose(gram: gram, targets: split.trainTargets, outputs: 1, folds: folds,
                                                         seed: seed &+ 1).ridge
            }
            let solution = try KernelRidge.solve(gram: gram, targets: split.trainTargets, outputs: 1, ridge: lambda)
            let n = split.train.count, m = split.test.count
            var train = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { train[i] += gram[i, j] * solution.coefficients[j] } }
            let cross = KernelRidgeModel.cross(kernel: kernel, split.test, split.train, preprocessing: split.preprocessing)
            var test = [Double](repeating: 0, count: m)
            for t in 0..<m { for j in 0..<n { test[t] += cross[t * n + j] * solution.coefficients[j] } }
            return AddLayerRun(model: model, depth: architecture.depth, seed: seed,
                               trainMSE: FiniteTraining.meanSquaredError(train, split.trainTargets),
                               testMSE: FiniteTraining.meanSquaredError(test, split.testTargets), ridge: lambda)
        } catch {
            throw .regression(error)
        }
    }

    static func summarize(_ runs: [AddLayerRun], depths: [Int]) -> [AddLayerSummary] {
        var summaries: [AddLayerSummary] = []
        for model in AddLayerRun.Model.allCases {
            for (index, depth) in depths.enumerated() {
                let these = runs.filter { $0.model == model && $0.depth == depth }
                guard !these.isEmpty else { continue }
                let errors = these.map(\.testMSE)
                var changes: [Double]? = nil
                if index > 0 {
                    changes = these.compactMap { run in
                        runs.first { $0.model == model && $0.depth == depths[index - 1] && $0.seed == run.seed }
                            .map { run.testMSE - $0.testMSE }
                    }
                }
                summaries.append(AddLayerSummary(model: model, depth: depth, seeds: these.count, meanTestMSE: mean(errors),
                                                 standardDeviation: standardDeviation(errors),
                                                 meanChange: changes.map(mean), changeStandardDeviation: changes.flatMap(standardDeviation)))
            }
        }
        return summaries
    }

    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

    /// Sample standard deviation (n - 1); nil for fewer than two values.
    static func standardDeviation(_ x: [Double]) -> Double? {
        guard x.count > 1 else { return nil }
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }
}
