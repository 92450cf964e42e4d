import Foundation

/// Gaussian expectations of the piecewise-linear activations phi(x) = a min(x, 0) + b max(x, 0)
/// = alpha x + beta |x| (alpha = (a + b)/2, beta = (b - a)/2; docs/kernels.md#activations):
/// the cross terms E[u |v|] vanish by symmetry, so with A = E[|u| |v|] (the arc-cosine
/// expectations: A = 2 (E[relu u relu v] + E[relu u relu(-v)]))
///
///   E[phi(u) phi(v)]   = alpha^2 S_xy + beta^2 A,   A = (2/pi) (sqrt(S_xx S_yy - S_xy^2) + S_xy (pi/2 - a)),
///   E[phi'(u) phi'(v)] = a b + 2 beta^2 (pi - a) / pi,
///
/// a = arccos(S_xy / sqrt(S_xx S_yy)) the angle between the inputs.
enum PiecewiseLinearExpectations {
    /// One layer on the sphere, with the complements q' -+ s' formed without cancellation:
    ///   q - A = (q/pi) (pi (1 - |c|) - 2 g(min(a, pi - a))),   q + A = (q/pi) (pi + g(a) + g(pi - a)),
    /// g(x) = sin x - x cos x (`ArcCosineTerms`), so each output keeps the inputs' relative accuracy.
    static func nextLayer<R: RealArithmetic>(_ m: LayerMoments<R>, activation: NetworkActivation, weightVariance sw2: R,
                                             biasVariance sb2: R) -> (moments: LayerMoments<R>, derivativeCovariance: R)
    {
        let (alpha, beta) = activation.linearAndAbsoluteParts
        let alpha2 = R(alpha * alpha), beta2 = R(beta * beta)
        let c = m.correlation
        let angle = ArcCosineAngle(c)
        let gOfA = ArcCosineTerms.sinMinusAngleCos(angle: angle.angle, sine: angle.sine, cosine: c.t)
        let gOfB = ArcCosineTerms.sinMinusAngleCos(angle: angle.supplement, sine: angle.sine, cosine: -c.t)
        let q = m.variance
        let qOverPi = q / R.pi
        let absoluteProduct = qOverPi * (gOfA + gOfB)                       // A
        let gap = c.t >= R.zero
            ? qOverPi * (R.pi * c.oneMinusT - gOfA * 2.0)
            : qOverPi * (R.pi * c.onePlusT - gOfB * 2.0)                      // q - A >= 0
        let next = LayerMoments(
            variance: sw2 * (alpha2 + beta2) * q + sb2,
            covariance: sw2 * (alpha2 * m.covariance + beta2 * absoluteProduct) + sb2,
            varianceMinusCovariance: sw2 * (alpha2 * m.varianceMinusCovariance + beta2 * gap),
            variancePlusCovariance: sw2 * (alpha2 * m.variancePlusCovariance + beta2 * (q + absoluteProduct)) + sb2 * 2.0)
        let slopes = R(activation.negativeSlope * activation.positiveSlope)
        let derivative = sw2 * (slopes + beta2 * 2.0 * angle.supplement / R.pi)
        return (next, derivative)
    }

    /// (E[phi(u) phi(v)], E[phi'(u) phi'(v)]) for any variances, in Double (off the sphere).
    static func expectations(_ activation: NetworkActivation, sxx: Double, syy: Double, sxy: Double) -> (Double, Double) {
        let (alpha, beta) = activation.linearAndAbsoluteParts
        let determinant = Swift.max(0, (DoubleDouble.twoProduct(sxx, syy) - DoubleDouble.twoProduct(sxy, sxy)).doubleValue)
        let root = determinant.squareRoot()
        let a = sxx > 0 && syy > 0 ? Foundation.atan2(root, sxy) : Double.pi / 2
        let absoluteProduct = 2 / Double.pi * (root + sxy * (Double.pi / 2 - a))
        return (alpha * alpha * sxy + beta * beta * absoluteProduct,
                activation.negativeSlope * activation.positiveSlope + 2 * beta * beta * (Double.pi - a) / Double.pi)
    }
}

/// Gaussian expectations of sin and cos (docs/kernels.md#activations), from E[e^{i(u +- v)}]:
///   E[sin u sin v] = e^{-(S_xx+S_yy)/2} sinh S_xy,   E[cos u cos v] = e^{-(S_xx+S_yy)/2} cosh S_xy.
/// On the sphere (S_xx = S_yy = q) with d = q - s and p = q + s these are (e^{-d} -+ e^{-p})/2,
/// and the complements of the next layer are products of 1 +- e^{-d}, 1 +- e^{-p}: no cancellation.
enum TrigonometricExpectations {
    static func nextLayer<R: RealArithmetic>(_ m: LayerMoments<R>, cosine: Bool, weightVariance sw2: R,
                                             biasVariance sb2: R) -> (moments: LayerMoments<R>, derivativeCovariance: R)
    {
        let d = m.varianceMinusCovariance, p = m.variancePlusCovariance
        let eD = R.exp(-d), eP = R.exp(-p)
        let mD = oneMinusExpNegative(d), mP = oneMinusExpNegative(p)
        let sinSin = (eD - eP) * 0.5, cosCos = (eD + eP) * 0.5
        let half = sw2 * 0.5
        let next: LayerMoments<R>
        if cosine {
            next = LayerMoments(variance: half * (R.one + R.exp(-(m.variance * 2.0))) + sb2,
                                covariance: sw2 * cosCos + sb2,
                                varianceMinusCovariance: half * mP * mD,
                                variancePlusCovariance: half * (R.one + eP) * (R.one + eD) + sb2 * 2.0)
            return (next, sw2 * sinSin)
        }
        next = LayerMoments(variance: half * oneMinusExpNegative(m.variance * 2.0) + sb2,
                            covariance: sw2 * sinSin + sb2,
                            varianceMinusCovariance: half * (R.one + eP) * mD,
                            variancePlusCovariance: half * mP * (R.one + eD) + sb2 * 2.0)
        return (next, sw2 * cosCos)
    }

    /// (E[phi(u) phi(v)], E[phi'(u) phi'(v)]) for any variances, in Double (off the sphere).
    static func expectations(cosine: Bool, sxx: Double, syy: Double, sxy: Double) -> (Double, Double) {
        let m = (sxx + syy) / 2
        let plus = Foundation.exp(sxy - m) / 2, minus = Foundation.exp(-sxy - m) / 2
        return cosine ? (plus + minus, plus - minus) : (plus - minus, plus + minus)
    }

    /// 1 - e^{-x} for x >= 0 with full relative accuracy (its Taylor series below 1/2).
    static func oneMinusExpNegative<R: RealArithmetic>(_ x: R) -> R {
        guard x < R(0.5) else { return R.one - R.exp(-x) }
        var term = x, sum = x
        var n = 1
        while n < 80 {
            n += 1
            term = -(term * x) / R(n)
            sum = sum + term
            if term.magnitude.doubleValue <= sum.magnitude.doubleValue * R.ulpOfOne * 0.25 { break }
        }
        return sum
    }
}
