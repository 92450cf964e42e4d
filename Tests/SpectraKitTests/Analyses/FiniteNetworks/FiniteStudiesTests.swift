import Foundation
import Testing
@testable import SpectraKit

@Suite struct NetworkPhaseTests {
    @Test func reluChiIsHalfTheWeightVariance() {
        #expect(NetworkPhase(activation: .relu, weightVariance: 1.5, biasVariance: 0.3).name == .ordered)
        #expect(NetworkPhase(activation: .relu, weightVariance: 2, biasVariance: 0.3).name == .critical)
        #expect(NetworkPhase(activation: .relu, weightVariance: 2.5, biasVariance: 0).chi == 1.25)
    }

    /// erf without bias: q* = 0, chi = 4 sw2 / pi, critical at sw2 = pi/4 (docs/finite-networks.md#phases-of-an-initialisation).
    @Test func erfEdgeOfChaosWithoutBias() {
        let critical = NetworkPhase(activation: .erf, weightVariance: Double.pi / 4, biasVariance: 0)
        #expect(critical.name == .critical && critical.fixedPointVariance == 0)
        #expect(NetworkPhase(activation: .erf, weightVariance: 0.7, biasVariance: 0).name == .ordered)
        #expect(NetworkPhase(activation: .erf, weightVariance: 0.9, biasVariance: 0).name == .chaotic)
    }

    /// The bisection's q* against iterating the variance map itself 10^5 times from q = 1 (the
    /// stable fixed point attracts it), and chi against a direct Gauss-Hermite-free check:
    /// chi = sw2 (4/pi) / sqrt(1 + 4 q*).
    @Test(arguments: [(1.5, 0.1), (3.0, 0.05), (0.9, 0.0), (2.0, 0.5)])
    func erfFixedPointMatchesIteratedMap(weightVariance: Double, biasVariance: Double) {
        let phase = NetworkPhase(activation: .erf, weightVariance: weightVariance, biasVariance: biasVariance)
        var q = 1.0
        for _ in 0..<100_000 { q = weightVariance * 2 / Double.pi * asin(2 * q / (1 + 2 * q)) + biasVariance }
        let fixed = phase.fixedPointVariance!
        #expect(abs(fixed - q) <= 1e-12 * q)
        #expect(abs(phase.chi - weightVariance * 4 / Double.pi / (1 + 4 * q).squareRoot()) <= 1e-12)
    }
}

/// The phase and edge of chaos of the smooth activations (docs/finite-networks.md#phases-of-an-initialisation).
@Suite struct ActivationPhaseTests {
    /// tanh without bias: q* = 0 while sw2 <= 1 and chi = sw2 phi'(0)^2 = sw2, so the edge is
    /// sw2 = 1. (Just above it q* ~ (sw2 - 1)/2 and chi = 1 - (sw2 - 1)^2 + ...: chi touches 1
    /// there, so the bisection lands within about the square root of the rounding of chi.)
    /// With a bias the edge moves up, monotonically, and tends to 1 as the bias vanishes.
    @Test func tanhEdgeTendsToOneWithoutBias() throws {
        let edge = try #require(NetworkPhase.criticalWeightVariance(activation: .tanh, biasVariance: 0))
        #expect(Swift.abs(edge - 1) <= 1e-6)
        let edges = try [1e-10, 1e-6, 1e-4, 1e-2].map { sb2 in
            try #require(NetworkPhase.criticalWeightVariance(activation: .tanh, biasVariance: sb2))
        }
        print("tanh edge of chaos for bias_var 1e-10, 1e-6, 1e-4, 1e-2: \(edges)")
        #expect(edges[0] > 1 && edges[0] < 1.01)
        #expect(zip(edges, edges.dropFirst()).allSatisfy { $0 < $1 })
        #expect(NetworkPhase.criticalWeightVariance(activation: .relu, biasVariance: 0.3) == 2)
        #expect(NetworkPhase.criticalWeightVariance(activation: .abs, biasVariance: 0.3) == 1)
        let leaky = try NetworkActivation.leakyReLU(slope: 0.5)
        #expect(NetworkPhase.criticalWeightVariance(activation: leaky, biasVariance: 0) == 1.6)
    }

    /// The edge against an independent computation: mpmath at mp.dps = 30 solving
    /// q = sw2 E[phi(sqrt(q) z)^2] + sb2 and sw2 E[phi'(sqrt(q) z)^2] = 1 for (sw2, q) with
    /// mp.findroot, the expectations by mp.quad (tanh-sinh) on (-inf, -5, 0, 5, inf). Script:
    ///   E = lambda f, q: quad(lambda z: f(sqrt(q)*z)*exp(-z*z/2)/sqrt(2*pi), [-inf, -5, 0, 5, inf])
    ///   findroot(lambda w, q: [w*E(phi2, q) + sb2 - q, w*E(dphi2, q) - 1], (w0, q0))
    @Test(arguments: [("tanh", 0.000001, 1.018252618511279506479617, 0.009250388922797397039819863),
                      ("tanh", 0.05, 1.760954639606739131631552, 0.5700478816407641499901556),
                      ("tanh", 0.5, 2.843167459724082001137972, 1.971030613416855784410127),
                      ("sigmoid", 0.0, 103.0075538555193223354601, 45.62427779737971282716162),
                      ("sigmoid", 0.1, 103.2491245062418101289986, 45.84453122660587370409879)])
    func edgeOfChaosMatchesIndependentComputation(name: String, biasVariance: Double, weightVariance: Double,
                                                  fixedPoint: Double) throws {
        let activation = try #require(NetworkActivation(rawValue: name))
        let edge = try #require(NetworkPhase.criticalWeightVariance(activation: activation, biasVariance: biasVariance))
        #expect(Swift.abs(edge - weightVariance) <= 1e-9 * weightVariance, "\(name) \(biasVariance): \(edge)")
        let phase = NetworkPhase(activation: activation, weightVariance: weightVariance, biasVariance: biasVariance)
        #expect(phase.name == .critical)
        #expect(Swift.abs((phase.fixedPointVariance ?? 0) - fixedPoint) <= 1e-9 * fixedPoint)
        #expect(NetworkPhase(activation: activation, weightVariance: weightVariance * 0.9, biasVariance: biasVariance).name == .ordered)
        #expect(NetworkPhase(activation: activation, weightVariance: weightVariance * 1.1, biasVariance: biasVariance).name == .chaotic)
    }

    /// The fixed point against iterating the variance map (sin and cos in closed form, gelu by
    /// quadrature), and chi from it.
    @Test(arguments: [("sin", 1.5, 0.1), ("cos", 0.8, 0.0), ("gelu", 1.2, 0.1), ("softplus", 0.5, 0.2)])
    func fixedPointMatchesIteratedMap(name: String, weightVariance: Double, biasVariance: Double) throws {
        let activation = try #require(NetworkActivation(rawValue: name))
        let phase = NetworkPhase(activation: activation, weightVariance: weightVariance, biasVariance: biasVariance)
        var q = 1.0
        for _ in 0..<2000 { q = weightVariance * NetworkPhase.squaredMeans(activation, variance: q).phi + biasVariance }
        let fixed = try #require(phase.fixedPointVariance)
        #expect(Swift.abs(fixed - q) <= 1e-10 * q, "\(name): \(fixed) against \(q)")
        #expect(Swift.abs(phase.chi - weightVariance * NetworkPhase.squaredMeans(activation, variance: q).derivative) <= 1e-9)
    }
}

@Suite struct FiniteInitStudyTests {
    /// The summary's spread and deviation against a two-pass computation written here from the
    /// runs' own kernels.
    @Test func summaryMatchesTwoPassStatistics() throws {
        let points = try PointSet.uniformOnSphere(count: 15, dimension: 3, seed: 2)
        let architecture = try NetworkArchitecture(activation: .relu, depth: 3, width: 32, weightVariance: 2, biasVariance: 0.1)
        let seeds: [UInt64] = [4, 5, 6]
        let (runs, summaries) = try FiniteInitStudy.run(points: points, architectures: [architecture], seeds: seeds)
        let kernels = try seeds.map { try architecture.network(inputDimension: 3, seed: $0).empiricalNTK(points) }
        let analytic = try architecture.kernel(.ntk)
        var mean = [[Double]](repeating: [Double](repeating: 0, count: 15), count: 15)
        for k in kernels { for i in 0..<15 { for j in 0..<15 { mean[i][j] += k[i, j] / 3 } } }
        var variance = 0.0, meanNorm = 0.0, deviation = 0.0, thetaNorm = 0.0
        for i in 0..<15 {
            for j in 0..<15 {
                let theta = analytic.value(points[point: i], points[point: j])
                for k in kernels { variance += (k[i, j] - mean[i][j]) * (k[i, j] - mean[i][j]) / 2 }
                meanNorm += mean[i][j] * mean[i][j]
                deviation += (mean[i][j] - theta) * (mean[i][j] - theta)
                thetaNorm += theta * theta
            }
        }
        let summary = try #require(summaries.first)
        #expect(runs.count == 3)
        #expect(abs(summary.relativeSpread! - (variance / meanNorm).squareRoot()) <= 1e-12)
        #expect(abs(summary.meanDeviation - (deviation / thetaNorm).squareRoot()) <= 1e-12)
        #expect(abs(summary.meanRelativeError - runs.map(\.relativeError).reduce(0, +) / 3) <= 1e-15)
        let single = try FiniteInitStudy.run(points: points, architectures: [architecture], seeds: [4])
        #expect(single.summaries[0].relativeSpread == nil)
        #expect(abs(single.summaries[0].meanDeviation - single.runs[0].relativeError) <= 1e-14)
    }

    /// The spread falls like m^{-1/2}: relu depth 3, 20 points, 8 seeds, m = 64 and 1024 (ratio
    /// 4 expected). Measured 0.351 and 0.0865 (ratio 4.06).
    @Test func spreadFallsWithWidth() throws {
        let points = try PointSet.uniformOnSphere(count: 20, dimension: 3, seed: 3)
        let grid = try NetworkArchitecture.grid(activation: .relu, depths: [3], widths: [64, 1024], variances: [(2, 0.1)])
        let (_, summaries) = try FiniteInitStudy.run(points: points, architectures: grid, seeds: Array(1...8))
        let spreads = summaries.map { $0.relativeSpread! }
        print("FiniteInitStudy spread (m = 64, 1024): \(spreads)")
        #expect(spreads[0] / spreads[1] > 2.5 && spreads[0] / spreads[1] < 6.5)
    }
}

@Suite struct NTKGradientFlowTests {
    static func setting() throws -> (NetworkKernel, PointSet, PointSet, [Double], [Double], [Double]) {
        let kernel = try NetworkKernel(kind: .ntk, depth: 3, biasVariance: 0.1)
        let train = try PointSet.uniformOnSphere(count: 25, dimension: 4, seed: 1)
        let test = try PointSet.uniformOnSphere(count: 7, dimension: 4, seed: 2)
        let y = (0..<25).map { cos(Double($0)) }
        let f0X = (0..<25).map { 0.3 * sin(Double($0 * 7)) }
        let f0T = (0..<7).map { 0.2 * cos(Double($0 * 3)) }
        return (kernel, train, test, y, f0X, f0T)
    }

    /// tau -> infinity: the training targets are interpolated and the test predictions are
    /// ridgeless kernel regression of y - f_0 (Cholesky, an independent path) plus f_0.
    @Test func longTimeIsRidgelessRegression() throws {
        let (kernel, train, test, y, f0X, f0T) = try Self.setting()
        let flow = try NTKGradientFlow(kernel: kernel, train: train, test: test)
        let (trainPrediction, testPrediction) = flow.predictions(time: 1e13, targets: y, initialTrain: f0X, initialTest: f0T)
        for i in 0..<25 { #expect(abs(trainPrediction[i] - y[i]) <= 1e-8) }
        let gram = SymmetricMatrix(order: 25) { kernel.value(train[point: $0], train[point: $1]) }
        let alpha = try KernelRidge.solve(gram: gram, targets: zip(y, f0X).map { $0 - $1 }, outputs: 1, ridge: 0).coefficients
        for t in 0..<7 {
            var expected = f0T[t]
            for j in 0..<25 { expected += kernel.value(test[point: t], train[point: j]) * alpha[j] }
            #expect(abs(testPrediction[t] - expected) <= 1e-8 * max(1, abs(expected)), "test point \(t)")
        }
    }

    /// Small tau: f(X, tau) = f_0 + (tau/n) Theta (y - f_0) + O(tau^2), checked at tau = 1e-6.
    @Test func shortTimeIsOneGradientStep() throws {
        let (kernel, train, test, y, f0X, f0T) = try Self.setting()
        let flow = try NTKGradientFlow(kernel: kernel, train: train, test: test)
        let tau = 1e-6
        let (trainPrediction, testPrediction) = flow.predictions(time: tau, targets: y, initialTrain: f0X, initialTest: f0T)
        for i in 0..<25 {
            var step = 0.0
            for j in 0..<25 { step += kernel.value(train[point: i], train[point: j]) * (y[j] - f0X[j]) }
            #expect(abs(trainPrediction[i] - (f0X[i] + tau / 25 * step)) <= 1e-12)
        }
        for t in 0..<7 {
            var step = 0.0
            for j in 0..<25 { step += kernel.value(test[point: t], train[point: j]) * (y[j] - f0X[j]) }
            #expect(abs(testPrediction[t] - (f0T[t] + tau / 25 * step)) <= 1e-12)
        }
    }
}
