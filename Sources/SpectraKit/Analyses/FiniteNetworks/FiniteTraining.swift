import Foundation

/// Training that cannot go on, or settings it cannot start with.
public enum FiniteTrainingError: Error, CustomStringConvertible, Equatable, Sendable {
    case network(FiniteNetworkError)
    case regression(KernelRidgeError)
    case invalidSetting(name: String, value: String, requirement: String)
    /// The squared loss became non-finite or grew past `FiniteTraining.divergenceFactor` times its
    /// starting value: the learning rate is too large for this network.
    case diverged(architecture: String, seed: UInt64, step: Int, loss: Double, initialLoss: Double, learningRate: Double)

    public var description: String {
        switch self {
        case let .network(error): return error.description
        case let .regression(error): return error.description
        case let .invalidSetting(name, value, requirement): return "\(name) = \(value): must be \(requirement)"
        case let .diverged(architecture, seed, step, loss, initialLoss, rate):
            let what = loss.isFinite ? "the training loss reached \(loss) (from \(initialLoss))" : "the training loss became \(loss)"
            return "training diverged at step \(step) for \(architecture), seed \(seed): \(what) with learning rate \(rate) "
                + "(relative to n / lambda_max(Theta_hat)); choose a smaller --learning-rate (the linearised network needs < 2)"
        }
    }
}

/// Full-batch gradient descent settings. The step size is eta = learningRate x n / lambda_max(Theta_hat_0)
/// for L = (1/2n) sum (f - y)^2: the linearised network converges for learningRate < 2 (docs/finite-networks.md).
public struct TrainingSettings: Sendable, Equatable {
    public let steps: Int
    public let learningRate: Double
    /// How many times (evenly spaced, the last at `steps`) the losses and the kernel are recorded.
    public let checkpoints: Int

    public init(steps: Int = 1000, learningRate: Double = 1, checkpoints: Int = 10) throws(FiniteTrainingError) {
        guard steps >= 1 else { throw .invalidSetting(name: "steps", value: String(steps), requirement: "at least 1") }
        guard learningRate.isFinite, learningRate > 0 else {
            throw .invalidSetting(name: "learning rate", value: String(learningRate), requirement: "finite and > 0")
        }
        guard checkpoints >= 1, checkpoints <= steps else {
            throw .invalidSetting(name: "checkpoints", value: String(checkpoints), requirement: "between 1 and the number of steps (\(steps))")
        }
        self.steps = steps
        self.learningRate = learningRate
        self.checkpoints = checkpoints
    }

    /// 0, then `checkpoints` steps evenly spread up to `steps`.
    public var recordedSteps: [Int] { [0] + (1...checkpoints).map { $0 * steps / checkpoints } }
}

/// Training and test points with standardised targets (mean 0, variance 1 on the training rows),
/// so that losses of different data sets read alike: a test MSE of 1 is no better than the mean.
public struct TrainingData: Sendable {
    public let train: PointSet
    public let trainTargets: [Double]
    public let test: PointSet
    public let testTargets: [Double]
    public let preprocessing: FeaturePreprocessing
    /// The training targets' mean and standard deviation (what the standardisation removed).
    public let targetMean: Double
    public let targetScale: Double

    /// A seeded split of `data` (as `spectra regress` splits it), features standardised on the
    /// training rows and projected onto the sphere (or kept, `.standardize`), targets standardised.
    public init(_ data: LabeledData, testFraction: Double, seed: UInt64,
                preprocessing: FeaturePreprocessing = .sphere) throws(KernelRidgeError)
    {
        let d = data.featureCount
        let (trainRows, testRows) = try KernelRegressionStudy.split(count: data.count, testFraction: testFraction, seed: seed)
        let train = data.subset(trainRows), test = data.subset(testRows)
        let scaler = FeatureScaler(fitting: train.features, dimension: d)
        self.train = try KernelRidgeModel.prepare(train.features, dimension: d, scaler: scaler, preprocessing: preprocessing,
                                                  lines: train.sourceLines)
        self.test = try KernelRidgeModel.prepare(test.features, dimension: d, scaler: scaler, preprocessing: preprocessing,
                                                 lines: test.sourceLines)
        let mean = train.targets.reduce(0, +) / Double(train.count)
        let variance = train.targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(train.count)
        guard variance > 0 else { throw .constantTarget(column: data.targetName, value: mean) }
        let scale = variance.squareRoot()
        self.trainTargets = train.targets.map { ($0 - mean) / scale }
        self.testTargets = test.targets.map { ($0 - mean) / scale }
        self.preprocessing = preprocessing
        self.targetMean = mean
        self.targetScale = scale
    }
}

/// The state of one training run at one step.
public struct TrainingCheckpoint: Sendable {
    public let step: Int
    /// Mean squared errors (standardised targets) of the network.
    public let trainMSE: Double
    public let testMSE: Double
    /// ||Theta_hat_t - Theta_hat_0||_F / ||Theta_hat_0||_F on the training points.
    public let kernelChange: Double
    /// The same errors of the infinite-width twin: the analytic-NTK gradient flow from the same
    /// initial function at the same time (`NTKGradientFlow`).
    public let ntkTrainMSE: Double
    public let ntkTestMSE: Double
    /// Root mean square of (network - twin) on the test points: how far the network is from what
    /// NTK theory predicts for it.
    public let predictionGap: Double
}

public struct TrainingRun: Sendable {
    public let architecture: NetworkArchitecture
    public let seed: UInt64
    /// lambda_max(Theta_hat_0) on the training points.
    public let initialLambdaMax: Double
    /// The step size actually used, eta = learningRate x n / lambda_max.
    public let stepSize: Double
    public let checkpoints: [TrainingCheckpoint]
}

/// `spectra finite train`: full-batch gradient descent of finite networks, recorded against their
/// analytic-NTK twins.
public enum FiniteTraining {
    /// The loss may grow this much over its start (catapult-like transients stay far below) before
    /// the run counts as diverged.
    public static let divergenceFactor = 1e6

    /// Trains one network (`architecture`, `seed`) on `data` and records it at the settings'
    /// checkpoints against `flow`, its infinite-width twin. `progress` hears each recorded step.
    public static func run(_ architecture: NetworkArchitecture, seed: UInt64, data: TrainingData, settings: TrainingSettings,
                           flow: NTKGradientFlow, progress: (Int) -> Void = { _ in }) throws(FiniteTrainingError) -> TrainingRun
    {
        var network = try guarded { () throws(FiniteNetworkError) in
            try architecture.network(inputDimension: data.train.dimension, seed: seed)
        }
        let n = data.train.count
        let theta0 = try guarded { () throws(FiniteNetworkError) in try network.empiricalNTK(data.train) }
        let theta0Norm = theta0.squaredFrobeniusNorm.squareRoot()
        let lambdaMax: Double
        do throws(LinearAlgebraError) { lambdaMax = try SymmetricEigensolver.eigenvalues(of: theta0)[0] }
        catch { throw .network(.linearAlgebra(error)) }
        let eta = settings.learningRate * Double(n) / lambdaMax
        let f0Test = try guarded { () throws(FiniteNetworkError) in try network.outputs(data.test) }
        var f0Train: [Double] = []   // the outputs of step 0's forward pass
        let recorded = Set(settings.recordedSteps)
        var checkpoints: [TrainingCheckpoint] = []
        var initialLoss = 0.0
        for step in 0...settings.steps {
            let (loss, gradient, outputs) = try guarded { () throws(FiniteNetworkError) in
                try network.lossGradient(data.train, targets: data.trainTargets)
            }
            if step == 0 { (initialLoss, f0Train) = (loss, outputs) }
            guard loss.isFinite, loss <= divergenceFactor * initialLoss else {
                throw .diverged(architecture: describe(architecture), seed: seed, step: step, loss: loss,
                                initialLoss: initialLoss, learningRate: settings.learningRate)
            }
            if recorded.contains(step) {
                let testOutputs = step == 0 ? f0Test : try guarded { () throws(FiniteNetworkError) in try network.outputs(data.test) }
                let theta = step == 0 ? theta0 : try guarded { () throws(FiniteNetworkError) in try network.empiricalNTK(data.train) }
                var change = 0.0
                FiniteInitStudy.forEachEntry(n) { weight, q in
                    let e = theta.storage[q] - theta0.storage[q]
                    change += weight * e * e
                }
                let twin = flow.predictions(time: eta * Double(step), targets: data.trainTargets, initialTrain: f0Train,
                                            initialTest: f0Test)
                checkpoints.append(TrainingCheckpoint(
                    step: step, trainMSE: meanSquaredError(outputs, data.trainTargets),
                    testMSE: meanSquaredError(testOutputs, data.testTargets), kernelChange: change.squareRoot() / theta0Norm,
                    ntkTrainMSE: meanSquaredError(twin.train, data.trainTargets),
                    ntkTestMSE: meanSquaredError(twin.test, data.testTargets),
                    predictionGap: meanSquaredError(testOutputs, twin.test).squareRoot()))
                progress(step)
            }
            if step == settings.steps { break }
            try guarded { () throws(FiniteNetworkError) in try network.descend(along: gradient, stepSize: eta) }
        }
        return TrainingRun(architecture: architecture, seed: seed, initialLambdaMax: lambdaMax, stepSize: eta,
                           checkpoints: checkpoints)
    }

    /// The twin model of an architecture on a data set (shared by its seeds).
    public static func flow(_ architecture: NetworkArchitecture, data: TrainingData) throws(FiniteTrainingError) -> NTKGradientFlow {
        let kernel = try guarded { () throws(FiniteNetworkError) in try architecture.kernel(.ntk) }
        do { return try NTKGradientFlow(kernel: kernel, train: data.train, test: data.test, preprocessing: data.preprocessing) }
        catch { throw .regression(error) }
    }

    static func meanSquaredError(_ f: [Double], _ y: [Double]) -> Double {
        zip(f, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(y.count)
    }

    private static func guarded<T>(_ body: () throws(FiniteNetworkError) -> T) throws(FiniteTrainingError) -> T {
        do { return try body() } catch { throw .network(error) }
    }

    static func describe(_ a: NetworkArchitecture) -> String {
        "\(a.activation) depth \(a.depth) width \(a.width) weight_var \(a.weightVariance) bias_var \(a.biasVariance)"
    }
}
