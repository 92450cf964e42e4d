/// erf Gaussian expectations (docs/kernels.md#erf-expectations): with A = (1 + 2 S_xx)(1 + 2 S_yy),
/// E[phi(u) phi(v)] = (2/pi) asin(2 S_xy / sqrt(A)),
/// E[phi'(u) phi'(v)] = (4/pi) / sqrt(A - 4 S_xy^2).
///
/// The erf profile is analytic on [-1, 1] (|2 S_xy / sqrt(A)| < 1 strictly), so plain
/// evaluation is accurate to a few ulps of the layer's variance; the complements are formed by
/// subtraction, which is enough for the absolute accuracy the profile needs.
enum ErfExpectations {
    /// One layer S^l -> S^{l+1} = sw2 E[phi phi] + sb2 on the sphere (equal variances q),
    /// with Sdot^{l+1} = sw2 E[phi' phi'].
    static func nextLayer<R: RealArithmetic>(_ m: LayerMoments<R>, weightVariance sw2: R, biasVariance sb2: R)
        -> (moments: LayerMoments<R>, derivativeCovariance: R)
    {
        let twoOverPi = R(2.0) / R.pi
        let denominator = R.one + m.variance * 2.0          // sqrt(A)
        let variance = sw2 * twoOverPi * R.asin(m.variance * 2.0 / denominator) + sb2
        let covariance = sw2 * twoOverPi * R.asin(m.covariance * 2.0 / denominator) + sb2
        // A - 4 s^2 = (1 + 2(q - s)) (1 + 2(q + s)), a product of positive factors.
        let gap = (R.one + m.varianceMinusCovariance * 2.0) * (R.one + m.variancePlusCovariance * 2.0)
        let derivative = sw2 * (twoOverPi * 2.0) / R.sqrt(gap)
        let next = LayerMoments(variance: variance, covariance: covariance,
                                varianceMinusCovariance: variance - covariance,
                                variancePlusCovariance: variance + covariance)
        return (next, derivative)
    }
}
