/// Which degrees k a statement about mu_k is about.
public enum DegreeParity: String, Sendable, Hashable, CaseIterable {
    case all, even, odd

    public func contains(_ k: Int) -> Bool {
        switch self {
        case .all: return true
        case .even: return k % 2 == 0
        case .odd: return k % 2 != 0
        }
    }
}

/// What the theory predicts for the Mercer eigenvalues mu_k of a catalogue kernel on
/// S^{d-1} as k -> infinity (docs/decay.md), with where it comes from.
public struct DecayTheory: Sendable, Hashable, CustomStringConvertible {
    public enum Law: Sendable, Hashable {
        /// mu_k ~ k^{-exponent}: bounded above and below by constant multiples on the degrees
        /// where mu_k is not zero.
        case powerLaw(exponent: Double)
        /// Faster than any power of k (analytic profiles).
        case superPolynomial
        /// mu_k = 0 for every k beyond `degree`.
        case finite(degree: Int)
    }

    public let law: Law
    /// The degrees on which the law holds; the others are exact zeros (`vanishes(atDegree:)`)
    /// from some small degree on.
    public let parity: DegreeParity
    /// A sentence for people: the law, the zeros, the reason.
    public let note: String
    /// Where the statement is proved.
    public let citation: String

    /// p in mu_k ~ k^{-p}, when the law is a power law.
    public var exponent: Double? {
        if case .powerLaw(let p) = law { return p }
        return nil
    }

    public var description: String { note }

    static func format(_ x: Double) -> String { KernelParameter.format(x) }

    // MARK: The table of docs/decay.md

    static func network(_ kernel: NetworkKernel, dimension d: Int) -> DecayTheory {
        let depth2BiasFree = kernel.depth == 2 && kernel.isBiasFree
        let activation = kernel.activation
        if activation.isLinear {
            return DecayTheory(
                law: .finite(degree: 1), parity: kernel.isBiasFree ? .odd : .all,
                note: "mu_k = 0 for k > 1 (phi is linear, so kappa is a polynomial of degree 1 in t)"
                    + (kernel.isBiasFree ? "; bias-free, mu_0 = 0 too" : ""),
                citation: "docs/decay.md#exact-zeros (a polynomial of degree p has no harmonics beyond degree p)")
        }
        // Which parities vanish: `NetworkKernel.vanishes(atDegree:)`.
        let parity: DegreeParity
        let zeros: String
        switch (activation.symmetry, kernel.isBiasFree, depth2BiasFree) {
        case (.odd, true, _):
            (parity, zeros) = (.odd, "; bias-free, the profile is odd, so mu_k = 0 for every even k")
        case (.even, true, _):
            (parity, zeros) = (.even, "; bias-free, the profile is even, so mu_k = 0 for every odd k")
        case (.linearPlusEven, _, true):
            (parity, zeros) = (.even, "; depth 2 and bias-free, mu_k = 0 for odd k >= 3")
        case (.constantPlusOdd, _, true):
            (parity, zeros) = (.odd, "; depth 2 and bias-free, mu_k = 0 for even k >= 2")
        default:
            (parity, zeros) = (.all, "")
        }
        if activation.isSmooth {
            return DecayTheory(
                law: .superPolynomial, parity: parity,
                note: "mu_k decays faster than any power of k (the \(activation.rawValue) \(kernel.name) profile is analytic)" + zeros,
                citation: "docs/decay.md (analytic profile: geometric decay of the Gegenbauer coefficients)")
        }
        let ntk = kernel.kind == .ntk
        let p = Double(ntk ? d : d + 2)
        return DecayTheory(
            law: .powerLaw(exponent: p),
            parity: parity,
            note: "mu_k ~ k^-\(format(p)) (\(ntk ? "k^-d" : "k^-(d+2)"), d = \(d))" + zeros,
            citation: ntk
                ? "Bietti & Mairal 2019 (NeurIPS), Geifman et al. 2020 (NeurIPS), Chen & Xu 2021 (ICLR); docs/decay.md"
                : "Bach 2017 (JMLR, arc-cosine order 1), Bietti & Bach 2021 (ICLR); docs/decay.md")
    }

    static func arcCosine(order n: Int, dimension d: Int) -> DecayTheory {
        let p = Double(d + 2 * n)
        let (parity, zeros): (DegreeParity, String) = switch n {
        case 0: (.odd, "mu_k = 0 for even k >= 2")
        case 1: (.even, "mu_k = 0 for odd k >= 3")
        default: (.odd, "mu_k = 0 for even k >= 4")
        }
        return DecayTheory(
            law: .powerLaw(exponent: p), parity: parity,
            note: "mu_k ~ k^-\(format(p)) (k^-(d+2n), n = \(n), d = \(d)) on the other degrees; \(zeros)",
            citation: "Bach 2017 (JMLR), Cho & Saul 2009 (NeurIPS); docs/decay.md")
    }

    static func exponentialPower(_ kernel: ExponentialPowerKernel, dimension d: Int) -> DecayTheory {
        if kernel.gamma == 2 {
            return DecayTheory(
                law: .superPolynomial, parity: .all,
                note: "mu_k decays faster than any power: mu_k ~ (e c / k)^k up to polynomial factors (c = \(format(kernel.c)))",
                citation: "Minh, Niyogi & Yao 2006 (COLT); docs/conventions.md#closed-forms-used-as-tests and docs/decay.md")
        }
        let p = Double(d - 1) + kernel.gamma
        return DecayTheory(
            law: .powerLaw(exponent: p), parity: .all,
            note: "mu_k ~ k^-\(format(p)) (k^-(d-1+gamma), gamma = \(format(kernel.gamma)), d = \(d)), any c",
            citation: kernel.gamma == 1
                ? "Geifman et al. 2020 (NeurIPS), Chen & Xu 2021 (ICLR); docs/decay.md"
                : "docs/decay.md, docs/rkhs.md (Sobolev order (d-1+gamma)/2; the Euclidean spectral density decays like |omega|^-(d+gamma))")
    }

    static func matern(nu: Double, dimension d: Int) -> DecayTheory {
        let p = Double(d - 1) + 2 * nu
        return DecayTheory(
            law: .powerLaw(exponent: p), parity: .all,
            note: "mu_k ~ k^-\(format(p)) (k^-(d-1+2nu), nu = \(format(nu)), d = \(d))",
            citation: "docs/decay.md (restriction of H^{nu+d/2}(R^d) to S^{d-1} is H^{nu+(d-1)/2})")
    }

    static func polynomial(_ kernel: PolynomialKernel) -> DecayTheory {
        let p = kernel.degree
        let parity: DegreeParity = kernel.c == 0 ? (p % 2 == 0 ? .even : .odd) : .all
        return DecayTheory(
            law: .finite(degree: p), parity: parity,
            note: "mu_k = 0 for k > \(p)" + (kernel.c == 0 ? " and for k of the other parity than \(p) (c = 0)" : ""),
            citation: "docs/conventions.md#closed-forms-used-as-tests (a polynomial of degree p has no harmonics beyond degree p)")
    }
}
