import Foundation

/// Gaussian expectations E[phi(u) phi(v)] and E[phi'(u) phi'(v)] of the smooth activations
/// without a closed form (sigmoid, tanh, gelu, silu, softplus; docs/kernels.md#activations), by a
/// product trapezoid rule in the variables themselves:
///
///   v = k u + w,  k = S_xy / S_xx,  w ~ N(0, S_yy - S_xy^2 / S_xx) independent of u,
///   E[f(u) g(v)] = E_u[ f(u) E_w[ g(k u + w) ] ],
///
/// each one-dimensional Gaussian integral by the trapezoid rule on a grid of step h over
/// |x| <= sigma sqrt(2 (L + 8)) (L = ln(1/ulp) + 3 of the precision R: 75 in double-double).
/// The integrands are analytic in the strip |Im x| < d of the activation (tanh: pi/2, sigmoid,
/// silu and softplus: pi; gelu is entire and its growth e^{y^2/2} is met at d = 2), so the rule's
/// error is at most about exp(y^2/(2 sigma^2) - 2 pi y / h) for every y < d; the step makes
/// it e^{-L} (`step(sigma:strip:digits:)`). At correlation ±1 (w = 0) the inner integral is the
/// single value g(k u): the diagonal is the one-dimensional integral, exactly.
///
/// Cost: (2J + 1)^2 evaluations of phi with J about 2 sigma sqrt(2L) / h, i.e. growing like the
/// layer variance; `maximumVariance` bounds it (and the kernels refuse larger variances).
enum SmoothExpectations {
    /// The largest layer variance S_xx the kernels accept for a smooth activation.
    static let maximumVariance = 1000.0

    /// The half-width of the strip around the real axis in which phi is analytic (the nearest
    /// singularity: tanh at i pi/2, the logistic function at i pi), times 0.8 so that |phi|
    /// stays moderate where the error bound is taken.
    static func strip(_ name: NetworkActivation.Name) -> Double {
        switch name {
        case .tanh: return 0.8 * Double.pi / 2
        case .gelu: return 2
        default: return 0.8 * Double.pi
        }
    }

    /// ln(1 / target error) for precision R.
    static func digits<R: RealArithmetic>(_: R.Type) -> Double { -Foundation.log(R.ulpOfOne) + 3 }

    /// The trapezoid step for a Gaussian of standard deviation sigma against an integrand
    /// analytic in |Im x| < d: the aliasing error is min over y <= d of
    /// exp(y^2/(2 sigma^2) - 2 pi y/h); the optimum y = 2 pi sigma^2 / h gives
    /// h = pi sigma sqrt(2/L) when that y is inside the strip, else y = d gives
    /// h = 2 pi d / (L + d^2 / (2 sigma^2)).
    static func step(sigma: Double, strip d: Double, digits L: Double) -> Double {
        if sigma * (2 * L).squareRoot() <= d { return Double.pi * sigma * (2 / L).squareRoot() }
        return 2 * Double.pi * d / (L + d * d / (2 * sigma * sigma))
    }

    /// Half of the trapezoid rule for E[F(x)], x ~ N(0, variance): nodes x_k = k h >= 0 and
    /// weights w_k such that E[F] ~ sum_k w_k (F(x_k) + F(-x_k)) (w_0 is halved), so that
    /// odd integrands cancel exactly. `stepScale` > 1 gives a coarser rule (the error estimate).
    /// A single node x = 0 of weight 1/2 when the variance is 0.
    static func gaussianRule<R: RealArithmetic>(variance: R, strip d: Double, stepScale: Double) -> (nodes: [R], weights: [R]) {
        let v = variance.doubleValue
        guard v > 0 else { return ([R.zero], [R(0.5)]) }
        let sigma = v.squareRoot()
        let L = digits(R.self)
        let h = step(sigma: sigma, strip: d, digits: L) * stepScale
        let count = Int((sigma * (2 * (L + 8)).squareRoot() / h).rounded(.up))
        let hR = R(h)
        let scale = hR / R.sqrt(variance * (R.pi * 2.0))
        var nodes: [R] = [], weights: [R] = []
        nodes.reserveCapacity(count + 1)
        weights.reserveCapacity(count + 1)
        for j in 0...count {
            let x = hR * R(j)
            nodes.append(x)
            let w = scale * R.exp(-(x * x) / (variance * 2.0))
            weights.append(j == 0 ? w * 0.5 : w)
        }
        return (nodes, weights)
    }

    /// (E[phi(u) phi(v)], E[phi'(u) phi'(v)]) with u ~ N(0, varianceX), v = slope u + w,
    /// w ~ N(0, conditionalVariance). Symmetric nodes are summed in pairs, so that an odd phi
    /// at slope 0 gives exactly 0.
    static func expectations<R: RealArithmetic>(_ name: NetworkActivation.Name, varianceX: R, slope: R,
                                                conditionalVariance: R, stepScale: Double = 1) -> (R, R)
    {
        let d = strip(name)
        let outerStrip = d / Swift.max(1, slope.magnitude.doubleValue)
        let outer = gaussianRule(variance: varianceX, strip: outerStrip, stepScale: stepScale)
        let inner = gaussianRule(variance: conditionalVariance, strip: d, stepScale: stepScale)
        func conditionalMeans(_ centre: R) -> (R, R) {
            var g = R.zero, gPrime = R.zero
            for (w, innerWeight) in zip(inner.nodes, inner.weights) {
                let a = values(name, centre + w), b = values(name, centre - w)
                g = g + innerWeight * (a.phi + b.phi)
                gPrime = gPrime + innerWeight * (a.derivative + b.derivative)
            }
            return (g, gPrime)
        }
        var product = R.zero, derivativeProduct = R.zero
        for (u, weight) in zip(outer.nodes, outer.weights) {
            let f = values(name, u), fMinus = values(name, -u)
            let (g, gPrime) = conditionalMeans(slope * u)
            let (gMinus, gPrimeMinus) = conditionalMeans(-(slope * u))
            product = product + weight * (f.phi * g + fMinus.phi * gMinus)
            derivativeProduct = derivativeProduct + weight * (f.derivative * gPrime + fMinus.derivative * gPrimeMinus)
        }
        return (product, derivativeProduct)
    }

    /// One layer on the sphere (equal variances q, covariance s with complements q -+ s):
    /// slope c = s/q, conditional variance (q - s)(q + s)/q. The profile is analytic, so the
    /// complements of the next layer are formed by subtraction (absolute accuracy is what it needs).
    static func nextLayer<R: RealArithmetic>(_ m: LayerMoments<R>, activation: NetworkActivation, weightVariance sw2: R,
                                             biasVariance sb2: R) -> (moments: LayerMoments<R>, derivativeCovariance: R)
    {
        let q = m.variance
        let (diagonal, _) = expectations(activation.name, varianceX: q, slope: R.one, conditionalVariance: R.zero)
        let (product, derivativeProduct) = expectations(
            activation.name, varianceX: q, slope: m.covariance / q,
            conditionalVariance: m.varianceMinusCovariance * m.variancePlusCovariance / q)
        let variance = sw2 * diagonal + sb2
        let covariance = sw2 * product + sb2
        let next = LayerMoments(variance: variance, covariance: covariance,
                                varianceMinusCovariance: variance - covariance,
                                variancePlusCovariance: variance + covariance)
        return (next, sw2 * derivativeProduct)
    }

    /// (E[phi(u) phi(v)], E[phi'(u) phi'(v)]) for any variances, in Double (off the sphere).
    static func expectations(_ name: NetworkActivation.Name, sxx: Double, syy: Double, sxy: Double) -> (Double, Double) {
        guard sxx > 0 else {
            // u = 0 (a zero input without bias): E[phi(0) phi(v)] = phi(0) E[phi(v)].
            let f = values(name, 0.0)
            let means = oneDimensionalMeans(name, variance: syy)
            return (f.phi * means.phi, f.derivative * means.derivative)
        }
        let conditional = Swift.max(0, syy - sxy * sxy / sxx)
        return expectations(name, varianceX: sxx, slope: sxy / sxx, conditionalVariance: conditional)
    }

    /// (E[phi(u)], E[phi'(u)]), u ~ N(0, variance), in Double.
    static func oneDimensionalMeans(_ name: NetworkActivation.Name, variance: Double) -> (phi: Double, derivative: Double) {
        oneDimensional(name, variance: variance) { ($0.phi, $0.derivative) }
    }

    /// (E[phi(u)^2], E[phi'(u)^2]), u ~ N(0, variance), in Double (the mean-field phase).
    static func squaredMeans(_ name: NetworkActivation.Name, variance: Double) -> (phi: Double, derivative: Double) {
        oneDimensional(name, variance: variance) { ($0.phi * $0.phi, $0.derivative * $0.derivative) }
    }

    /// E[F(phi(u), phi'(u))] for the two components of F, u ~ N(0, variance), in Double.
    private static func oneDimensional(_ name: NetworkActivation.Name, variance: Double,
                                       _ integrand: ((phi: Double, derivative: Double)) -> (Double, Double))
        -> (phi: Double, derivative: Double)
    {
        let rule = gaussianRule(variance: variance, strip: strip(name), stepScale: 1)
        var first = 0.0, second = 0.0
        for (x, w) in zip(rule.nodes, rule.weights) {
            let a = integrand(values(name, x)), b = integrand(values(name, -x))
            first += w * (a.0 + b.0)
            second += w * (a.1 + b.1)
        }
        return (first, second)
    }

    // MARK: The activations in precision R

    /// phi(x) and phi'(x), each to a few ulps of max(1, |x|) in R.
    @inline(__always)
    static func values<R: RealArithmetic>(_ name: NetworkActivation.Name, _ x: R) -> (phi: R, derivative: R) {
        switch name {
        case .tanh:
            // tanh|x| = (1 - e)/(1 + e), tanh' = 4e/(1 + e)^2 with e = e^{-2|x|}.
            let e = R.exp(-(x.magnitude * 2.0))
            let onePlus = R.one + e
            let t = (R.one - e) / onePlus
            return (x < R.zero ? -t : t, e * 4.0 / (onePlus * onePlus))
        case .sigmoid, .silu, .softplus:
            let e = R.exp(-x.magnitude)
            let onePlus = R.one + e
            let big = R.one / onePlus, small = e / onePlus          // sigma(|x|), sigma(-|x|)
            let s = x < R.zero ? small : big
            let sPrime = big * small                                // sigma(x) sigma(-x)
            switch name {
            case .sigmoid: return (s, sPrime)
            case .silu: return (x * s, s + x * sPrime)
            default: return ((x > R.zero ? x : R.zero) + R.log(onePlus), s)
            }
        case .gelu:
            let cdf = normalCDF(x)
            let density = R.exp(-(x * x) * 0.5) / R.sqrt(R.pi * 2.0)
            return (x * cdf, cdf + x * density)
        default:
            // Only the smooth activations above reach the quadrature.
            return (R.zero, R.zero)
        }
    }

    /// Phi(x), the standard normal distribution function, to a few ulps of 1 in R: with
    /// y = |x|/sqrt 2, erf y = (2/sqrt pi) e^{-y^2} sum_n 2^n y^{2n+1} / (2n+1)!! (positive
    /// terms) for y <= 4, and erfc y by its continued fraction beyond (erfc 4 < 2e-8, the
    /// fraction converges in a few dozen terms there).
    static func normalCDF<R: RealArithmetic>(_ x: R) -> R {
        let y = x.magnitude / R.sqrt(R(2))
        let complement: R                                          // erfc(y)
        if y <= R(4) {
            let y2 = y * y
            var term = y, sum = y
            var n = 0
            while n < 400 {
                n += 1
                term = term * y2 * 2.0 / R(2 * n + 1)
                sum = sum + term
                if term.doubleValue <= sum.doubleValue * R.ulpOfOne * 0.25 { break }
            }
            complement = R.one - sum * R.exp(-y2) * 2.0 / R.sqrt(R.pi)
        } else {
            // erfc y = e^{-y^2}/sqrt(pi) * 1/(y + (1/2)/(y + 1/(y + (3/2)/(y + 2/(y + ...))))),
            // evaluated from the tail (enough terms for y >= 4 at 32 digits).
            var fraction = y
            var k = 120
            while k >= 1 {
                fraction = y + R(Double(k) / 2) / fraction
                k -= 1
            }
            complement = R.exp(-(y * y)) / (R.sqrt(R.pi) * fraction)
        }
        let half = complement * 0.5
        return x < R.zero ? half : R.one - half
    }
}
