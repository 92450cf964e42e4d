import Foundation

/// Whether two zonal kernels have the same RKHS, decided from their exact spectra
/// (docs/rkhs.md): H_A is contained in H_B (as sets, continuously) iff mu^A_k <= C mu^B_k for all
/// k, with mu^B_k > 0 wherever mu^A_k > 0; equal iff the ratio is bounded above and below.
///
/// Evidence: exact zeros of each kernel (structural, so they hold for every k), and on the
/// degrees where both are non-zero and resolved, the ratio r_k = mu^A_k / mu^B_k: its running
/// extremes and its power-law exponent q (r_k ~ k^{-q}) over the tail window. q > 0 beyond
/// error means r_k -> 0 (A inside B, strictly); q < 0 the reverse; q = 0 within error a
/// bounded ratio. Where the theory gives both decay exponents, their difference must agree
/// with the fitted q, or the verdict is `inconclusive`.
public struct RKHSComparison: Sendable {
    public enum Verdict: String, Sendable {
        case equal
        case aInB = "a_in_b"
        case bInA = "b_in_a"
        case incomparable
        case inconclusive
    }

    public let a: String
    public let b: String
    /// (k, mu^A_k / mu^B_k) on the degrees where both are non-zero and resolved.
    public let ratios: [(k: Int, ratio: Double)]
    public let ratioMinimum: Double
    public let ratioMaximum: Double
    /// Fit of the ratio over the tail window; q > 0 means the ratio decays.
    public let ratioFit: PowerLawFit?
    /// q from theory (p_A - p_B) when both laws are power laws.
    public let theoreticalRatioExponent: Double?
    public let verdict: Verdict
    /// The reason for the verdict, for people (and what would decide an inconclusive one).
    public let reason: String

    /// How far a ratio exponent may be from 0 and still count as a bounded ratio: the larger of
    /// three standard errors and 0.02 (finite-degree bias of docs/decay.md#finite-degree-bias-and-local-slopes at K in the thousands).
    static func tolerance(_ fit: PowerLawFit) -> Double { Swift.max(3 * fit.standardError, 0.02) }

    public init(_ first: AnalyticDecayStudy, _ second: AnalyticDecayStudy, fitRange: ClosedRange<Int>) {
        a = first.kernel
        b = second.kernel
        let degreesA = first.spectrum.degrees
        let degreesB = second.spectrum.degrees
        // Structural zeros hold for every k, so one degree where A is non-zero and B is an
        // exact zero (past the head) already decides that H_A is not inside H_B.
        let aBeyondB = zip(degreesA, degreesB).filter { $0.reliability != .exactZero && $1.reliability == .exactZero }.map(\.0.degree)
        let bBeyondA = zip(degreesA, degreesB).filter { $0.reliability == .exactZero && $1.reliability != .exactZero }.map(\.0.degree)
        ratios = zip(degreesA, degreesB).compactMap { x, y in
            let resolved = [AnalyticSpectrum.Reliability.accurate, .limited]
            guard resolved.contains(x.reliability), resolved.contains(y.reliability), x.eigenvalue > 0, y.eigenvalue > 0
            else { return nil }
            // Ratios beyond Double's range (the exact tails of a Gaussian against a power law)
            // are left out, like unresolved values.
            let ratio = x.eigenvalue / y.eigenvalue
            return ratio.isFinite && ratio > 0 ? (x.degree, ratio) : nil
        }
        ratioMinimum = ratios.map(\.ratio).min() ?? .nan
        ratioMaximum = ratios.map(\.ratio).max() ?? .nan
        ratioFit = DecayFitting.fitWithinResolved(points: ratios.map { ($0.k, $0.ratio) }, range: fitRange)
        if let pa = first.theory.exponent, let pb = second.theory.exponent {
            theoreticalRatioExponent = pa - pb
        } else {
            theoreticalRatioExponent = nil
        }
        (verdict, reason) = Self.decide(ratioFit: ratioFit, theory: theoreticalRatioExponent, aBeyondB: aBeyondB,
                                        bBeyondA: bBeyondA, lawA: first.theory.law, lawB: second.theory.law)
    }

    static func decide(ratioFit: PowerLawFit?, theory: Double?, aBeyondB: [Int], bBeyondA: [Int],
                       lawA: DecayTheory.Law, lawB: DecayTheory.Law) -> (Verdict, String) {
        func degrees(_ ks: [Int]) -> String {
            ks.count <= 4 ? ks.map(String.init).joined(separator: ", ")
                : "\(ks.prefix(3).map(String.init).joined(separator: ", ")), ... (\(ks.count) degrees)"
        }
        if !aBeyondB.isEmpty && !bBeyondA.isEmpty {
            return (.incomparable, "each kernel is non-zero on degrees where the other vanishes exactly (A only: "
                    + "\(degrees(aBeyondB)); B only: \(degrees(bBeyondA)))")
        }
        guard let fit = ratioFit else {
            return (.inconclusive, "fewer than 3 degrees where both eigenvalues are resolved in the fit window; "
                    + "a larger --max-degree or a window inside the resolved degrees would decide")
        }
        let q = fit.exponent
        let tol = tolerance(fit)
        let trend: Verdict = q > tol ? .aInB : (q < -tol ? .bInA : .equal)
        let expected: Verdict? = theory.map { $0 > 0 ? .aInB : ($0 < 0 ? .bInA : .equal) }
        if let theory, let expected, expected != trend {
            return (.inconclusive, "the fitted ratio exponent \(fmt(q)) +- \(fmt(fit.standardError)) disagrees with the "
                    + "theory's \(fmt(theory)); a window further into the tail (--max-degree, --fit-range) would decide")
        }
        let bound = "ratio mu^A/mu^B ~ k^-q with q = \(fmt(q)) +- \(fmt(fit.standardError))"
        switch trend {
        case .equal:
            if !aBeyondB.isEmpty {
                return (.bInA, "\(bound) (bounded) on the common degrees, but A is non-zero where B vanishes "
                        + "(\(degrees(aBeyondB))): H_B is a proper subspace of H_A")
            }
            if !bBeyondA.isEmpty {
                return (.aInB, "\(bound) (bounded) on the common degrees, but A vanishes where B does not "
                        + "(\(degrees(bBeyondA))): H_A is a proper subspace of H_B, missing those harmonics")
            }
            return (.equal, "\(bound): bounded above and below, the same function space")
        case .aInB:
            if !aBeyondB.isEmpty {
                return (.incomparable, "\(bound) decays, but A is non-zero where B vanishes (\(degrees(aBeyondB)))")
            }
            return (.aInB, "\(bound) -> 0: H_A is a proper subspace of H_B")
        default:
            if !bBeyondA.isEmpty {
                return (.incomparable, "\(bound) grows, but B is non-zero where A vanishes (\(degrees(bBeyondA)))")
            }
            return (.bInA, "\(bound) -> infinity: H_B is a proper subspace of H_A")
        }
    }

    static func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
}

/// The Sobolev order of a kernel's RKHS (docs/rkhs.md): mu_k ~ k^{-2s} means H^s(S^{d-1}),
/// an RKHS only for s > (d-1)/2.
public struct SobolevOrder: Sendable {
    public let kernel: String
    public let dimension: Int
    /// s = p/2 from the theory; nil when the law is not a power law (analytic profile or polynomial).
    public let theoretical: Double?
    /// s from the fitted exponent.
    public let fitted: Double?
    public let fittedStandardError: Double?
    /// Whether H^s is a space of continuous functions with a reproducing kernel: s > (d-1)/2.
    public var isRKHS: Bool? { theoretical.map { $0 > Double(dimension - 1) / 2 } }

    public init(_ study: AnalyticDecayStudy) {
        kernel = study.kernel
        dimension = study.spectrum.dimension
        theoretical = study.theory.exponent.map { $0 / 2 }
        fitted = study.fit.map { $0.exponent / 2 }
        fittedStandardError = study.fit.map { $0.standardError / 2 }
    }
}
