import Foundation

/// The Matern kernel restricted to the sphere (docs/kernels.md#matern-kernels, scikit-learn's convention): with
/// r = ||x - y|| = sqrt(2 - 2t) and z = sqrt(2 nu) r / ell,
///   kappa = 2^{1-nu} / Gamma(nu) z^nu K_nu(z).
/// nu = 1/2, 3/2, 5/2 use the closed forms e^{-z}, (1 + z) e^{-z}, (1 + z + z^2/3) e^{-z};
/// any other nu > 0 uses the positive integral
///   kappa = int s^{nu-1} e^{-s - w/s} ds / int s^{nu-1} e^{-s} ds,   w = z^2/4 = nu (1-t) / ell^2,
/// by the trapezoidal rule in u = log s (see `integral(distance:)`).
///
/// Accuracy: closed forms a few ulps relative; the integral route about 1e-31 of max|kappa| = 1
/// in double-double and a few ulps in Double. (The rule itself, prototyped at 50 digits in
/// mpmath, is within 2e-34 of besselk for nu in [0.05, 100], z in [0, 100]; this code is tested
/// against mpmath at nu = 0.75, 2.2 and against the closed forms at nu = 1/2, 3/2, 5/2.)
/// Cost: the integral route takes 60-700 grid points (the most near t = 1 and for small nu),
/// about 0.2 ms per double-double value in a release build; the closed forms about 1 us.
public struct MaternKernel: CatalogueKernel, Hashable {
    /// nu > 0.
    public let nu: Double
    /// ell > 0.
    public let lengthScale: Double
    /// Use the integral even for nu in {1/2, 3/2, 5/2} (tests compare the two routes).
    let forcesIntegral: Bool
    /// The rule's value at z = 0 (= Gamma(nu) e^{-M} to ~1e-34, see `integral`) in double-double,
    /// for normalisation.
    private var integralAtZero: DoubleDouble = .one

    public init(nu: Double = 1.5, lengthScale: Double = 1) throws(KernelSpecError) {
        try self.init(nu: nu, lengthScale: lengthScale, forcesIntegral: false)
    }

    init(nu: Double, lengthScale: Double, forcesIntegral: Bool) throws(KernelSpecError) {
        for (key, value) in [("nu", nu), ("ell", lengthScale)] {
            if !value.isFinite { throw .notFinite(kernel: "matern", key: key, value: KernelParameter.format(value)) }
            if !(value > 0) {
                throw .outOfRange(kernel: "matern", key: key, value: KernelParameter.format(value), requirement: "> 0")
            }
        }
        // Below it the kernel is within Double's underflow of 0 off the diagonal (about 2 nu K_0(z)),
        // and the integral's peak leaves Double's range.
        guard nu >= MaternKernel.smallestNu else {
            throw .outOfRange(kernel: "matern", key: "nu", value: KernelParameter.format(nu),
                              requirement: ">= 1e-300 (below it the kernel is 0 off the diagonal to Double's range)")
        }
        self.nu = nu
        self.lengthScale = lengthScale
        self.forcesIntegral = forcesIntegral
        if usesIntegral {
            integralAtZero = integral(distance: DoubleDouble.zero)
        }
    }

    /// The smallest nu accepted.
    static let smallestNu = 1e-300

    var usesIntegral: Bool { forcesIntegral || !(nu == 0.5 || nu == 1.5 || nu == 2.5) }

    public var name: String { "matern" }

    public var parameters: [KernelParameter] {
        [KernelParameter("nu", .real(nu)), KernelParameter("ell", .real(lengthScale))]
    }

    public var profileMaximum: Double { 1 }

    /// kappa falls by e at r ~ ell for every nu >= 1/2 (e^{-r/ell} at nu = 1/2, e^{-r^2/(2 ell^2)} as
    /// nu -> infinity) and more slowly for smaller nu, whose cusp 1 - C (r/ell)^{2 nu} is a power
    /// law that geometric grading resolves whatever its scale.
    public var angularScale: Double { Swift.min(1, lengthScale) }

    public func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R {
        let ell = R(lengthScale)
        if !usesIntegral {
            // z = sqrt(2 nu) r / ell = sqrt(4 nu (1 - t)) / ell.
            let z = R.sqrt(x.oneMinusT * (4.0 * nu)) / ell
            // Past z = 800 every form is below Double's range (and z^2 e^{-z} would be inf * 0).
            if !(z.doubleValue < 800) { return .zero }
            let decay = R.exp(-z)
            switch nu {
            case 0.5: return decay
            case 1.5: return (R.one + z) * decay
            default: return (R.one + z + z * z / 3.0) * decay
            }
        }
        let q = x.oneMinusT / ell / ell     // (1 - t) / ell^2 = z^2 / (4 nu); ell^2 alone may underflow
        if q == .zero { return .one }
        // Beyond Double's range z > 1e150, and kappa ~ e^{-z} is 0 in every precision.
        if !q.doubleValue.isFinite { return .zero }
        return integral(distance: q) / (R(integralAtZero.hi) + R(integralAtZero.lo))
    }

    /// I(w) e^{-M} as a function of `distance` q = w / nu = (1 - t) / ell^2, with I(w) = int_R exp(nu u - e^u - w e^{-u}) du (= 2 w^{nu/2} K_nu(2 sqrt w),
    /// I(0) = Gamma(nu)) and M = nu log nu - nu, the log-integrand's peak at w = 0; by the
    /// trapezoidal rule on a grid through the integrand's peak e^{u*} = (nu + sqrt(nu^2 + 4w))/2.
    ///
    /// Scaling: in s = u - log nu the scaled log-integrand is
    ///   E(s) = -nu (e^s - 1 - s) - (w / nu) e^{-s},   w / nu = (1 - t) / ell^2,
    /// where e^s - 1 - s comes from its series for |s| < 1/2 (relative accuracy of R), so E is
    /// accurate to a few ulps of its own size whatever nu: no Gamma(nu) or nu^nu overflows
    /// (they did from nu = 171 on when the integrand was not scaled), and no nu log nu cancels.
    ///
    /// The integrand is analytic in |Im u| < pi/2, so the rule converges geometrically; the step
    /// h = 0.7 min(pi^2 / (tau + 10), pi sqrt(2 / (tau phi''))) (phi'' the log-integrand's
    /// curvature at the peak, tau the number of e-folds to resolve: -log(ulp) + 6) covers both
    /// the strip limit and a sharp peak (large nu or z). The grid extends until the integrand
    /// falls e^{-tau} below its peak; at w = 0, once e^u < 1e-17, the left tail
    /// sum_j e^{nu u_j - M}(1 - e^{u_j} + e^{2u_j}/2) is a geometric series, summed in closed
    /// form (so small nu at w = 0 stays cheap).
    func integral<R: RealArithmetic>(distance wOverNu: R) -> R {
        let wOverNuD = wOverNu.doubleValue
        let logNu = Foundation.log(nu)
        let tau = -Foundation.log(R.ulpOfOne) + 6
        // Peak: e^{s*} = (1 + sqrt(1 + 4 w / nu^2)) / 2, with sqrt(1 + x) - 1 = x / (sqrt(1 + x) + 1).
        let x = 4 * wOverNuD / nu
        let peak = Foundation.log1p(x / ((1 + x).squareRoot() + 1) / 2)
        let curvature = nu * Foundation.exp(peak) + wOverNuD * Foundation.exp(-peak)
        let h = 0.7 * Swift.min(Double.pi * Double.pi / (tau + 10),
                                Double.pi * (2 / tau).squareRoot() / curvature.squareRoot())
        func logIntegrand(_ s: Double) -> Double { -nu * MaternKernel.expm1MinusIdentity(s) - wOverNuD * Foundation.exp(-s) }
        let cutoff = logIntegrand(peak) - tau
        let nuR = R(nu), hR = R(h), peakR = R(peak), logNuR = R.log(nuR)
        func scaledIntegrand(_ s: R) -> R {
            R.exp(-(nuR * MaternKernel.expm1MinusIdentity(s)) - wOverNu * R.exp(-s))
        }

        var terms: [R] = []
        // Right of the peak (j >= 0).
        var j = 0
        while j < 100_000, logIntegrand(peak + Double(j) * h) >= cutoff {
            terms.append(scaledIntegrand(peakR + R(j) * hR))
            j += 1
        }
        // Left of the peak (j < 0).
        j = -1
        while j > -100_000 {
            let sD = peak + Double(j) * h
            if logIntegrand(sD) < cutoff { break }
            let s = peakR + R(j) * hR
            // Only at w = 0: for w > 0 the factor e^{-w e^{-u}} cuts the left tail off, however
            // negligible it is at the first point where e^u < 1e-17 (tiny nu puts that point right
            // of the peak).
            if wOverNuD == 0 && logNu + sD < -39 {
                // sum_{i <= j} e^{nu s_i + nu} (1 - e^{u_i} + e^{2 u_i}/2), u_i = log nu + s_i, with
                // e^{u_i} < 1e-17: three geometric series in i.
                // 1 - e^{-x} = x - (e^{-x} - 1 + x), without cancellation for the tiny x = nu h of small nu.
                func geometric(_ m: Double) -> R {
                    let x = (nuR + m) * hR
                    return R.exp((nuR + m) * s + nuR + logNuR * m) / (x - MaternKernel.expm1MinusIdentity(-x))
                }
                terms.append(geometric(0) - geometric(1) + geometric(2) * 0.5)
                break
            }
            terms.append(scaledIntegrand(s))
            j -= 1
        }
        return MaternKernel.pairwiseSum(terms[...]) * hR
    }

    /// e^s - 1 - s with the relative accuracy of R: its Taylor series for |s| < 1/2 (where the
    /// subtraction would cancel), the plain difference beyond.
    static func expm1MinusIdentity<R: RealArithmetic>(_ s: R) -> R {
        let sD = s.doubleValue
        guard Swift.abs(sD) < 0.5 else { return R.exp(s) - 1.0 - s }
        // sum_{n >= 2} s^n / n!, until a term is below ulp of the sum (|s| < 1/2: at most ~27 terms).
        var term = s * s * 0.5
        var sum = term
        var n = 2.0
        while n < 60 {
            n += 1
            term = term * s / n
            sum = sum + term
            if Swift.abs(term.doubleValue) <= Swift.abs(sum.doubleValue) * R.ulpOfOne * 0.25 { break }
        }
        return sum
    }

    /// Pairwise summation: error growth log2(n) ulps instead of n.
    static func pairwiseSum<R: RealArithmetic>(_ xs: ArraySlice<R>) -> R {
        if xs.count <= 8 { return xs.reduce(R.zero, +) }
        let mid = xs.startIndex + xs.count / 2
        return pairwiseSum(xs[..<mid]) + pairwiseSum(xs[mid...])
    }

    /// No exact zeros (the restricted Matern kernel is strictly positive definite).
    public func vanishes(atDegree k: Int) -> Bool { false }

    public func theoreticalDecay(dimension d: Int) -> DecayTheory {
        DecayTheory.matern(nu: nu, dimension: d)
    }
}
