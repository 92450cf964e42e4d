import Foundation

/// The Matern kernel restricted to the sphere (MATH.md 3, scikit-learn's convention): with
/// r = ||x - y|| = sqrt(2 - 2t) and z = sqrt(2 nu) r / ell,
///   kappa = 2^{1-nu} / Gamma(nu) z^nu K_nu(z).
/// nu = 1/2, 3/2, 5/2 use the closed forms e^{-z}, (1 + z) e^{-z}, (1 + z + z^2/3) e^{-z};
/// any other nu > 0 uses the positive integral
///   kappa = int s^{nu-1} e^{-s - w/s} ds / int s^{nu-1} e^{-s} ds,   w = z^2/4 = nu (1-t) / ell^2,
/// by the trapezoidal rule in u = log s (see `integral(quarterSquaredZ:)`).
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
    /// The rule's value at z = 0 (= Gamma(nu) to ~1e-34) in double-double, for normalisation.
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
        self.nu = nu
        self.lengthScale = lengthScale
        self.forcesIntegral = forcesIntegral
        if usesIntegral {
            integralAtZero = integral(quarterSquaredZ: DoubleDouble.zero)
        }
    }

    var usesIntegral: Bool { forcesIntegral || !(nu == 0.5 || nu == 1.5 || nu == 2.5) }

    public var name: String { "matern" }

    public var parameters: [KernelParameter] {
        [KernelParameter("nu", .real(nu)), KernelParameter("ell", .real(lengthScale))]
    }

    public var profileMaximum: Double { 1 }

    public func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R {
        let ell = R(lengthScale)
        if !usesIntegral {
            // z = sqrt(2 nu) r / ell = sqrt(4 nu (1 - t)) / ell.
            let z = R.sqrt(x.oneMinusT * (4.0 * nu)) / ell
            let decay = R.exp(-z)
            switch nu {
            case 0.5: return decay
            case 1.5: return (R.one + z) * decay
            default: return (R.one + z + z * z / 3.0) * decay
            }
        }
        let w = x.oneMinusT * nu / (ell * ell)     // z^2 / 4
        if w == .zero { return .one }
        return integral(quarterSquaredZ: w) / (R(integralAtZero.hi) + R(integralAtZero.lo))
    }

    /// I(w) = int_R exp(nu u - e^u - w e^{-u}) du (= 2 w^{nu/2} K_nu(2 sqrt w), I(0) = Gamma(nu)) by the
    /// trapezoidal rule on a grid through the integrand's peak e^{u*} = (nu + sqrt(nu^2 + 4w))/2.
    ///
    /// The integrand is analytic in |Im u| < pi/2, so the rule converges geometrically; the step
    /// h = 0.7 min(pi^2 / (tau + 10), pi sqrt(2 / (tau phi''))) (phi the log-integrand, tau the
    /// number of e-folds to resolve: -log(ulp) + 6) covers both the strip limit and a sharp peak
    /// (large nu or z). The grid extends until the integrand falls e^{-tau} below its peak; when
    /// w e^{-u} is negligible and e^u < 1e-17 the left tail sum_j e^{nu u_j}(1 - e^{u_j} + e^{2u_j}/2)
    /// is a geometric series, summed in closed form (so small nu at w = 0 stays cheap).
    func integral<R: RealArithmetic>(quarterSquaredZ w: R) -> R {
        let wD = w.doubleValue
        let tau = -Foundation.log(R.ulpOfOne) + 6
        let peakExp = (nu + (nu * nu + 4 * wD).squareRoot()) / 2
        let peak = Foundation.log(peakExp)
        let curvature = peakExp + wD / peakExp
        let h = 0.7 * Swift.min(Double.pi * Double.pi / (tau + 10),
                                Double.pi * (2 / (tau * curvature)).squareRoot())
        func logIntegrand(_ u: Double) -> Double { nu * u - Foundation.exp(u) - wD * Foundation.exp(-u) }
        let cutoff = logIntegrand(peak) - tau
        let nuR = R(nu), hR = R(h), peakR = R(peak)

        var terms: [R] = []
        // Right of the peak (j >= 0).
        var j = 0
        while j < 100_000, logIntegrand(peak + Double(j) * h) >= cutoff {
            let u = peakR + R(j) * hR
            let eu = R.exp(u)
            terms.append(R.exp(nuR * u - eu - w / eu))
            j += 1
        }
        // Left of the peak (j < 0).
        j = -1
        while j > -100_000 {
            let uD = peak + Double(j) * h
            if logIntegrand(uD) < cutoff { break }
            let u = peakR + R(j) * hR
            if wD * Foundation.exp(-uD) < 1e-40 && uD < -39 {
                // sum_{i <= j} of e^{nu u_i - e^{u_i}} with e^{u_i} < 1e-17: geometric series.
                func geometric(_ rate: R) -> R { R.exp(rate * u) / (R.one - R.exp(-(rate * hR))) }
                terms.append(geometric(nuR) - geometric(nuR + 1.0) + geometric(nuR + 2.0) * 0.5)
                break
            }
            let eu = R.exp(u)
            terms.append(R.exp(nuR * u - eu - w / eu))
            j -= 1
        }
        return MaternKernel.pairwiseSum(terms[...]) * hR
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
