import Foundation

/// A zonal target function f(x) = g(<x, x0>) on S^{d-1}, from a small built-in set, whose
/// RKHS norm a kernel assigns (docs/rkhs.md). Its Funk-Hecke coefficients g_k come from the same
/// double-double quadrature as the kernels' eigenvalues.
public struct ZonalTarget: ZonalFunction, Sendable, CustomStringConvertible {
    public enum Shape: Sendable, Equatable {
        /// |t|
        case abs
        /// max(t, 0)
        case relu
        /// e^t
        case exp
        /// sin(w t)
        case sin(w: Double)
        /// t^p
        case power(p: Int)
    }

    public let shape: Shape

    public var description: String {
        switch shape {
        case .abs: return "abs"
        case .relu: return "relu"
        case .exp: return "exp"
        case .sin(let w): return "sin:w=\(KernelParameter.format(w))"
        case .power(let p): return "power:p=\(p)"
        }
    }

    /// Accepted: `abs`, `relu`, `exp`, `sin` (`sin:w=W`, or `sin(W*t)`), `power:p=P` (or `t^P`).
    public init(parsing text: String) throws(TargetSpecError) {
        let spec = text.replacingOccurrences(of: " ", with: "").lowercased()
        switch spec {
        case "abs", "abs(t)", "|t|": shape = .abs
        case "relu", "relu(t)", "max(t,0)": shape = .relu
        case "exp", "exp(t)": shape = .exp
        case "sin", "sin(t)": shape = .sin(w: 1)
        default:
            if let w = Self.number(in: spec, prefix: "sin:w=", suffix: "") ?? Self.number(in: spec, prefix: "sin(", suffix: "*t)") {
                guard w.isFinite, w != 0 else { throw .badValue(text, "w must be a finite non-zero number") }
                shape = .sin(w: w)
            } else if let p = Self.number(in: spec, prefix: "power:p=", suffix: "") ?? Self.number(in: spec, prefix: "t^", suffix: "") {
                guard p >= 0, p <= 100, p == p.rounded() else { throw .badValue(text, "p must be an integer from 0 to 100") }
                shape = .power(p: Int(p))
            } else {
                throw .unknown(text)
            }
        }
    }

    static func number(in spec: String, prefix: String, suffix: String) -> Double? {
        guard spec.hasPrefix(prefix), spec.hasSuffix(suffix), spec.count > prefix.count + suffix.count else { return nil }
        return Double(spec.dropFirst(prefix.count).dropLast(suffix.count))
    }

    public func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R {
        let t = x.t
        switch shape {
        case .abs: return t.magnitude
        case .relu: return t > R.zero ? t : R.zero
        case .exp: return R.exp(t)
        case .sin(let w): return R.sin(R(w) * t)
        case .power(let p):
            var result = R.one
            for _ in 0..<p { result = result * t }
            return result
        }
    }

    /// g_k = 0 exactly: the parity and degree structure of the shape.
    public func vanishes(atDegree k: Int) -> Bool {
        switch shape {
        case .abs: return k % 2 == 1
        case .relu: return k % 2 == 1 && k >= 3
        case .exp: return false
        case .sin: return k % 2 == 0
        case .power(let p): return k > p || (p - k) % 2 == 1
        }
    }

    /// The decay exponent a of |g_k| ~ k^{-a} from the target's singularity (nil: faster
    /// than any power, or finitely many degrees). A kink at the interior point t = 0 gives
    /// a = (d + 2)/2: two integrations by parts against P_k, whose size away from t = ±1 is
    /// k^{-(d-2)/2}.
    public func coefficientDecay(dimension d: Int) -> Double? {
        switch shape {
        case .abs, .relu: return Double(d + 2) / 2
        case .exp, .sin, .power: return nil
        }
    }
}

public enum TargetSpecError: Error, CustomStringConvertible, Equatable {
    case unknown(String)
    case badValue(String, String)

    public var description: String {
        switch self {
        case .unknown(let text):
            return "--target '\(text)' is not a known target; allowed: abs, relu, exp, sin, sin:w=W (or sin(W*t)), power:p=P (or t^P)"
        case let .badValue(text, rule):
            return "--target '\(text)': \(rule)"
        }
    }
}
