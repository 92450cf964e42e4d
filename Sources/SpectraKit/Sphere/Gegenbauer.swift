/// The Legendre (Gegenbauer) polynomials of dimension d normalised by P_k(1) = 1 (docs/conventions.md#gegenbauer-polynomials):
/// P_0 = 1, P_1 = t, P_{k+1} = ((2k + d - 2) t P_k - k P_{k-1}) / (k + d - 2).
/// d = 2 gives the Chebyshev polynomials T_k, d = 3 the Legendre polynomials.
///
/// Accuracy: the three-term recurrence is forward-stable on [-1, 1] (|P_k| <= 1 there); the
/// absolute error after k steps grows like sqrt(k) ulps of R in practice, k ulps at worst.
public struct Gegenbauer: Sendable {
    public let dimension: Int

    /// - Precondition-free: dimensions below 2 are rejected by the callers' validation; here
    ///   they are clamped to 2 so that no input can trap.
    public init(dimension: Int) {
        self.dimension = Swift.max(2, dimension)
    }

    /// The recurrence coefficients of P_{k+1} = a_k t P_k - b_k P_{k-1}, for k >= 1:
    /// a_k = (2k + d - 2)/(k + d - 2), b_k = k/(k + d - 2).
    public func recurrenceCoefficients<R: RealArithmetic>(_ k: Int, as _: R.Type = R.self) -> (a: R, b: R) {
        let denominator = R(k + dimension - 2)
        return (R(2 * k + dimension - 2) / denominator, R(k) / denominator)
    }

    /// P_0(t) ... P_maxDegree(t).
    public func values<R: RealArithmetic>(upTo maxDegree: Int, at t: R) -> [R] {
        guard maxDegree >= 0 else { return [] }
        var p: [R] = [R.one]
        p.reserveCapacity(maxDegree + 1)
        if maxDegree >= 1 { p.append(t) }
        var k = 1
        while k < maxDegree {
            let (a, b) = recurrenceCoefficients(k, as: R.self)
            p.append(a * t * p[k] - b * p[k - 1])
            k += 1
        }
        return p
    }

    /// P_k(t) alone.
    public func value<R: RealArithmetic>(degree k: Int, at t: R) -> R {
        values(upTo: k, at: t).last ?? R.zero
    }
}
