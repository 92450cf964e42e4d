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
    /// Standardised targets (see `TrainingData`): a test MSE of 1 is the training mean's. The
    /// regressions report no training error (as `spectra regress`).
    public let trainMSE: Double?
    public let testMSE: Double
    /// The regression's ridge; nil for the network.
    public let ridge: Double?
    /// A cross-validated ridge on the edge of its grid (see `KernelRegressionResult`).
    public var ridgeGridEdge: RidgeGridEdge? = nil
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
                    runs.append(try regression(model, kind: kind, architecture: architecture, data: data, split: split, seed: seed,
                                               testFraction: testFraction, ridge: ridge, folds: folds))
                }
            }
        }
        return (runs, summarize(runs, depths: [shallow.depth, deep.depth]))
    }

    /// Exactly `spectra regress` with this kernel, split seed and ridge choice (so the numbers can
    /// be reproduced there), its test MSE divided by the training targets' variance.
    static func regression(_ model: AddLayerRun.Model, kind: NetworkKernel.Kind, architecture: NetworkArchitecture,
                           data: LabeledData, split: TrainingData, seed: UInt64, testFraction: Double, ridge: RidgeChoice,
                           folds: Int) throws(FiniteTrainingError) -> AddLayerRun
    {
        let kernel: NetworkKernel
        do { kernel = try architecture.kernel(kind) } catch { throw .network(error) }
        do {
            let result = try KernelRegressionStudy.run(data: data, kernel: kernel, name: kind.rawValue, task: .regression,
                                                       testFraction: testFraction, folds: folds, seed: seed, ridge: ridge,
                                                       preprocessing: split.preprocessing)
            return AddLayerRun(model: model, depth: architecture.depth, seed: seed, trainMSE: nil,
                               testMSE: result.metric / (split.targetScale * split.targetScale), ridge: result.ridge,
                               ridgeGridEdge: result.ridgeGridEdge)
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
