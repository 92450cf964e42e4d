/// The angle a = arccos(c) between two centred Gaussians of correlation c, with its
/// supplement b = pi - a and sin a, computed from the complements 1 - c and 1 + c
/// (docs/kernels.md#arc-cosine-kernels, ReLU and arc-cosine formulas).
///
/// Accuracy: a, b and sin a each to a few ulps *relative*, also for c within rounding of ±1,
/// provided 1 - c and 1 + c carry full relative accuracy (as `CosineArgument` promises).
/// The smaller of a and b comes from 2 atan(sqrt(ratio)), the larger as pi minus it.
struct ArcCosineAngle<R: RealArithmetic> {
    /// c = cos a.
    let cosine: R
    /// a in [0, pi].
    let angle: R
    /// b = pi - a.
    let supplement: R
    /// sin a = sin b = sqrt((1 - c)(1 + c)) >= 0.
    let sine: R

    init(_ x: CosineArgument<R>) {
        let oneMinus = x.oneMinusT
        let onePlus = x.onePlusT
        if oneMinus <= onePlus {
            angle = R.atan(R.sqrt(oneMinus / onePlus)) * 2.0
            supplement = R.pi - angle
        } else {
            supplement = R.atan(R.sqrt(onePlus / oneMinus)) * 2.0
            angle = R.pi - supplement
        }
        sine = R.sqrt(oneMinus * onePlus)
        cosine = x.t
    }
}

/// Cancellation-free pieces of the ReLU Gaussian expectations and arc-cosine kernels.
enum ArcCosineTerms {
    /// g(x) = sin x - x cos x for x in [0, pi], given sin x and cos x.
    ///
    /// For x < 1 by its Taylor series sum_{n>=1} (-1)^{n+1} 2n x^{2n+1} / (2n+1)!
    /// (g(x) ~ x^3/3: the direct difference would lose all relative digits); otherwise
    /// directly (at most 2 bits lost at x = 1). Relative accuracy: a few ulps.
    static func sinMinusAngleCos<R: RealArithmetic>(angle x: R, sine: R, cosine: R) -> R {
        guard x < R.one else { return sine - x * cosine }
        let x2 = x * x
        var term = x * x2 / R(3)            // n = 1: 2 x^3 / 3! (1/3 in R's precision, not Double's)
        var sum = term
        var n = 1
        while n < 60 {
            // term_{n+1} / term_n = -x^2 / (2n (2n + 3))
            term = -(term * x2) / R(2 * n * (2 * n + 3))
            sum = sum + term
            n += 1
            if term.magnitude.doubleValue <= sum.magnitude.doubleValue * R.ulpOfOne * 0.25 { break }
        }
        return sum
    }

    /// h(b) = b (1 + 2 cos^2 b) - 3 sin b cos b for b in [0, pi] (the order-2 arc-cosine
    /// kernel is h(pi - a) / (3 pi)). With u = 2b, h = sum_{n>=2} (-1)^n (n-1) u^{2n+1}/(2n+1)!,
    /// used for b < 1 (h ~ 4 b^5 / 15); directly otherwise. Relative accuracy: a few ulps.
    static func orderTwoNumerator<R: RealArithmetic>(angle b: R, sine: R, cosine: R) -> R {
        guard b < R.one else { return b * (R.one + cosine * cosine * 2.0) - sine * cosine * 3.0 }
        let u = b * 2.0
        let u2 = u * u
        var term = u * u2 * u2 / R(120)         // n = 2: u^5 / 5!
        var sum = term
        var n = 2
        while n < 60 {
            // term_{n+1} / term_n = -u^2 n / ((n - 1)(2n + 2)(2n + 3))
            term = -(term * u2) * R(n) / R((n - 1) * (2 * n + 2) * (2 * n + 3))
            sum = sum + term
            n += 1
            if term.magnitude.doubleValue <= sum.magnitude.doubleValue * R.ulpOfOne * 0.25 { break }
        }
        return sum
    }
}

/// Second moments of one layer of a network on the sphere (docs/kernels.md): both inputs have the
/// same variance q = S_xx = S_yy, covariance s = S_xy, and the complements q - s and q + s
/// are carried separately so that each keeps full relative accuracy near t = ±1.
struct LayerMoments<R: RealArithmetic> {
    var variance: R
    var covariance: R
    /// q - s >= 0.
    var varianceMinusCovariance: R
    /// q + s >= 0.
    var variancePlusCovariance: R

    /// The correlation c = s / q with its complements, for the Gaussian expectations.
    var correlation: CosineArgument<R> {
        CosineArgument(t: covariance / variance,
                       oneMinusT: varianceMinusCovariance / variance,
                       onePlusT: variancePlusCovariance / variance)
    }
}

/// ReLU Gaussian expectations (docs/kernels.md#relu-expectations): with r = sqrt(S_xx S_yy) and cos a = S_xy / r,
/// E[phi(u) phi(v)] = r (sin a + (pi - a) cos a) / (2 pi), E[phi'(u) phi'(v)] = (pi - a) / (2 pi).
enum ReLUExpectations {
    /// One layer S^l -> S^{l+1} = sw2 E[phi phi] + sb2 on the sphere, with
    /// Sdot^{l+1} = sw2 E[phi' phi'].
    ///
    /// Written through b = pi - a and g(x) = sin x - x cos x:
    ///   sin a + (pi - a) cos a = g(b),
    ///   q' - s' = sw2 q (pi (1 - c) - g(a)) / (2 pi)   (no cancellation: the bracket is >= pi(1-c)/2),
    ///   q' + s' = sw2 q (pi + g(b)) / (2 pi) + 2 sb2,
    /// so every output keeps the relative accuracy of the inputs (a few ulps per layer).
    static func nextLayer<R: RealArithmetic>(_ m: LayerMoments<R>, weightVariance sw2: R, biasVariance sb2: R)
        -> (moments: LayerMoments<R>, derivativeCovariance: R)
    {
        let c = m.correlation
        let angle = ArcCosineAngle(c)
        let gOfB = ArcCosineTerms.sinMinusAngleCos(angle: angle.supplement, sine: angle.sine, cosine: -c.t)
        let gOfA = ArcCosineTerms.sinMinusAngleCos(angle: angle.angle, sine: angle.sine, cosine: c.t)
        let twoPi = R.pi * 2.0
        let scale = sw2 * m.variance / twoPi
        let next = LayerMoments(
            variance: sw2 * m.variance * 0.5 + sb2,
            covariance: scale * gOfB + sb2,
            varianceMinusCovariance: scale * (R.pi * c.oneMinusT - gOfA),
            variancePlusCovariance: scale * (R.pi + gOfB) + sb2 * 2.0)
        return (next, sw2 * angle.supplement / twoPi)
    }
}
