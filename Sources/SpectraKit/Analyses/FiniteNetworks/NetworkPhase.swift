import Foundation

/// Where an initialisation (activation, weight_var, bias_var) lies in the mean-field phase
/// diagram (docs/finite-networks.md): chi_1 = sw2 E[phi'(u)^2], u ~ N(0, q*), is the factor by which a
/// back-propagated gradient's squared norm changes per layer once the forward variance has
/// reached its fixed point q* = sw2 E[phi(sqrt(q*) z)^2] + sb2. chi_1 < 1: ordered (gradients
/// vanish with depth); chi_1 = 1: critical (edge of chaos); chi_1 > 1: chaotic (they explode).
///
/// ReLU: chi_1 = sw2 / 2 whatever q* (ReLU is positively homogeneous), so sw2 = 2 is critical
/// with any bias. Without a bias the ReLU phases differ only by an overall scale of the network
/// and of its empirical NTK (a test shows the exact rescaling); relative measures such as the
/// spread of Theta_hat then coincide across phases. erf: E[erf(sqrt(q) z)^2] =
/// (2/pi) asin(2q / (1 + 2q)) and E[erf'(sqrt(q) z)^2] = (4/pi) / sqrt(1 + 4q).
public struct NetworkPhase: Sendable, Equatable {
    public enum Name: String, Sendable, CaseIterable {
        case ordered, critical, chaotic
    }

    public let chi: Double
    /// The fixed point of the forward variance; nil for ReLU (there is none unless sw2 < 2, and chi
    /// does not need it).
    public let fixedPointVariance: Double?
    public let name: Name

    /// |chi_1 - 1| below this is the edge of chaos (the critical points given in decimal, such as
    /// erf's sw2 = pi/4 = 0.7853981633974483, land within a few ulps of 1).
    public static let criticalTolerance = 1e-9

    public init(activation: NetworkKernel.Activation, weightVariance sw2: Double, biasVariance sb2: Double) {
        switch activation.name {
        case .relu, .leakyReLU, .abrelu, .abs, .identity:
            // Positively homogeneous: E[phi'(u)^2] = (a^2 + b^2)/2 whatever the variance.
            chi = sw2 * NetworkPhase.homogeneousGain(activation)
            fixedPointVariance = nil
        case .erf:
            let q = NetworkPhase.fixedPoint(activation, weightVariance: sw2, biasVariance: sb2) ?? 0
            chi = sw2 * 4 / Double.pi / (1 + 4 * q).squareRoot()
            fixedPointVariance = q
        default:
            if let q = NetworkPhase.fixedPoint(activation, weightVariance: sw2, biasVariance: sb2) {
                chi = sw2 * NetworkPhase.squaredMeans(activation, variance: q).derivative
                fixedPointVariance = q
            } else {
                // The variance grows without bound (gelu, silu, softplus with large sw2):
                // E[phi'(u)^2] tends to 1/2 as in ReLU.
                chi = sw2 / 2
                fixedPointVariance = nil
            }
        }
        if abs(chi - 1) <= NetworkPhase.criticalTolerance { name = .critical } else { name = chi < 1 ? .ordered : .chaotic }
    }

    /// (a^2 + b^2)/2 = E[phi'(u)^2] of a piecewise-linear activation.
    static func homogeneousGain(_ activation: NetworkActivation) -> Double {
        (activation.negativeSlope * activation.negativeSlope + activation.positiveSlope * activation.positiveSlope) / 2
    }

    /// (E[phi(sqrt(q) z)^2], E[phi'(sqrt(q) z)^2]) in Double: closed forms for sin and cos
    /// ((1 -+ e^{-2q})/2), the quadrature of `SmoothExpectations` for the others.
    static func squaredMeans(_ activation: NetworkActivation, variance q: Double) -> (phi: Double, derivative: Double) {
        switch activation.name {
        case .sin, .cos:
            let e = Foundation.exp(-2 * q)
            let sinSquared = -Foundation.expm1(-2 * q) / 2, cosSquared = (1 + e) / 2
            return activation.name == .sin ? (sinSquared, cosSquared) : (cosSquared, sinSquared)
        case .erf:
            return (2 / Double.pi * asin(2 * q / (1 + 2 * q)), 4 / Double.pi / (1 + 4 * q).squareRoot())
        default:
            if activation.isPiecewiseLinear { return (homogeneousGain(activation) * q, homogeneousGain(activation)) }
            return SmoothExpectations.squaredMeans(activation.name, variance: q)
        }
    }

    /// The largest variance searched for a fixed point of an unbounded activation.
    static let largestFixedPoint = 1e4

    /// The stable fixed point q* of q -> sw2 E[phi(sqrt(q) z)^2] + sb2: the largest root of
    /// g(q) = sw2 E[phi^2] + sb2 - q. Found by walking down from an upper bound (sw2 + sb2 for
    /// bounded phi; doubling up to `largestFixedPoint` for the others) by factors of 2 until
    /// g > 0, then bisecting in log q. 0 when g <= 0 down to 1e-30 (phi(0) = 0, sw2 phi'(0)^2 <= 1,
    /// sb2 = 0); nil when the variance grows past `largestFixedPoint`.
    static func fixedPoint(_ activation: NetworkActivation, weightVariance sw2: Double, biasVariance sb2: Double) -> Double? {
        func g(_ q: Double) -> Double { sw2 * squaredMeans(activation, variance: q).phi + sb2 - q }
        var upper = sw2 + sb2
        let bounded = [.sigmoid, .tanh, .sin, .cos, .erf].contains(activation.name)
        if !bounded {
            upper = Swift.max(upper, 1)
            while g(upper) > 0 {
                upper *= 2
                if upper > largestFixedPoint { return nil }
            }
        }
        if g(upper) >= 0 { return upper }
        var hi = upper, lo = upper / 2
        while g(lo) <= 0 {
            hi = lo
            lo /= 2
            if lo < 1e-30 { return 0 }
        }
        var a = log(lo), b = log(hi)
        for _ in 0..<80 {
            let mid = (a + b) / 2
            if g(exp(mid)) > 0 { a = mid } else { b = mid }
        }
        return exp((a + b) / 2)
    }

    /// The edge of chaos: the weight variance sw2 at which chi_1 = 1 for the given bias
    /// variance, by bisection in log sw2 (chi_1 grows with sw2). Piecewise-linear activations:
    /// 2 / (a^2 + b^2) (ReLU: 2) whatever sb2. Nil when chi_1 does not cross 1 for sw2 in
    /// [1e-6, 1e6].
    public static func criticalWeightVariance(activation: NetworkActivation, biasVariance sb2: Double) -> Double? {
        if activation.isPiecewiseLinear { return 1 / homogeneousGain(activation) }
        func chi(_ sw2: Double) -> Double { NetworkPhase(activation: activation, weightVariance: sw2, biasVariance: sb2).chi }
        var lo = 1.0, hi = 1.0
        while chi(lo) >= 1 {
            lo /= 2
            if lo < 1e-6 { return nil }
        }
        while chi(hi) < 1 {
            hi *= 2
            if hi > 1e6 { return nil }
        }
        if lo == hi { lo = hi / 2 }
        var a = log(lo), b = log(hi)
        for _ in 0..<60 {
            let mid = (a + b) / 2
            if chi(exp(mid)) < 1 { a = mid } else { b = mid }
        }
        return exp((a + b) / 2)
    }
}

/// One network shape of a finite-width sweep: activation, depth (weight layers), hidden width
/// and the variances of the deep layers (input_var = weight_var, beta = 0, as in the
/// defaults).
public struct NetworkArchitecture: Sendable, Hashable {
    public let activation: NetworkKernel.Activation
    public let depth: Int
    public let width: Int
    public let weightVariance: Double
    public let biasVariance: Double

    /// Checks the ranges once (those of the analytic kernel, plus width >= 1).
    public init(activation: NetworkKernel.Activation, depth: Int, width: Int, weightVariance: Double,
                biasVariance: Double) throws(FiniteNetworkError)
    {
        guard width >= 1 else { throw .invalidWidth(width) }
        self.activation = activation
        self.depth = depth
        self.width = width
        self.weightVariance = weightVariance
        self.biasVariance = biasVariance
        _ = try kernel(.ntk)
    }

    public var phase: NetworkPhase {
        NetworkPhase(activation: activation, weightVariance: weightVariance, biasVariance: biasVariance)
    }

    /// The infinite-width kernel of this architecture.
    public func kernel(_ kind: NetworkKernel.Kind) throws(FiniteNetworkError) -> NetworkKernel {
        do {
            return try NetworkKernel(kind: kind, activation: activation, depth: depth, weightVariance: weightVariance,
                                     biasVariance: biasVariance)
        } catch {
            throw .invalidKernel(error)
        }
    }

    public func network(inputDimension: Int, seed: UInt64) throws(FiniteNetworkError) -> FiniteNetwork {
        try FiniteNetwork(kernel: try kernel(.ntk), width: width, inputDimension: inputDimension, seed: seed)
    }

    /// Every combination: variances outermost, then depth, then width (the order of the rows).
    public static func grid(activation: NetworkKernel.Activation, depths: [Int], widths: [Int],
                            variances: [(weight: Double, bias: Double)]) throws(FiniteNetworkError) -> [NetworkArchitecture]
    {
        var result: [NetworkArchitecture] = []
        for v in variances {
            for depth in depths {
                for width in widths {
                    result.append(try NetworkArchitecture(activation: activation, depth: depth, width: width,
                                                          weightVariance: v.weight, biasVariance: v.bias))
                }
            }
        }
        return result
    }
}
