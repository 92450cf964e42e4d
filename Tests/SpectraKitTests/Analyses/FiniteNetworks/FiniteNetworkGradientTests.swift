import Foundation
import Testing
@testable import SpectraKit

@Suite struct FiniteNetworkGradientTests {
    /// dL/dtheta against central differences of L (step 1e-5) on tiny networks, every parameter.
    @Test(arguments: [("relu", 3, 0.1, 0.0), ("erf", 4, 0.3, 0.0), ("relu", 3, 0.2, 0.7), ("sigmoid", 3, 0.1, 0.0),
                      ("gelu", 4, 0.3, 0.2), ("leaky_relu", 3, 0.1, 0.0), ("tanh", 3, 0.0, 0.0), ("cos", 3, 0.1, 0.0)])
    func lossGradientAgreesWithFiniteDifferences(activation: String, depth: Int, biasVariance: Double, beta: Double) throws {
        let points = try PointSet.uniformOnSphere(count: 5, dimension: 3, seed: 4)
        let targets = [0.3, -1.2, 0.8, 0.1, -0.4]
        var network = try FiniteNetwork(activation: NetworkKernel.Activation(rawValue: activation)!, depth: depth, width: 6,
                                        inputDimension: 3, weightVariance: 1.6, biasVariance: biasVariance, beta: beta, seed: 8)
        // e^l starts at zero; move it so that its gradient is tested away from the start.
        var p0 = network.parameters
        for layer in network.layers { for j in 0..<layer.fanOut { p0[layer.betaBiases + j] = 0.1 * Double(j % 3) } }
        try network.setParameters(p0)
        let (loss, gradient, _) = try network.lossGradient(points, targets: targets)
        func lossAt(_ p: [Double]) throws -> Double {
            var probe = network
            try probe.setParameters(p)
            let f = try probe.outputs(points)
            return zip(f, targets).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / (2 * Double(points.count))
        }
        #expect(abs(try lossAt(p0) - loss) <= 1e-14 * loss)
        var worst = 0.0, scale = 0.0
        for k in 0..<p0.count {
            var p = p0
            p[k] += 1e-5
            let plus = try lossAt(p)
            p[k] = p0[k] - 1e-5
            let minus = try lossAt(p)
            worst = max(worst, abs((plus - minus) / 2e-5 - gradient[k]))
            scale = max(scale, abs(gradient[k]))
        }
        print("FiniteNetwork gradient FD \(activation) depth \(depth) beta \(beta): max error \(worst / scale) of max |g|")
        #expect(worst <= 1e-7 * scale)
    }

    /// Two code paths, one identity: with r = f - y and the gradient g = J^T r / n,
    /// ||g||^2 = r^T Theta_hat r / n^2 (the dgemm gradient against the dsyrk-Hadamard kernel).
    @Test(arguments: ["relu", "erf", "sigmoid", "silu", "abs"])
    func gradientNormMatchesKernelQuadraticForm(activation: String) throws {
        let points = try PointSet.uniformOnSphere(count: 30, dimension: 5, seed: 2)
        let targets = (0..<30).map { sin(Double($0)) }
        let network = try FiniteNetwork(activation: NetworkKernel.Activation(rawValue: activation)!, depth: 4, width: 40,
                                        inputDimension: 5, biasVariance: 0.1, seed: 3)
        let (_, gradient, outputs) = try network.lossGradient(points, targets: targets)
        let theta = try network.empiricalNTK(points)
        let r = zip(outputs, targets).map { ($0 - $1) / 30 }
        var quadratic = 0.0
        for i in 0..<30 { for j in 0..<30 { quadratic += r[i] * theta[i, j] * r[j] } }
        let norm = gradient.reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - quadratic) <= 1e-12 * quadratic)
    }

    /// A bias-free ReLU network is positively homogeneous in each weight matrix, so changing
    /// weight_var (and input_var with it) rescales Theta_hat by (prod of the layers' scale
    /// factors)^2 exactly: the same draw at weight_var 1.5 and 2.5 gives Theta_hat in the ratio
    /// (2.5 / 1.5)^D. (Why bias-free ReLU "phases" differ only by scale.)
    @Test func biasFreeReLUKernelScalesExactlyWithWeightVariance() throws {
        let points = try PointSet.uniformOnSphere(count: 12, dimension: 3, seed: 5)
        let a = try FiniteNetwork(depth: 4, width: 32, inputDimension: 3, weightVariance: 1.5, seed: 6).empiricalNTK(points)
        let b = try FiniteNetwork(depth: 4, width: 32, inputDimension: 3, weightVariance: 2.5, seed: 6).empiricalNTK(points)
        let ratio = pow(2.5 / 1.5, 4)
        for i in 0..<12 { for j in i..<12 { #expect(abs(b[i, j] - ratio * a[i, j]) <= 1e-13 * abs(ratio * a[i, j])) } }
    }

    @Test func rejectsTargetsOfTheWrongLength() throws {
        let network = try FiniteNetwork(depth: 2, width: 4, inputDimension: 3, seed: 1)
        let points = try PointSet.uniformOnSphere(count: 3, dimension: 3, seed: 1)
        #expect(throws: FiniteNetworkError.targetCountMismatch(points: 3, targets: 2)) {
            try network.lossGradient(points, targets: [1, 2])
        }
    }
}
