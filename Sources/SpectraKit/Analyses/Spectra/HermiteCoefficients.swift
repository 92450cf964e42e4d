import Foundation

/// The squared normalised Hermite coefficients a_n^2 = E[phi(sqrt(q) Z) h_n(Z)]^2 of the smooth
/// activations to full RELATIVE precision for every n (docs/kernels.md#exact-hermite-coefficients),
/// for the exact tails of `SeriesSpectrum`; `DualActivationSeries` keeps its double-double values,
/// accurate to about 1e-30 of E[phi^2] in absolute terms, for the profile.
///
/// By Gaussian integration by parts a_n = sigma^n E[phi^(n)(sigma Z)] / sqrt(n!), sigma = sqrt(q),
/// and by Fourier inversion E[phi^(n)(sigma Z)] = (1/2pi) int (iw)^n phihat(w) e^{-q w^2/2} dw.
/// For the surviving parity this is, up to its sign, one positive integral:
///
///   sigmoid (n odd)           J_n(q, pi)    J_n(q, c) = int_0^oo w^n e^{-q w^2/2} / sinh(c w) dw
///   tanh (n odd)              J_n(q, pi/2)
///   softplus (n even >= 2)    J_{n-1}(q, pi)              (softplus^(n) = sigmoid^(n-1))
///   silu (n even >= 2)        L_n(q) = pi int_0^oo w^n e^{-q w^2/2} cosh(pi w) / sinh(pi w)^2 dw
///   gelu (n = 2j >= 2)        (2j-3)!! (2j + q) (1 + q)^{-j-1/2} / sqrt(2 pi)   (closed form)
///
/// plus the constants: sigmoid a_0 = 1/2; softplus, silu, gelu a_1 = sigma/2; silu a_0 = q J_1(q, pi);
/// gelu a_0 = q / sqrt(2 pi (1 + q)); softplus a_0 = E[softplus] (double-double quadrature, >= log 2).
/// Each integrand is positive, so its trapezoid sum (in s = log w, around the peak, step a fifth
/// of the peak's width, all in logs relative to the peak, the large factors combined without
/// rounding large exponents) keeps about 100 ulps of relative accuracy: within 1.4e-14 of 60-digit
/// values up to n = 1001 (the tests).
enum HermiteCoefficients {
    /// The integral's weight k(w).
    enum Weight: Sendable {
        /// 1 / sinh(c w).
        case inverseSinh(Double)
        /// pi cosh(pi w) / sinh(pi w)^2.
        case coshOverSinhSquared
    }

    /// The relative error used for every coefficient (the rounding in the exponents near the peak;
    /// an estimate: against 60-digit values up to n = 1001 the tests measure at most 1.4e-14).
    static func relativeError(count: Int) -> Double {
        2e-14
    }

    /// sigma^n / sqrt(n!) int_0^oo w^n e^{-q w^2/2} k(w) dw = e^{log} 2^{exponent}, q = qHi + qLo
    /// (to first order in qLo); n >= 1 for inverseSinh, n >= 2 for coshOverSinhSquared. The large
    /// factor e^{-c w*} (c w* up to about pi sqrt(n/q)) is formed in double-double with c = pi or
    /// pi/2 exactly and split into a power of 2 and a small remainder, so that no exponent of size
    /// c w* is rounded: the result keeps a few ulps of relative accuracy for every n.
    static func amplitude(_ n: Int, weight: Weight, qHi q: Double, qLo: Double = 0) -> (log: Double, exponent: Int) {
        let c: Double
        let sinhKind: Bool
        let cExact: DoubleDouble
        switch weight {
        case .inverseSinh(let value):
            c = value
            sinhKind = true
            cExact = value == Double.pi ? DoubleDouble.pi : DoubleDouble.pi * 0.5
        case .coshOverSinhSquared:
            c = Double.pi
            sinhKind = false
            cExact = DoubleDouble.pi
        }
        let m = Double(n + 1)
        // w (log k)'(w) and log k(w) without the -c w term (k(w) = 2 e^{-cw} r(w)).
        func slope(_ w: Double) -> Double {
            let x = c * w
            let coth = 1 / Foundation.tanh(x)
            return sinhKind ? -x * coth : x * Foundation.tanh(x) - 2 * x * coth
        }
        func logR(_ w: Double) -> Double {
            let e = -Foundation.expm1(-2 * c * w)              // 1 - e^{-2cw}
            return sinhKind ? -Foundation.log(e) : Foundation.log(Double.pi) + Foundation.log1p(Foundation.exp(-2 * c * w))
                - 2 * Foundation.log(e)
        }
        // The peak of Psi(s) = (n+1) s - q w^2/2 + log k(w), w = e^s: (n+1) - q w^2 + w (log k)' = 0,
        // decreasing in w; bisection in log w.
        var low = Foundation.log(1e-8), high = Foundation.log((m / q).squareRoot() + 1)
        for _ in 0..<40 {
            let mid = 0.5 * (low + high)
            let w = Foundation.exp(mid)
            if m - q * w * w + slope(w) > 0 { low = mid } else { high = mid }
        }
        let wStar = Foundation.exp(0.5 * (low + high))
        let qw2 = q * wStar * wStar
        let cw = c * wStar
        let linear = m - qw2 - cw                               // small near the peak
        let logRStar = logR(wStar)
        // Psi(s* + x) - Psi(s*), with e^x - 1 - x formed without cancellation.
        func excess(_ x: Double) -> Double {
            guard Swift.abs(x) < 0.5 else { return Foundation.expm1(x) - x }
            var term = x * x / 2, sum = 0.0
            var k = 2.0
            while Swift.abs(term) > 1e-18 * Swift.abs(sum) || sum == 0 {
                sum += term
                k += 1
                term *= x / k
                if k > 40 { break }
            }
            return sum
        }
        func psi(_ x: Double) -> Double {
            let w = wStar * Foundation.exp(x)
            return linear * x - 0.5 * qw2 * (excess(2 * x)) - cw * excess(x) + (logR(w) - logRStar)
        }
        // Step: a fifth of the peak's width (1 / sqrt(-Psi'')), at most 0.05.
        let delta = 1e-3
        let curvature = -(psi(delta) + psi(-delta)) / (delta * delta)
        let h = Swift.min(0.05, 0.2 / Swift.max(curvature, 1e-6).squareRoot())
        var s0 = 1.0, s2 = 1.0                                  // the node at the peak
        for direction in [1.0, -1.0] {
            var j = 1.0
            while j < 200_000 {
                let x = direction * j * h
                let value = psi(x)
                if value < -50 { break }
                let e = Foundation.exp(value)
                s0 += e
                s2 += e * Foundation.exp(2 * x)
                j += 1
            }
        }
        // (n/2) log(q w*^2) - q w*^2/2 - lgamma(n+1)/2, by Stirling for n >= 30 so that the large
        // terms cancel analytically.
        let bracket: Double
        if n >= 30 {
            let nd = Double(n)
            let epsilon = (qw2 - nd) / nd
            let stirling = 1 / (12 * nd) - 1 / (360 * nd * nd * nd) + 1 / (1260 * Foundation.pow(nd, 5)) - 1 / (1680 * Foundation.pow(nd, 7))
            bracket = 0.5 * nd * (Foundation.log1p(epsilon) - epsilon) - 0.25 * Foundation.log(2 * Double.pi * nd) - 0.5 * stirling
        } else {
            bracket = 0.5 * Double(n) * Foundation.log(qw2) - 0.5 * qw2 - 0.5 * logGamma(Double(n + 1))
        }
        // e^{-c w*} = 2^{-K} e^{-(c w* - K ln 2)} with c w* in double-double.
        let cwExact = cExact * wStar
        let K = Int((cwExact.hi / M_LN2).rounded())
        let reduced = (cwExact - DoubleDouble.ln2 * Double(K)).doubleValue
        let logValue = bracket + Foundation.log(wStar) + (M_LN2 - reduced + logRStar) + Foundation.log(h * s0)
        // d/dq: n/(2q) - <w^2>/2.
        let derivative = Double(n) / (2 * q) - 0.5 * wStar * wStar * s2 / s0
        return (logValue + qLo * derivative, -K)
    }

    /// `squares` through a small process-wide cache (the refinements of a spectrum ask for more
    /// terms of the same layers).
    static func cachedSquares(_ name: NetworkActivation.Name, variance q: DoubleDouble, count: Int) -> [ScaledDouble] {
        let key = LayerCache<[ScaledDouble]>.Key(name, variance: q)
        if let cached = squaresCache.get(key), cached.count >= count { return Array(cached.prefix(count)) }
        let made = squares(name, variance: q, count: count)
        squaresCache.set(key, made)
        return made
    }

    private static let squaresCache = LayerCache<[ScaledDouble]>(capacity: 16)

    /// a_n^2, n = 0..<count (docs/kernels.md#exact-hermite-coefficients).
    static func squares(_ name: NetworkActivation.Name, variance q: DoubleDouble, count: Int) -> [ScaledDouble] {
        var result = [ScaledDouble](repeating: .zero, count: count)
        let qHi = q.hi, qLo = q.lo
        func square(_ a: (log: Double, exponent: Int)) -> ScaledDouble {
            let small = ScaledDouble(log: 2 * a.log)
            return ScaledDouble(significand: small.significand, exponent: small.exponent + 2 * a.exponent)
        }
        func logAmplitude(_ n: Int, weight: Weight, qHi: Double, qLo: Double) -> (log: Double, exponent: Int) {
            amplitude(n, weight: weight, qHi: qHi, qLo: qLo)
        }
        let quarterQ = ScaledDouble(qHi / 4)
        switch name {
        case .sigmoid, .tanh:
            let c = name == .sigmoid ? Double.pi : Double.pi / 2
            if name == .sigmoid, count > 0 { result[0] = ScaledDouble(0.25) }
            for n in stride(from: 1, to: count, by: 2) {
                result[n] = square(logAmplitude(n, weight: .inverseSinh(c), qHi: qHi, qLo: qLo))
            }
        case .softplus:
            if count > 0 {
                let mean = DualActivationSeries.oneDimensionalMeans(.softplus, variance: q).phi.doubleValue
                result[0] = ScaledDouble(mean * mean)
            }
            if count > 1 { result[1] = quarterQ }
            for n in stride(from: 2, to: count, by: 2) {
                // a_n = sqrt(q/n) sigma^{n-1} J_{n-1} / sqrt((n-1)!).
                let log = logAmplitude(n - 1, weight: .inverseSinh(Double.pi), qHi: qHi, qLo: qLo)
                result[n] = square(log) * (qHi / Double(n))
            }
        case .silu:
            if count > 0 {
                // a_0 = q J_1 = sigma (sigma J_1).
                result[0] = square(logAmplitude(1, weight: .inverseSinh(Double.pi), qHi: qHi, qLo: qLo)) * qHi
            }
            if count > 1 { result[1] = quarterQ }
            for n in stride(from: 2, to: count, by: 2) {
                result[n] = square(logAmplitude(n, weight: .coshOverSinhSquared, qHi: qHi, qLo: qLo))
            }
        case .gelu:
            if count > 0 { result[0] = ScaledDouble(qHi * qHi / (2 * Double.pi * (1 + qHi))) }
            if count > 1 { result[1] = quarterQ }
            if count > 2 {
                // a_2^2 = q^2/2 (2 + q)^2 (1 + q)^-3 / (2 pi), then the ratio a_{2j+2}^2 / a_{2j}^2,
                // multiplied in double-double (a significand and a separate binary exponent).
                let qq = DoubleDouble(qHi)
                let onePlus = qq + 1.0
                var value = qq * qq * 0.5 * (qq + 2.0) * (qq + 2.0) / (DoubleDouble.pi * 2.0) / (onePlus * onePlus * onePlus)
                var exponent = 0
                result[2] = ScaledDouble(value.doubleValue)
                var j = 1
                while 2 * j + 2 < count {
                    let jd = DoubleDouble(Double(j))
                    let top = qq * qq * (jd * 2.0 - 1.0) * (jd * 2.0 - 1.0) * (jd * 2.0 + 2.0 + qq) * (jd * 2.0 + 2.0 + qq)
                    let bottom = (jd * 2.0 + 1.0) * (jd * 2.0 + 2.0) * (jd * 2.0 + qq) * (jd * 2.0 + qq) * onePlus * onePlus
                    value = value * (top / bottom)
                    (value, exponent) = renormalized(value, exponent)
                    let v = ScaledDouble(value.hi)
                    result[2 * j + 2] = ScaledDouble(significand: v.significand, exponent: v.exponent + exponent)
                    j += 1
                }
            }
        case .erf:
            // a_{2j+1}^2 = q^{2j+1} Gamma(j+1/2)^2 ((1+2q)/4)^{-(2j+1)} / (pi^2 (2j+1)!): a_1^2 =
            // 4q / (pi (1+2q)), ratio a^2 (2j+1)^2 / ((2j+2)(2j+3)) with a = 2q / (1+2q).
            let qq = DoubleDouble(qHi)
            let a = qq * 2.0 / (qq * 2.0 + 1.0)
            if count > 1 {
                var value = qq * 4.0 / (DoubleDouble.pi * (qq * 2.0 + 1.0))
                var exponent = 0
                result[1] = ScaledDouble(value.doubleValue)
                var j = 0
                while 2 * j + 3 < count {
                    let jd = DoubleDouble(Double(j))
                    value = value * (a * a * (jd * 2.0 + 1.0) * (jd * 2.0 + 1.0) / ((jd * 2.0 + 2.0) * (jd * 2.0 + 3.0)))
                    (value, exponent) = renormalized(value, exponent)
                    let v = ScaledDouble(value.hi)
                    result[2 * j + 3] = ScaledDouble(significand: v.significand, exponent: v.exponent + exponent)
                    j += 1
                }
            }
        default:
            break
        }
        return result
    }

    static func logGamma(_ x: Double) -> Double { Foundation.lgamma(x) }

    /// value 2^exponent with value kept in [2^-600, 2^600] (exact scaling by powers of 2).
    static func renormalized(_ value: DoubleDouble, _ exponent: Int) -> (DoubleDouble, Int) {
        guard value.hi != 0, Swift.abs(value.hi) < 0x1p-600 || Swift.abs(value.hi) > 0x1p600 else { return (value, exponent) }
        let shift = Int(value.hi.exponent)
        let factor = Foundation.scalbn(1.0, -shift)
        return (value * factor, exponent + shift)
    }

    /// log of lambda(s) = sum_{j >= 0} (2j+1)^{-s} bounded above (s >= 2):
    /// 1 + 3^{-s} + 3^{1-s} / (2(s-1)).
    static func logLambdaBound(_ s: Double) -> Double {
        Foundation.log1p(Foundation.pow(3, -s) + Foundation.pow(3, 1 - s) / (2 * (s - 1)))
    }

    /// log of a bound B_p >= sqrt(E[phi^(p)(sigma Z)^2]) from the poles of phi (nil when p is
    /// below the bound's range): tanh(x) = sum_k 2x / (x^2 + (k+1/2)^2 pi^2) gives
    /// |tanh^(p)| <= 2 p! (2/pi)^{p+1} lambda(p+1), sigmoid(x) = 1/2 + tanh(x/2)/2 gives
    /// |sigmoid^(p)| <= 2 p! pi^{-(p+1)} lambda(p+1), softplus^(p) = sigmoid^(p-1), and
    /// silu^(p) = x sigmoid^(p) + p sigmoid^(p-1) (so its root mean square is at most
    /// sigma |sigmoid^(p)|_oo + p |sigmoid^(p-1)|_oo).
    static func logDerivativeBound(_ name: NetworkActivation.Name, order p: Int, sigma: Double) -> Double? {
        let pd = Double(p)
        switch name {
        case .sigmoid:
            guard p >= 1 else { return nil }
            return M_LN2 + logGamma(pd + 1) - (pd + 1) * Foundation.log(Double.pi) + logLambdaBound(pd + 1)
        case .tanh:
            guard p >= 1 else { return nil }
            return M_LN2 + logGamma(pd + 1) + (pd + 1) * Foundation.log(2 / Double.pi) + logLambdaBound(pd + 1)
        case .softplus:
            guard p >= 2 else { return nil }
            return M_LN2 + logGamma(pd) - pd * Foundation.log(Double.pi) + logLambdaBound(pd)
        case .silu:
            guard p >= 2 else { return nil }
            let inner = sigma * Foundation.exp(logLambdaBound(pd + 1)) / Double.pi + Foundation.exp(logLambdaBound(pd))
            return M_LN2 + logGamma(pd + 1) - pd * Foundation.log(Double.pi) + Foundation.log(inner)
        case .erf:
            // erf^(p) = (2/sqrt pi) (-1)^{p-1} H_{p-1}(x) e^{-x^2}, |H_n(x) e^{-x^2/2}| <= K 2^{n/2} sqrt(n!)
            // (Cramer's inequality, K = 1.0865).
            guard p >= 1 else { return nil }
            return Foundation.log(2 / Double.pi.squareRoot() * 1.0865) + 0.5 * (pd - 1) * M_LN2 + 0.5 * logGamma(pd)
        case .gelu:
            // gelu^(p) = x Phi^(p) + p Phi^(p-1), Phi^(m) = (-1)^{m-1} He_{m-1}(x) N(x), and
            // |He_n(x)| e^{-x^2/4} <= K sqrt(n!).
            guard p >= 2 else { return nil }
            let first = Foundation.log(sigma) + 0.5 * logGamma(pd)
            let second = Foundation.log(pd) + 0.5 * logGamma(pd - 1)
            let top = Swift.max(first, second)
            let sum = top + Foundation.log(Foundation.exp(first - top) + Foundation.exp(second - top))
            return Foundation.log(1.0865 / (2 * Double.pi).squareRoot()) + sum
        default:
            return nil
        }
    }

    /// log of a bound on sum_{n >= N} a_n^2 (derivative: sum_{n >= N} a'_n^2, the coefficients of
    /// phi'): for every p <= N, sum_n (n)_p a_n^2 = q^p E[phi^(p)(sigma Z)^2], so the tail is at
    /// most q^p B_p^2 / (N)_p (B_{p+1} for phi'), minimised over p (about pi sqrt(N/q) for sigmoid:
    /// the bound falls like e^{-2 tau sqrt(N/q)}, the coefficients' own rate). gelu: its ratio
    /// a_{2j+2}^2 / a_{2j}^2 <= (q/(1+q))^2 ((2J+2+q)/(2J+q))^2 =: r for j >= J, a geometric tail.
    static func logTailBound(_ name: NetworkActivation.Name, variance q: Double, from N: Int, derivative: Bool) -> Double {
        guard N >= 4 else { return .infinity }
        if name == .erf {
            // Odd n only, ratio <= a^2 (a'_m^2 = (m+1) a_{m+1}^2 / q: ratio <= a^2 (n+2)/n from the first odd n = m+1).
            let a = 2 * q / (1 + 2 * q)
            let first = derivative ? (N % 2 == 0 ? N + 1 : N + 2) : (N % 2 == 1 ? N : N + 1)   // odd n carrying the tail
            var r = a * a
            if derivative { r *= Double(first + 2) / Double(first) }
            guard r < 1 else { return .infinity }
            let j = Double((first - 1) / 2)
            // log a_{2j+1}^2 = (2j+1) log q + 2 lgamma(j+1/2) - (2j+1) log((1+2q)/4) - 2 log pi - lgamma(2j+2).
            let powers: Double = (2 * j + 1) * (Foundation.log(q) - Foundation.log((1 + 2 * q) / 4))
            var logFirst: Double = powers + 2 * logGamma(j + 0.5) - 2 * Foundation.log(Double.pi) - logGamma(2 * j + 2)
            if derivative { logFirst += Foundation.log(Double(first) / q) }
            return logFirst - Foundation.log1p(-r) + 1e-6
        }
        if name == .gelu {
            // a_n^2 = 0 for odd n >= 3; the even ones from n = 2J on (a'_m^2 = (m+1) a_{m+1}^2 / q is
            // nonzero for odd m = 2j - 1).
            let J = derivative ? (N + 2) / 2 : (N + 1) / 2
            let jd = Double(J)
            let r0 = (q / (1 + q)) * ((2 * jd + 2 + q) / (2 * jd + q))
            var r = r0 * r0
            if derivative { r *= (2 * jd + 2) / (2 * jd) }
            guard r < 1 else { return .infinity }
            // a_{2J}^2 = q^{2J}/(2J)! ((2J-3)!!)^2 (2J+q)^2 (1+q)^{-2J-1} / (2 pi).
            let logDoubleFactorial: Double = logGamma(2 * jd - 1) - (jd - 1) * M_LN2 - logGamma(jd)
            let powers: Double = 2 * jd * Foundation.log(q) - logGamma(2 * jd + 1) + 2 * logDoubleFactorial
            let rest: Double = 2 * Foundation.log(2 * jd + q) - (2 * jd + 1) * Foundation.log1p(q) - Foundation.log(2 * Double.pi)
            var logFirst = powers + rest
            if derivative { logFirst += Foundation.log(2 * jd / q) }
            // A margin of 1e-6 relative for the lgamma rounding.
            return logFirst - Foundation.log1p(-r) + 1e-6
        }
        let sigma = q.squareRoot()
        var best = Double.infinity
        let logQ = Foundation.log(q)
        let logNFactorial = logGamma(Double(N + 1))
        for p in 1...N {
            guard let logB = logDerivativeBound(name, order: derivative ? p + 1 : p, sigma: sigma) else { continue }
            let value: Double = Double(p) * logQ + 2 * logB - logNFactorial + logGamma(Double(N - p + 1))
            if value < best { best = value } else if value > best + 50 { break }
        }
        return best
    }
}
