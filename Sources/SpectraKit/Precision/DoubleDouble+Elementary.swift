import Foundation

// Elementary functions in double-double, table-driven (constants in DoubleDouble+Tables.swift).
// Each reduces its argument exactly (constants split into three Doubles, products by
// TwoProduct), evaluates a short series in double-double and reconstructs. Accuracy targets
// on the stated domains, in units of u^2 = 2^-106 ~ 1.2e-32: a few u^2 relative (absolute
// near the zeros of sin and cos). Measured worst cases are in the tests
// (Tests/SpectraKitTests/Precision/DoubleDoubleElementaryTests.swift).

extension DoubleDouble {
    public static let pi = DoubleDouble(uncheckedHi: 0x1.921fb54442d18p+1, lo: 0x1.1a62633145c07p-53)
    public static let halfPi = DoubleDouble(uncheckedHi: 0x1.921fb54442d18p+0, lo: 0x1.1a62633145c07p-54)
    public static let ln2 = DoubleDouble(uncheckedHi: 0x1.62e42fefa39efp-1, lo: 0x1.abc9e3b39803fp-56)

    /// ln2/64 = L1 + L2 + L3 to about 2^-170 (mpmath, mp.dps = 60).
    @usableFromInline static let ln2Over64 = (0x1.62e42fefa39efp-7, 0x1.abc9e3b39803fp-62, 0x1.7b57a079a1934p-117)
    /// pi/32 = P1 + P2 + P3 to about 2^-167 (mpmath, mp.dps = 60).
    @usableFromInline static let piOver32 = (0x1.921fb54442d18p-4, 0x1.1a62633145c07p-58, -0x1.f1976b7ed8fbcp-114)

    public var isFinite: Bool { hi.isFinite }
    public var isNaN: Bool { hi.isNaN }
    public var magnitude: DoubleDouble { hi < 0 ? -self : self }

    /// x - n c for an integer-valued n with |n| < 2^44, c = c1 + c2 + c3 given to 160+ bits:
    /// n c1 and n c2 are exact (TwoProduct), so the result is accurate to a few u^2 relative
    /// to itself, cancellation included (Cody & Waite).
    @inlinable static func reduce(_ x: DoubleDouble, _ n: Double, _ c: (Double, Double, Double)) -> DoubleDouble {
        ((x - twoProduct(n, c.0)) - twoProduct(n, c.1)) - n * c.2
    }

    /// sqrt(x) for x >= 0: one Newton step on the Double root (Karp & Markstein), error
    /// below 2u^2. sqrt(-0) = -0, sqrt(+inf) = +inf, negative x gives NaN.
    public static func sqrt(_ x: DoubleDouble) -> DoubleDouble {
        if x.hi.isNaN { return x }
        if x.hi <= 0 { return x.hi == 0 ? x : DoubleDouble(Double.nan) }
        if x.hi == .infinity { return x }
        // Keep the residual x - y^2 (size u x) out of the subnormal range.
        if x.hi < 0x1p-900 { return sqrt(x.scaled(byPowerOfTwo: 600)).scaled(byPowerOfTwo: -300) }
        let y = Foundation.sqrt(x.hi)
        let r = x - twoProduct(y, y)
        return quickTwoSum(y, r.hi / (2 * y))
    }

    /// e^x, relative error a few u^2 for x in [-708, 709.78] (results below 2^-969 lose
    /// precision with the subnormal range); +infinity above log(Double.greatestFiniteMagnitude),
    /// 0 below -745.2. Tang's method: x = (64 q + j) ln2/64 + r with |r| <= ln2/128, then
    /// e^x = 2^q 2^(j/64) e^r with e^r - 1 by its Taylor series to r^11/11! (next term < 2e-36).
    public static func exp(_ x: DoubleDouble) -> DoubleDouble {
        if x.hi.isNaN { return x }
        if x.hi > 709.79 { return DoubleDouble(Double.infinity) }
        if x.hi < -745.2 { return .zero }
        let n = (x.hi * (64 / ln2.hi)).rounded()
        let r = reduce(x, n, ln2Over64)
        let c = DoubleDoubleTables.inverseFactorials
        var p = c[11]
        for k in stride(from: 10, through: 1, by: -1) { p = p * r + c[k] }
        p = p * r
        let m = Int(n)
        let t = DoubleDoubleTables.exp2Fractions[m & 63]
        return (t + t * p).scaled(byPowerOfTwo: m >> 6)
    }

    /// Natural logarithm, relative error a few u^2 for every x > 0 (x near 1 included);
    /// log 0 = -infinity, log(+inf) = +inf, x < 0 gives NaN. With x = 2^e m, 3/4 <= m < 3/2,
    /// c = j/64 nearest m, f = (m - c)/(m + c): log x = e ln2 + log c + 2 atanh f, |f| < 0.0053,
    /// atanh by its series to f^13/13 (next term < 1e-33 of the sum).
    public static func log(_ x: DoubleDouble) -> DoubleDouble {
        if x.hi.isNaN || x.hi < 0 { return DoubleDouble(Double.nan) }
        if x.hi == 0 { return DoubleDouble(-Double.infinity) }
        if x.hi == .infinity { return x }
        var e = Int(x.hi.exponent)
        var m = x.scaled(byPowerOfTwo: -e)
        if m.hi >= 1.5 {
            m = m * 0.5
            e += 1
        }
        let j = Int((m.hi * 64).rounded())
        let c = Double(j) / 64
        let f = (m - c) / (m + c)
        let f2 = f * f
        let a = DoubleDoubleTables.inverseOddIntegers
        var s = a[6]
        for k in stride(from: 5, through: 0, by: -1) { s = s * f2 + a[k] }
        s = s * f * 2
        return (ln2 * Double(e) + DoubleDoubleTables.logOfSixtyFourths[j - 48]) + s
    }

    /// sin t and cos t for |t| <= pi/64 (plus rounding), Taylor series to t^15/15! and
    /// t^14/14! (next terms below 1e-34 relative).
    @usableFromInline static func sinCosSmall(_ t: DoubleDouble) -> (sin: DoubleDouble, cos: DoubleDouble) {
        let c = DoubleDoubleTables.inverseFactorials
        let t2 = t * t
        var s = -c[15]
        var k = 13
        while k >= 1 {
            s = s * t2 + (k & 2 == 0 ? c[k] : -c[k])
            k -= 2
        }
        var co = -c[14]
        k = 12
        while k >= 0 {
            co = co * t2 + (k & 2 == 0 ? c[k] : -c[k])
            k -= 2
        }
        return (s * t, co)
    }

    /// sin x and cos x together. For |x| < 2^40: x = n pi/32 + t, |t| <= pi/64, exact
    /// reduction, then the angle-addition formula with the table of sin(j pi/32); error a few
    /// u^2, relative to the result and absolute (~u^2) only where the result itself is below
    /// u^2 relative to x (the reduction's own limit). Beyond 2^40 only Double accuracy.
    /// Non-finite x gives NaN.
    public static func sinCos(_ x: DoubleDouble) -> (sin: DoubleDouble, cos: DoubleDouble) {
        if !x.isFinite { return (DoubleDouble(Double.nan), DoubleDouble(Double.nan)) }
        if Swift.abs(x.hi) >= 0x1p40 {
            let s = Foundation.sin(x.hi), c = Foundation.cos(x.hi)
            return (DoubleDouble(s + c * x.lo), DoubleDouble(c - s * x.lo))
        }
        let n = (x.hi * (32 / pi.hi)).rounded()
        let t = reduce(x, n, piOver32)
        let (st, ct) = sinCosSmall(t)
        let m = Int(n)
        let j = m & 15
        var s = st, c = ct
        if j != 0 {
            let sj = DoubleDoubleTables.sinOfPiThirtySeconds[j]
            let cj = DoubleDoubleTables.sinOfPiThirtySeconds[16 - j]
            s = sj * ct + cj * st
            c = cj * ct - sj * st
        }
        switch (m >> 4) & 3 {
        case 0: return (s, c)
        case 1: return (c, -s)
        case 2: return (-s, -c)
        default: return (-c, s)
        }
    }

    public static func sin(_ x: DoubleDouble) -> DoubleDouble { sinCos(x).sin }
    public static func cos(_ x: DoubleDouble) -> DoubleDouble { sinCos(x).cos }

    /// arctan, relative error a few u^2 everywhere; atan(+-inf) = +-pi/2.
    /// For |x| <= 1 one Newton step y <- y + (x cos y - sin y) cos y from the Double value
    /// y0: its error is d^2 x + O(d^3) with d the step, which is subtracted. For |x| > 1,
    /// atan x = +-pi/2 - atan(1/x).
    public static func atan(_ x: DoubleDouble) -> DoubleDouble {
        if x.isNaN { return x }
        if Swift.abs(x.hi) > 1 {
            if !x.isFinite { return x.hi > 0 ? halfPi : -halfPi }
            let inner = atan(1.0 / x)
            return x.hi > 0 ? halfPi - inner : -halfPi - inner
        }
        let y0 = Foundation.atan(x.hi)
        let (s, c) = sinCos(DoubleDouble(y0))
        let d = (x * c - s) * c
        return (y0 + d) - x.hi * d.hi * d.hi
    }

    /// arcsin on [-1, 1] as atan(x / sqrt((1 - x)(1 + x))): relative error a few u^2, also
    /// within 1e-30 of +-1 (1 -+ x is exact there). |x| > 1 gives NaN.
    public static func asin(_ x: DoubleDouble) -> DoubleDouble {
        if x.isNaN { return x }
        let m = x.magnitude
        if m > .one { return DoubleDouble(Double.nan) }
        if m == .one { return x.hi > 0 ? halfPi : -halfPi }
        return atan(x / sqrt((1.0 - x) * (1.0 + x)))
    }

    /// arccos on [-1, 1] as 2 atan(sqrt((1 - x)/(1 + x))): relative error a few u^2, near
    /// x = 1 too (where acos x ~ sqrt(2(1 - x))) and near -1 (result ~ pi). |x| > 1 gives NaN.
    public static func acos(_ x: DoubleDouble) -> DoubleDouble {
        if x.isNaN { return x }
        if x.magnitude > .one { return DoubleDouble(Double.nan) }
        if x.hi == -1 && x.lo == 0 { return pi }
        return atan(sqrt((1.0 - x) / (1.0 + x))) * 2.0
    }
}

extension DoubleDouble: RealArithmetic {
    /// hi + lo rounded to a Double (hi itself, as the pair is normalised).
    public var doubleValue: Double { hi + lo }
    public static var zero: DoubleDouble { DoubleDouble(0.0) }
    public static var one: DoubleDouble { DoubleDouble(1.0) }
    public static var ulpOfOne: Double { 0x1p-104 }
}
