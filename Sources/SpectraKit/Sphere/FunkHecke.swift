import Foundation

/// Mercer eigenvalues mu_0 ... mu_K of a zonal kernel on S^{d-1} by the Funk-Hecke formula
/// (docs/conventions.md), mu_k = c_d int_0^pi kappa(cos th) P_k(cos th) sin^{d-2}(th) d th, computed in
/// double-double by two composite Gauss-Legendre rules in theta (docs/accuracy.md#funk-hecke-quadrature).
///
/// Why this method: the tail of a spectrum is many orders of magnitude below the integrand
/// (mu_K / mu_0 ~ K^{-d}), so the absolute error must be ~1e-28 of the integrand's size;
/// double precision gives 1e-16. Working in theta keeps the half-integer powers of (1 - t)
/// that every ReLU-network and Laplace profile has (sqrt(1 - t) = sqrt(2) sin(theta/2))
/// analytic, and the geometric grading at theta = 0, pi handles the genuinely singular ones
/// (gexp, Matern). The same method serves every kernel, at a cost of O(K x nodes).
///
/// Error estimate per degree: |Q_A - Q_B| for two rules with different panels (both
/// converged when the estimate is at rounding level), plus a rounding floor
/// 16 * 2^-104 * sqrt(k + 1) * sum_j |g_j P_k(t_j)| (the recurrence's and the sum's rounding,
/// g_j the weighted integrand; the constant is calibrated on closed forms, where the true
/// error stayed below 0.6 of the estimate). The reported value is that of rule B.
public enum FunkHecke {
    /// The result: eigenvalues with an absolute error estimate each.
    public struct Result: Sendable {
        public let dimension: Int
        /// mu_0 ... mu_K.
        public let eigenvalues: [DoubleDouble]
        /// Absolute error estimate of each eigenvalue.
        public let errorEstimates: [Double]
        /// c_d int |kappa(t)| (1 - t^2)^{(d-3)/2} dt: the scale every error is measured against.
        public let integrandScale: Double
    }

    public static func eigenvalues(of profile: some ZonalFunction, dimension d: Int, maxDegree: Int) -> Result {
        let frequency = Double(maxDegree + d)
        let scale = profile.angularScale
        let coarse = AngularQuadratureRule(frequency: frequency, dimension: d, profileScale: scale)
        let fine = AngularQuadratureRule(frequency: frequency, dimension: d, panelsPerUnitFrequency: 1.0 / 150.0,
                                         grading: 0.4, profileScale: scale)
        let a = moments(of: profile, rule: coarse, dimension: d, maxDegree: maxDegree)
        let b = moments(of: profile, rule: fine, dimension: d, maxDegree: maxDegree)
        let errors = (0...maxDegree).map { (k: Int) -> Double in
            let ruleDifference: Double = (a.moments[k] - b.moments[k]).magnitude.doubleValue
            let scale: Double = Swift.max(a.magnitudes[k], b.magnitudes[k])
            return ruleDifference + 16 * 0x1p-104 * Double(k + 1).squareRoot() * scale
        }
        return Result(dimension: d, eigenvalues: b.moments, errorEstimates: errors, integrandScale: b.absoluteSum)
    }

    /// The weighted integrand g_j = c_d w_j kappa(cos th_j) sin^{d-2}(th_j) and its moments.
    static func moments(of profile: some ZonalFunction, rule: AngularQuadratureRule, dimension d: Int,
                        maxDegree: Int) -> (moments: [DoubleDouble], magnitudes: [Double], absoluteSum: Double) {
        let arguments = rule.angles.map { CosineArgument<DoubleDouble>(angle: $0) }
        let kappa = profile.values(arguments)
        let cd = SphereMeasure.funkHeckeConstant(dimension: d, as: DoubleDouble.self)
        var g = [DoubleDouble](repeating: .zero, count: arguments.count)
        var absoluteSum = 0.0
        for j in arguments.indices {
            let x = arguments[j]
            // sin^2(theta) = (1 - t)(1 + t), both complements exact to rounding.
            let weight = sinePower(squaredSine: x.oneMinusT * x.onePlusT, exponent: d - 2)
            g[j] = cd * rule.weights[j] * kappa[j] * weight
            absoluteSum += Swift.abs(g[j].hi)
        }
        let t = arguments.map(\.t)
        let (moments, magnitudes) = GegenbauerMoments.moments(nodes: t, weights: g, dimension: d, maxDegree: maxDegree)
        return (moments, magnitudes, absoluteSum)
    }

    /// sin^n(theta) from sin^2(theta), n >= 0.
    static func sinePower(squaredSine s2: DoubleDouble, exponent n: Int) -> DoubleDouble {
        var result = n % 2 == 1 ? DoubleDouble.sqrt(s2) : DoubleDouble.one
        var base = s2
        var k = n / 2
        while k > 0 {
            if k & 1 == 1 { result *= base }
            base *= base
            k >>= 1
        }
        return result
    }
}
