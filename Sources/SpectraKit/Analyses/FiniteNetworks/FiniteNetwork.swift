import CLapack
import Foundation

/// Bad parameters or inputs for a `FiniteNetwork`.
public enum FiniteNetworkError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidDepth(Int)
    case invalidWidth(Int)
    case invalidInputDimension(Int)
    /// The analytic kernel has `normalize=true`, which no network realises.
    case normalizedKernel
    /// The points have `actual` coordinates, the network takes `expected`.
    case dimensionMismatch(expected: Int, actual: Int)
    /// The parameter vector handed in has the wrong length.
    case parameterCountMismatch(expected: Int, actual: Int)
    /// The targets handed in do not match the points one to one.
    case targetCountMismatch(points: Int, targets: Int)
    /// The analytic kernel refuses the parameters (depth, variances, beta): the ranges of docs/kernels.md#network-kernels.
    case invalidKernel(KernelSpecError)
    /// The analytic kernel's Gram matrix on the points could not be formed.
    case analyticGram(EmpiricalSpectrumError)
    case linearAlgebra(LinearAlgebraError)

    public var description: String {
        switch self {
        case let .invalidDepth(d): return "depth = \(d): a network needs at least 2 weight layers"
        case let .invalidWidth(m): return "width = \(m): the hidden width must be at least 1"
        case let .invalidInputDimension(d): return "input dimension = \(d): must be at least 1"
        case .normalizedKernel: return "a normalised kernel (normalize=true) has no finite network"
        case let .dimensionMismatch(expected, actual):
            return "the points have \(actual) coordinates, the network takes \(expected)"
        case let .parameterCountMismatch(expected, actual):
            return "\(actual) parameters given, the network has \(expected)"
        case let .targetCountMismatch(points, targets):
            return "\(targets) targets given for \(points) points"
        case let .invalidKernel(error): return error.description
        case let .analyticGram(error): return error.description
        case let .linearAlgebra(error): return error.description
        }
    }
}

/// A fully-connected network with scalar output in the NTK parameterisation of docs/kernels.md and docs/finite-networks.md:
/// `depth` = D weight layers, `width` = m units in each of the D - 1 hidden layers,
///
///   h^1     = sqrt(input_var) W^0 x + sqrt(sb2) b^0 + beta e^0            (m units)
///   h^{l+1} = sqrt(sw2 / m) W^l phi(h^l) + sqrt(sb2) b^l + beta e^l      (l = 1 .. D-1)
///   f(x)    = h^D                                                      (1 unit)
///
/// with W^l, b^l independent standard Gaussians drawn from a seeded `Xoshiro256StarStar`
/// and e^l (the bias multiplied by `beta`, docs/kernels.md) initialised to zero. The first layer has
/// no 1/sqrt(d): it is neural-tangents' `Dense(W_std = sqrt(input_var))` applied to sqrt(d) x,
/// so that as m -> infinity E[h^1(x) h^1(y)] = input_var <x, y> + sb2 (S^1 of docs/kernels.md#the-layer-recursion, also off
/// the sphere) and the empirical NTK tends to `analyticKernel(.ntk)`.
///
/// Parameters are one flat vector, layer by layer: W^l (row-major, out x in), then b^l, then e^l.
/// They are drawn in that order (pairs of `nextGaussianPair`, carried across arrays), so the same
/// seed gives the same network bit for bit on every machine (the outputs themselves go through
/// BLAS and may differ in the last bits between BLAS builds).
public struct FiniteNetwork: Sendable {
    public let activation: NetworkKernel.Activation
    public let depth: Int
    public let width: Int
    public let inputDimension: Int
    public let weightVariance: Double
    public let biasVariance: Double
    public let inputVariance: Double
    public let beta: Double
    public let seed: UInt64
    /// All parameters, layer by layer (see the type's documentation).
    public var parameters: [Double] { storage }
    private var storage: [Double]

    /// Replaces the parameters (a training step, a finite-difference probe); the count must
    /// stay `parameterCount`, else `parameterCountMismatch` and nothing changes.
    public mutating func setParameters(_ values: [Double]) throws(FiniteNetworkError) {
        guard values.count == storage.count else {
            throw .parameterCountMismatch(expected: storage.count, actual: values.count)
        }
        storage = values
    }

    /// One gradient-descent step in place: theta <- theta - stepSize * gradient (daxpy; no copy of
    /// the parameters). The gradient must have `parameterCount` entries.
    public mutating func descend(along gradient: [Double], stepSize: Double) throws(FiniteNetworkError) {
        guard gradient.count == storage.count else {
            throw .parameterCountMismatch(expected: storage.count, actual: gradient.count)
        }
        let count = Int32(storage.count)
        storage.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in cblas_daxpy(count, -stepSize, g.baseAddress, 1, p.baseAddress, 1) }
        }
    }

    /// Offsets into `parameters` of layer l's W, b and e, and its fan-in / fan-out.
    struct Layer: Sendable {
        let fanIn: Int
        let fanOut: Int
        let weights: Int
        let biases: Int
        let betaBiases: Int
        /// The factor in front of W^l x^l.
        let scale: Double
    }
    let layers: [Layer]

    public var parameterCount: Int { storage.count }

    /// Checks depth, then the variances through the analytic kernel (the ranges of docs/kernels.md#network-kernels, and a
    /// finite kappa(1)), then width and input dimension.
    public init(activation: NetworkKernel.Activation = .relu, depth: Int, width: Int, inputDimension: Int,
                weightVariance: Double = 2, biasVariance: Double = 0, inputVariance: Double? = nil,
                beta: Double = 0, seed: UInt64) throws(FiniteNetworkError)
    {
        guard depth >= 2 else { throw .invalidDepth(depth) }
        let kernel: NetworkKernel
        do {
            kernel = try NetworkKernel(kind: .ntk, activation: activation, depth: depth, weightVariance: weightVariance,
                                       biasVariance: biasVariance, inputVariance: inputVariance, beta: beta)
        } catch {
            throw .invalidKernel(error)
        }
        try self.init(kernel: kernel, width: width, inputDimension: inputDimension, seed: seed)
    }

    /// The network whose infinite-width limit is `kernel` (its activation, depth and variances;
    /// either kind, NTK or NNGP, names the same network). Throws for `normalize=true`.
    public init(kernel: NetworkKernel, width: Int, inputDimension: Int, seed: UInt64) throws(FiniteNetworkError) {
        guard !kernel.normalize else { throw .normalizedKernel }
        guard width >= 1 else { throw .invalidWidth(width) }
        guard inputDimension >= 1 else { throw .invalidInputDimension(inputDimension) }
        self.activation = kernel.activation
        self.depth = kernel.depth
        self.width = width
        self.inputDimension = inputDimension
        self.weightVariance = kernel.weightVariance
        self.biasVariance = kernel.biasVariance
        self.inputVariance = kernel.inputVariance
        self.beta = kernel.beta
        self.seed = seed

        var layers: [Layer] = []
        var offset = 0
        for l in 0..<depth {
            let fanIn = l == 0 ? inputDimension : width
            let fanOut = l == depth - 1 ? 1 : width
            let scale = l == 0 ? inputVariance.squareRoot() : (weightVariance / Double(width)).squareRoot()
            let layer = Layer(fanIn: fanIn, fanOut: fanOut, weights: offset, biases: offset + fanIn * fanOut,
                              betaBiases: offset + fanIn * fanOut + fanOut, scale: scale)
            layers.append(layer)
            offset += fanIn * fanOut + 2 * fanOut
        }
        self.layers = layers
        var parameters = [Double](repeating: 0, count: offset)
        var rng = Xoshiro256StarStar(seed: seed)
        var spare: Double? = nil
        func gaussian() -> Double {
            if let s = spare { spare = nil; return s }
            let (a, b) = rng.nextGaussianPair()
            spare = b
            return a
        }
        for layer in layers {
            for k in layer.weights..<layer.betaBiases { parameters[k] = gaussian() }
        }
        self.storage = parameters
    }

    /// The analytic kernel (docs/kernels.md) of this network's infinite-width limit.
    public func analyticKernel(_ kind: NetworkKernel.Kind = .ntk) throws(KernelSpecError) -> NetworkKernel {
        try NetworkKernel(kind: kind, activation: activation, depth: depth, weightVariance: weightVariance,
                          biasVariance: biasVariance, inputVariance: inputVariance, beta: beta)
    }

    // MARK: Forward and backward

    @inline(__always)
    func phi(_ u: Double) -> Double { activation.phi(u) }

    /// phi'(u); at a kink the slope for u < 0 (ReLU'(0) = 0).
    @inline(__always)
    func phiPrime(_ u: Double) -> Double { activation.phiPrime(u) }

    func checkedPoints(_ points: PointSet) throws(FiniteNetworkError) -> (Int32, [Double]) {
        guard points.dimension == inputDimension else {
            throw .dimensionMismatch(expected: inputDimension, actual: points.dimension)
        }
        do { return (try lapackInt(points.count, "point count"), points.coordinates) }
        catch { throw .linearAlgebra(error) }
    }

    /// H = scale * X W^T + sqrt(sb2) b + beta e for the n points in the rows of X (row-major n x in),
    /// row-major n x out.
    func preActivations(_ layer: Layer, input x: [Double], count n: Int32) -> [Double] {
        let out = layer.fanOut, k = layer.fanIn
        let rows = Int(n)
        let sb = biasVariance.squareRoot()
        return [Double](unsafeUninitializedCapacity: rows * out) { h, initialized in
            storage.withUnsafeBufferPointer { p in
                // Row i of H starts as the bias vector, then dgemm adds scale * X W^T (beta = 1).
                for j in 0..<out {
                    let bias = sb * p[layer.biases + j] + beta * p[layer.betaBiases + j]
                    for i in 0..<rows { h[i * out + j] = bias }
                }
                x.withUnsafeBufferPointer { xb in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, Int32(out), Int32(k), layer.scale,
                                xb.baseAddress, Int32(k), p.baseAddress! + layer.weights, Int32(k), 1.0,
                                h.baseAddress, Int32(out))
                }
            }
            initialized = rows * out
        }
    }

    /// f(x_i) for every point.
    public func outputs(_ points: PointSet) throws(FiniteNetworkError) -> [Double] {
        var (n, x) = try checkedPoints(points)
        for (l, layer) in layers.enumerated() {
            let h = preActivations(layer, input: x, count: n)
            x = l == depth - 1 ? h : h.map(phi)
        }
        return x
    }
}
