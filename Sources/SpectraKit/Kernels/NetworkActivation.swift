import Foundation

/// The activation phi of a network kernel or a finite network (docs/kernels.md#activations), with
/// the parameters of the piecewise-linear family: `leaky_relu` max(x, slope x) and `abrelu`
/// a min(x, 0) + b max(x, 0).
///
/// Every piecewise-linear activation (relu, leaky_relu, abrelu, abs, identity) is
/// phi(x) = a min(x, 0) + b max(x, 0) = alpha x + beta |x| with alpha = (a + b)/2 and
/// beta = (b - a)/2; `negativeSlope` and `positiveSlope` are a and b.
public struct NetworkActivation: Sendable, Hashable, CustomStringConvertible {
    public enum Name: String, Sendable, Hashable, CaseIterable {
        case relu, erf, sigmoid, tanh, gelu, silu, softplus
        case leakyReLU = "leaky_relu"
        case abrelu, abs, sin, cos, identity
    }

    public let name: Name
    /// a: the slope for x < 0 (piecewise-linear activations; 0 for the others).
    public let negativeSlope: Double
    /// b: the slope for x > 0 (piecewise-linear activations; 0 for the others).
    public let positiveSlope: Double

    private init(_ name: Name, _ a: Double = 0, _ b: Double = 0) {
        self.name = name
        self.negativeSlope = a
        self.positiveSlope = b
    }

    public static let relu = NetworkActivation(.relu, 0, 1)
    public static let erf = NetworkActivation(.erf)
    public static let sigmoid = NetworkActivation(.sigmoid)
    public static let tanh = NetworkActivation(.tanh)
    public static let gelu = NetworkActivation(.gelu)
    public static let silu = NetworkActivation(.silu)
    public static let softplus = NetworkActivation(.softplus)
    public static let abs = NetworkActivation(.abs, -1, 1)
    public static let sin = NetworkActivation(.sin)
    public static let cos = NetworkActivation(.cos)
    public static let identity = NetworkActivation(.identity, 1, 1)

    /// The slope of `leaky_relu` when none is given (PyTorch's default).
    public static let defaultSlope = 0.01

    /// max(x, slope x) for slope in [0, 1] (= abrelu with a = slope, b = 1).
    public static func leakyReLU(slope: Double, kernel: String = "activation") throws(KernelSpecError) -> NetworkActivation {
        guard slope.isFinite else { throw .notFinite(kernel: kernel, key: "slope", value: KernelParameter.format(slope)) }
        guard slope >= 0, slope <= 1 else {
            throw .outOfRange(kernel: kernel, key: "slope", value: KernelParameter.format(slope),
                              requirement: "in [0, 1] (leaky_relu is max(x, slope x); other slopes: activation=abrelu)")
        }
        return NetworkActivation(.leakyReLU, slope, 1)
    }

    /// a min(x, 0) + b max(x, 0), a and b finite and not both zero.
    public static func abReLU(a: Double, b: Double, kernel: String = "activation") throws(KernelSpecError) -> NetworkActivation {
        for (key, value) in [("a", a), ("b", b)] where !value.isFinite {
            throw .notFinite(kernel: kernel, key: key, value: KernelParameter.format(value))
        }
        guard a != 0 || b != 0 else {
            throw .outOfRange(kernel: kernel, key: "a", value: "0",
                              requirement: "non-zero when b = 0 (phi = 0 has no kernel)")
        }
        return NetworkActivation(.abrelu, a, b)
    }

    /// The activation `name` with its default parameters (leaky_relu: slope 0.01; abrelu:
    /// a = 0, b = 1), nil for an unknown name.
    public init?(rawValue: String) {
        guard let name = Name(rawValue: rawValue) else { return nil }
        switch name {
        case .relu: self = .relu
        case .leakyReLU: self.init(.leakyReLU, NetworkActivation.defaultSlope, 1)
        case .abrelu: self.init(.abrelu, 0, 1)
        case .abs: self = .abs
        case .identity: self = .identity
        default: self.init(name)
        }
    }

    /// `NAME` or `NAME:key=value,...` (leaky_relu:slope=0.1, abrelu:a=-0.5,b=1), as the
    /// `--activation` options take it. Unknown names are refused with the list of names.
    public init(parsing text: String) throws(KernelSpecError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let nameText = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
        guard let name = Name(rawValue: nameText) else {
            throw .notAllowed(kernel: "activation", key: "activation", value: String(parts[0]),
                              allowed: Name.allCases.map(\.rawValue))
        }
        var values: [String: String] = [:]
        if parts.count == 2 {
            for item in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
                let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2 else { throw .malformedParameter(kernel: nameText, item: String(item)) }
                let key = kv[0].trimmingCharacters(in: .whitespaces).lowercased()
                guard NetworkActivation.keys(of: name).contains(key) else {
                    throw .unknownKey(kernel: nameText, key: key, allowed: NetworkActivation.keys(of: name))
                }
                guard values[key] == nil else { throw .duplicateKey(kernel: nameText, key: key) }
                values[key] = kv[1].trimmingCharacters(in: .whitespaces)
            }
        }
        self = try NetworkActivation.make(name, reader: ParameterReader(kernel: nameText, values: values))
    }

    /// The parameter keys an activation takes.
    public static func keys(of name: Name) -> [String] {
        switch name {
        case .leakyReLU: return ["slope"]
        case .abrelu: return ["a", "b"]
        default: return []
        }
    }

    /// The activation `name` with its parameters read from `reader` (defaults where absent).
    static func make(_ name: Name, reader: ParameterReader) throws(KernelSpecError) -> NetworkActivation {
        switch name {
        case .leakyReLU:
            return try .leakyReLU(slope: try reader.real("slope", default: defaultSlope), kernel: reader.kernel)
        case .abrelu:
            return try .abReLU(a: try reader.real("a", default: 0), b: try reader.real("b", default: 1), kernel: reader.kernel)
        default:
            // Name(rawValue:) of a valid name always succeeds.
            return NetworkActivation(rawValue: name.rawValue) ?? .relu
        }
    }

    /// The name alone.
    public var rawValue: String { name.rawValue }

    /// The parameters this activation takes, for a canonical spec (empty for most).
    public var parameters: [KernelParameter] {
        switch name {
        case .leakyReLU: return [KernelParameter("slope", .real(negativeSlope))]
        case .abrelu: return [KernelParameter("a", .real(negativeSlope)), KernelParameter("b", .real(positiveSlope))]
        default: return []
        }
    }

    /// `NAME` or `NAME:key=value,...`, which `init(parsing:)` reads back.
    public var description: String {
        let p = parameters
        return p.isEmpty ? rawValue : rawValue + ":" + p.map(\.description).joined(separator: ",")
    }

    // MARK: Structure

    /// The piecewise-linear family: phi(x) = alpha x + beta |x| (relu, leaky_relu, abrelu, abs, identity).
    public var isPiecewiseLinear: Bool {
        switch name {
        case .relu, .leakyReLU, .abrelu, .abs, .identity: return true
        default: return false
        }
    }

    /// alpha = (a + b)/2 and beta = (b - a)/2 of the piecewise-linear family.
    var linearAndAbsoluteParts: (alpha: Double, beta: Double) {
        ((negativeSlope + positiveSlope) / 2, (positiveSlope - negativeSlope) / 2)
    }

    /// phi is linear: identity, and abrelu or leaky_relu with a = b (the kernel is then a
    /// polynomial of degree 1 in t).
    public var isLinear: Bool { isPiecewiseLinear && negativeSlope == positiveSlope }

    /// How phi splits into even and odd parts, which decides the exact zeros of bias-free kernels
    /// (docs/decay.md#exact-zeros).
    public enum Symmetry: Sendable, Hashable {
        /// phi(-x) = -phi(x): erf, tanh, sin, identity.
        case odd
        /// phi(-x) = phi(x): abs, cos, abrelu with a = -b.
        case even
        /// phi = (linear) + (even): relu, leaky_relu, abrelu, gelu, silu, softplus.
        case linearPlusEven
        /// phi = (constant) + (odd): sigmoid = 1/2 + tanh(x/2)/2.
        case constantPlusOdd
    }

    public var symmetry: Symmetry {
        switch name {
        case .erf, .tanh, .sin, .identity: return .odd
        case .cos: return .even
        case .sigmoid: return .constantPlusOdd
        case .gelu, .silu, .softplus: return .linearPlusEven
        case .relu, .leakyReLU, .abrelu, .abs:
            let (alpha, beta) = linearAndAbsoluteParts
            if beta == 0 { return .odd }
            return alpha == 0 ? .even : .linearPlusEven
        }
    }

    /// phi is analytic on the real line (its kernels have analytic profiles).
    public var isSmooth: Bool { !isPiecewiseLinear || isLinear }

    /// The Gaussian expectations have no closed form and are computed by quadrature
    /// (`SmoothExpectations`): sigmoid, tanh, gelu, silu, softplus.
    public var needsQuadrature: Bool {
        switch name {
        case .sigmoid, .tanh, .gelu, .silu, .softplus: return true
        default: return false
        }
    }

    // MARK: Evaluation in Double (finite networks)

    /// phi(u) in Double, to a few ulps.
    @inline(__always)
    public func phi(_ u: Double) -> Double {
        switch name {
        case .relu: return u > 0 ? u : 0
        case .leakyReLU, .abrelu, .abs, .identity: return u > 0 ? positiveSlope * u : negativeSlope * u
        case .erf: return Foundation.erf(u)
        case .sigmoid: return NetworkActivation.logistic(u)
        case .tanh: return Foundation.tanh(u)
        case .gelu: return u * 0.5 * Foundation.erfc(-u / 2.0.squareRoot())
        case .silu: return u * NetworkActivation.logistic(u)
        case .softplus: return Swift.max(u, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(u)))
        case .sin: return Foundation.sin(u)
        case .cos: return Foundation.cos(u)
        }
    }

    /// phi'(u) in Double; at the kink of a piecewise-linear activation the slope for x < 0
    /// (ReLU'(0) = 0).
    @inline(__always)
    public func phiPrime(_ u: Double) -> Double {
        switch name {
        case .relu: return u > 0 ? 1 : 0
        case .leakyReLU, .abrelu, .abs, .identity: return u > 0 ? positiveSlope : negativeSlope
        case .erf: return 2 / Double.pi.squareRoot() * Foundation.exp(-u * u)
        case .sigmoid:
            let s = NetworkActivation.logistic(u)
            return s * NetworkActivation.logistic(-u)
        case .tanh:
            let e = Foundation.exp(-2 * Swift.abs(u))
            return 4 * e / ((1 + e) * (1 + e))
        case .gelu:
            return 0.5 * Foundation.erfc(-u / 2.0.squareRoot()) + u * Foundation.exp(-u * u / 2) / (2 * Double.pi).squareRoot()
        case .silu:
            let s = NetworkActivation.logistic(u)
            return s + u * s * NetworkActivation.logistic(-u)
        case .softplus: return NetworkActivation.logistic(u)
        case .sin: return Foundation.cos(u)
        case .cos: return -Foundation.sin(u)
        }
    }

    /// 1 / (1 + e^-u) without overflow.
    @inline(__always)
    static func logistic(_ u: Double) -> Double {
        u >= 0 ? 1 / (1 + Foundation.exp(-u)) : Foundation.exp(u) / (1 + Foundation.exp(u))
    }
}
