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
        switch activation {
        case .relu:
            chi = sw2 / 2
            fixedPointVariance = nil
        case .erf:
            let q = NetworkPhase.erfFixedPoint(weightVariance: sw2, biasVariance: sb2)
            chi = sw2 * 4 / Double.pi / (1 + 4 * q).squareRoot()
            fixedPointVariance = q
        }
        if abs(chi - 1) <= NetworkPhase.criticalTolerance { name = .critical } else { name = chi < 1 ? .ordered : .chaotic }
    }

    /// The stable fixed point of q -> sw2 (2/pi) asin(2q/(1+2q)) + sb2: the largest root of
    /// g(q) = sw2 (2/pi) asin(2q/(1+2q)) + sb2 - q, which lies in (0, sw2 + sb2] (asin < pi/2), by
    /// bisection in log q. With sb2 = 0 and 4 sw2 / pi <= 1 it is q* = 0.
    static func erfFixedPoint(weightVariance sw2: Double, biasVariance sb2: Double) -> Double {
        func g(_ q: Double) -> Double { sw2 * 2 / Double.pi * asin(2 * q / (1 + 2 * q)) + sb2 - q }
        if sb2 == 0, 4 * sw2 / Double.pi <= 1 { return 0 }
        var lo = log(Double.leastNormalMagnitude), hi = log(sw2 + sb2)
        if g(exp(hi)) >= 0 { return exp(hi) }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if g(exp(mid)) > 0 { lo = mid } else { hi = mid }
        }
        return exp((lo + hi) / 2)
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
