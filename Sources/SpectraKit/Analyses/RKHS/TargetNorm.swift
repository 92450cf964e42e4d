import Foundation

/// The RKHS norm of a zonal target f = g(<x, x0>) under a zonal kernel (docs/rkhs.md):
/// f_k = N(d,k) g_k P_k(<x, x0>) has ||f_k||^2 = N(d,k) g_k^2 in L2(sigma), so
/// ||f||_H^2 = sum_k N(d,k) g_k^2 / mu_k, with g_k the target's Funk-Hecke coefficients.
///
/// The verdict: a degree where the kernel vanishes exactly but the target does not puts f
/// outside H; otherwise the terms' power law k^{-r} decides (sum converges iff r > 1), from
/// the theory (r = 2a - (d - 2) - p for |g_k| ~ k^{-a} and mu_k ~ k^{-p}) checked against the
/// fit over the tail window, or from the fit alone when r stays clear of 1 across the window
/// (`ExponentTrend`); a borderline or drifting r is `inconclusive`, never a verdict that a
/// larger --max-degree would reverse.
public struct TargetNorm: Sendable {
    public enum Verdict: String, Sendable { case converges, diverges, inconclusive }

    public struct Term: Sendable {
        public let degree: Int
        /// g_k (0 where the target vanishes exactly).
        public let coefficient: Double
        /// N(d,k) g_k^2 / mu_k; nil where g_k or mu_k is not resolved (left out of the sums).
        public let term: Double?
        /// sum of the terms up to this degree.
        public let partialSum: Double
    }

    public let target: String
    public let kernel: String
    public let dimension: Int
    public let terms: [Term]
    /// Fit of the terms ~ C k^{-r} over the window.
    public let termFit: PowerLawFit?
    public let theoreticalTermExponent: Double?
    public let verdict: Verdict
    public let reason: String
    /// The partial sum at the highest degree: ||f||^2 when it converges (up to the tail),
    /// a lower bound when it diverges.
    public var partialNorm: Double { terms.last?.partialSum ?? 0 }

    /// A zonal target g(<x, x0>): ||f_k||^2 = N(d,k) g_k^2 with g_k its Funk-Hecke coefficients.
    public init(target: ZonalTarget, kernel study: AnalyticDecayStudy, fitRange: ClosedRange<Int>) {
        let d = study.spectrum.dimension
        let g = FunkHecke.eigenvalues(of: target, dimension: d, maxDegree: study.spectrum.degrees.count - 1)
        let parts: [(coefficient: Double, energy: Double?)] = study.spectrum.degrees.map { entry in
            let k = entry.degree
            let gk = target.vanishes(atDegree: k) ? 0 : g.eigenvalues[k].doubleValue
            let resolved = gk == 0 || g.errorEstimates[k] < 0.01 * Swift.abs(gk)
            return (gk, resolved ? entry.multiplicity.doubleValue * gk * gk : nil)
        }
        let theory = target.coefficientDecay(dimension: d).flatMap { a in
            study.theory.exponent.map { 2 * a - Double(d - 2) - $0 }
        }
        self.init(name: target.description, parts: parts, kernel: study, fitRange: fitRange, theory: theory,
                  finite: target.finiteDegree)
    }

    /// A target given by its energies per degree, ||f_k||^2 for k = 0 ... L (data on S^2
    /// through the spherical harmonic transform): the sum runs to L, the data's band limit;
    /// the coefficient column holds ||f_k||.
    public init(name: String, energies: [Double], kernel study: AnalyticDecayStudy, fitRange: ClosedRange<Int>) {
        let parts = study.spectrum.degrees.prefix(energies.count).map { entry in
            (coefficient: energies[entry.degree].squareRoot(), energy: Optional(energies[entry.degree]))
        }
        self.init(name: name, parts: Array(parts), kernel: study, fitRange: fitRange, theory: nil, finite: nil)
    }

    /// The sum of energy_k / mu_k over the kernel's degrees; a nil energy is unresolved.
    init(name: String, parts: [(coefficient: Double, energy: Double?)], kernel study: AnalyticDecayStudy,
         fitRange: ClosedRange<Int>, theory: Double?, finite: Int?) {
        target = name
        kernel = study.kernel
        dimension = study.spectrum.dimension
        var sum = 0.0
        var kernelMissing: [Int] = []
        var terms: [Term] = []
        for (entry, part) in zip(study.spectrum.degrees, parts) {
            var term: Double?
            // An energy below 1e-28 of the largest is rounding, not signal.
            if let energy = part.energy, energy <= 1e-28 * (parts.compactMap(\.energy).max() ?? 0) {
                term = 0
            } else if entry.reliability == .exactZero {
                kernelMissing.append(entry.degree)
            } else if let energy = part.energy, [.accurate, .limited].contains(entry.reliability), entry.eigenvalue > 0 {
                // (An eigenvalue so small that the quotient leaves Double's range, which only the
                // exact tails reach, is left out like an unresolved one.)
                let quotient = energy / entry.eigenvalue
                if quotient.isFinite { term = quotient }
            }
            sum += term ?? 0
            terms.append(Term(degree: entry.degree, coefficient: part.coefficient, term: term, partialSum: sum))
        }
        self.terms = terms
        let points = terms.compactMap { t in t.term.flatMap { $0 > 0 ? (k: t.degree, value: $0) : nil } }
        termFit = DecayFitting.fitWithinResolved(points: points, range: fitRange)
        theoreticalTermExponent = theory
        let trend = termFit.flatMap { ExponentTrend(points: points, fit: $0) }
        // Terms resolved only in the lower half of the window (in log k), or below it.
        let lastResolved = points.last?.k ?? 0
        let middle = (Double(fitRange.lowerBound) * Double(fitRange.upperBound)).squareRoot()
        (verdict, reason) = Self.decide(kernelMissing: kernelMissing, fit: termFit, trend: trend,
                                        resolvedUpTo: Double(lastResolved) < middle ? lastResolved : nil, theory: theory,
                                        finite: finite, kernelLaw: study.theory.law)
    }

    /// How the fitted term exponent moves across its window: the exponents of the window's lower
    /// and upper halves (equal in log k). A sum is decided from a fit alone only when r is past 1
    /// and stays past it with this drift carried one more half window out (twice the degree for
    /// the default window [K/4, K]): a pre-asymptotic exponent drifting toward 1 would otherwise
    /// flip the verdict as --max-degree grows. Drifts that shrink as k grows (the usual
    /// pre-asymptotic corrections) keep the verdict; one that speeds up could still reverse it.
    struct ExponentTrend {
        static let halvesAhead = 1.0
        let lower: PowerLawFit
        let upper: PowerLawFit

        init?(points: [(k: Int, value: Double)], fit: PowerLawFit) {
            let (a, b) = (fit.range.lowerBound, fit.range.upperBound)
            let middle = Int((Double(a) * Double(b)).squareRoot().rounded())
            guard middle > a, middle < b, let lower = try? DecayFitting.fit(points: points, range: a...middle),
                  let upper = try? DecayFitting.fit(points: points, range: middle...b) else { return nil }
            self.lower = lower
            self.upper = upper
        }

        /// upper - lower, per half window.
        var drift: Double { upper.exponent - lower.exponent }
        var noise: Double {
            Swift.max(3 * (upper.standardError * upper.standardError + lower.standardError * lower.standardError).squareRoot(), 0.02)
        }
        /// The exponents the terms may take further out: the upper half's, and where the drift
        /// carries it (when the drift is above the noise), widened by the noise.
        var plausible: ClosedRange<Double> {
            let far = Swift.abs(drift) > noise ? upper.exponent + Self.halvesAhead * drift : upper.exponent
            return (Swift.min(upper.exponent, far) - noise)...(Swift.max(upper.exponent, far) + noise)
        }
    }

    /// `resolvedUpTo`: the last resolved term, when it falls short of the fit window's upper half.
    static func decide(kernelMissing: [Int], fit: PowerLawFit?, trend: ExponentTrend? = nil, resolvedUpTo: Int? = nil,
                       theory: Double?, finite: Int?, kernelLaw: DecayTheory.Law) -> (Verdict, String) {
        if let k = kernelMissing.first {
            return (.diverges, "the target has energy in degree \(k), where the kernel's eigenvalue is exactly 0: "
                    + "f is not in the RKHS (infinite norm)")
        }
        if let finite {
            return (.converges, "the target is a polynomial of degree \(finite): a finite sum")
        }
        let fmt = { (x: Double) in String(format: "%.4g", x) }
        guard let fit else {
            return (.inconclusive, "fewer than 3 resolved terms in the fit window; a larger --max-degree would decide")
        }
        let r = fit.exponent
        let tol = Swift.max(3 * fit.standardError, 0.02)
        let evidence = "terms N(d,k) g_k^2 / mu_k ~ k^-r, fitted r = \(fmt(r)) +- \(fmt(fit.standardError))"
        if let theory {
            guard Swift.abs(r - theory) <= Swift.max(tol, 0.1) else {
                return (.inconclusive, "\(evidence), but the theory gives r = \(fmt(theory)); a window further into the tail would decide")
            }
            return theory > 1
                ? (.converges, "\(evidence); theory r = \(fmt(theory)) > 1: the sum converges")
                : (.diverges, "\(evidence); theory r = \(fmt(theory)) <= 1: the partial sums grow without bound"
                   + (theory == 1 ? " (like log K)" : ""))
        }
        if let resolvedUpTo, (trend?.plausible.lowerBound ?? r - tol) <= 1 {
            return (.inconclusive, "\(evidence); the terms are resolved only up to degree \(resolvedUpTo), short of the fit "
                    + "window, and terms that do not yet decay faster than k^-1 there do not show that the sum diverges")
        }
        guard let trend else {
            if r > 1 + tol { return (.converges, "\(evidence) > 1: the sum converges") }
            if r < 1 - tol { return (.diverges, "\(evidence) < 1: the partial sums grow without bound") }
            return (.inconclusive, "\(evidence), within error of the borderline r = 1; a larger --max-degree would decide")
        }
        let halves = "; r = \(fmt(trend.lower.exponent)) on degrees \(trend.lower.range.lowerBound)-\(trend.lower.range.upperBound), "
            + "\(fmt(trend.upper.exponent)) on \(trend.upper.range.lowerBound)-\(trend.upper.range.upperBound)"
        let plausible = trend.plausible
        if plausible.lowerBound > 1 { return (.converges, "\(evidence)\(halves): r stays > 1, the sum converges") }
        if plausible.upperBound < 1 { return (.diverges, "\(evidence)\(halves): r stays < 1, the partial sums grow without bound") }
        let why = Swift.abs(trend.drift) > trend.noise ? "r drifts toward the borderline 1 across the window" : "r is within error of the borderline 1"
        return (.inconclusive, "\(evidence)\(halves): \(why); a larger --max-degree (or a --fit-range further out) would decide")
    }
}

extension ZonalTarget {
    /// The degree of a polynomial target, nil otherwise.
    var finiteDegree: Int? {
        if case .power(let p) = shape { return p }
        return nil
    }
}
