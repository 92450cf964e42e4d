import Foundation

// Elementary functions in double-double. Each refines the Double result by series or by
// Newton steps whose residual is computed in double-double; targets: relative error of a few
// 2^-104 on the stated domains (absolute near the zeros of sin and cos).

extension DoubleDouble {
    public static let pi = DoubleDouble(uncheckedHi: 3.141592653589793116, lo: 1.2246467991473532072e-16)
    public static let halfPi = DoubleDouble(uncheckedHi: 1.570796326794896558, lo: 6.123233995736766036e-17)
    public static let ln2 = DoubleDouble(uncheckedHi: 0.6931471805599452862, lo: 2.319046813846299558e-17)

    public var isFinite: Bool { hi.isFinite }
    public var isNaN: Bool { hi.isNaN }
    public var magnitude: DoubleDouble { hi < 0 || (hi == 0 && lo < 0) ? -self : self }

    /// sqrt(x) for x >= 0: one Newton step on the Double root (Karp & Markstein).
    public static func sqrt(_ x: DoubleDouble) -> DoubleDouble {
        if x.hi <= 0 { return x.hi == 0 ? .zero : DoubleDouble(Double.nan) }
        if !x.hi.isFinite { return x }
        let y = Foundation.sqrt(x.hi)
        let r = x - twoProduct(y, y)
        return quickTwoSum(y, r.hi / (2 * y))
    }

    /// e^x: x = k ln2 + r with |r| <= ln2/2, then r/2^9 by Taylor series and 9 squarings.
    public static func exp(_ x: DoubleDouble) -> DoubleDouble {
        if x.hi > 709.78 { return DoubleDouble(Double.infinity) }
        if x.hi < -745.2 { return .zero }
        if x.hi.isNaN { return x }
        let k = (x.hi / ln2.hi).rounded()
        let r = (x - ln2 * k) * (1.0 / 512.0)
        // Taylor series of e^r - 1, |r| <= 6.8e-4: 12 terms reach 1e-40.
        var term = r
        var sum = r
        for n in 2...12 {
            term = term * r / DoubleDouble(Double(n))
            sum += term
            if Swift.abs(term.hi) < 1e-36 { break }
        }
        // (1 + s)^2 - 1 = 2s + s^2 keeps the small quantity in the recursion.
        for _ in 0..<9 { sum = sum * 2.0 + sum * sum }
        let result = sum + DoubleDouble(1.0)
        return DoubleDouble(uncheckedHi: Foundation.scalbn(result.hi, Int(k)), lo: Foundation.scalbn(result.lo, Int(k)))
    }

    /// Natural logarithm for x > 0: two Newton steps y <- y + x e^{-y} - 1 on log(x.hi).
    public static func log(_ x: DoubleDouble) -> DoubleDouble {
        if x.hi < 0 || x.isNaN { return DoubleDouble(Double.nan) }
        if x.hi == 0 { return DoubleDouble(-Double.infinity) }
        if !x.hi.isFinite { return x }
        var y = DoubleDouble(Foundation.log(x.hi))
        y = y + x * exp(-y) - DoubleDouble(1.0)
        return y
    }

    /// sin and cos of |r| <= pi/4 by their Taylor series.
    static func sinCosReduced(_ r: DoubleDouble) -> (sin: DoubleDouble, cos: DoubleDouble) {
        let r2 = r * r
        var s = r
        var c = DoubleDouble(1.0)
        var termS = r
        var termC = DoubleDouble(1.0)
        var n = 1.0
        while n < 40 {
            termC = -(termC * r2) / DoubleDouble(n * (n + 1))
            termS = -(termS * r2) / DoubleDouble((n + 1) * (n + 2))
            c += termC
            s += termS
            n += 2
            if Swift.abs(termC.hi) < 1e-36 && Swift.abs(termS.hi) < 1e-36 { break }
        }
        return (s, c)
    }

    /// sin and cos together, reduced by the nearest multiple of pi/2 (exact enough for
    /// |x| up to about 1e6, far beyond any angle spectra forms).
    public static func sinCos(_ x: DoubleDouble) -> (sin: DoubleDouble, cos: DoubleDouble) {
        if !x.isFinite { return (DoubleDouble(Double.nan), DoubleDouble(Double.nan)) }
        let k = (x.hi / halfPi.hi).rounded()
        let r = x - halfPi * k
        let (s, c) = sinCosReduced(r)
        switch Int(k) & 3 {
        case 0: return (s, c)
        case 1: return (c, -s)
        case 2: return (-s, -c)
        default: return (-c, s)
        }
    }

    public static func sin(_ x: DoubleDouble) -> DoubleDouble { sinCos(x).sin }
    public static func cos(_ x: DoubleDouble) -> DoubleDouble { sinCos(x).cos }

    /// arctan: one Newton step on the Double value for sin(y) cos(y)-form residuals,
    /// y <- y + (x cos y - sin y) cos y, after folding |x| > 1 through pi/2 - atan(1/x).
    public static func atan(_ x: DoubleDouble) -> DoubleDouble {
        if x.isNaN { return x }
        if !x.isFinite { return x.hi > 0 ? halfPi : -halfPi }
        if Swift.abs(x.hi) > 1 {
            let inner = atan(DoubleDouble(1.0) / x)
            return x.hi > 0 ? halfPi - inner : -halfPi - inner
        }
        var y = DoubleDouble(Foundation.atan(x.hi))
        let (s, c) = sinCos(y)
        y = y + (x * c - s) * c
        return y
    }

    /// arcsin on [-1, 1] as atan(x / sqrt((1 - x)(1 + x))).
    public static func asin(_ x: DoubleDouble) -> DoubleDouble {
        let one = DoubleDouble(1.0)
        let m = x.magnitude
        if m.hi > 1 || x.isNaN { return DoubleDouble(Double.nan) }
        if m == one { return x.hi > 0 ? halfPi : -halfPi }
        return atan(x / sqrt((one - x) * (one + x)))
    }

    /// arccos on [-1, 1] as 2 atan(sqrt((1 - x)/(1 + x))): relative accuracy near x = 1 too.
    public static func acos(_ x: DoubleDouble) -> DoubleDouble {
        let one = DoubleDouble(1.0)
        if x.magnitude.hi > 1 || x.isNaN { return DoubleDouble(Double.nan) }
        if x == -one { return pi }
        return atan(sqrt((one - x) / (one + x))) * 2.0
    }
}

extension DoubleDouble: RealArithmetic {
    public var doubleValue: Double { hi + lo }
    public static var zero: DoubleDouble { DoubleDouble(0.0) }
    public static var one: DoubleDouble { DoubleDouble(1.0) }
    public static var ulpOfOne: Double { 0x1p-104 }

    /// About 32 significant digits in scientific notation.
    public var description: String {
        if !hi.isFinite { return hi.description }
        if hi == 0 { return "0" }
        var x = self.magnitude
        var e = Int(Foundation.floor(Foundation.log10(x.hi)))
        x = x / DoubleDouble.powerOfTen(e)
        if x.hi >= 10 { x = x / DoubleDouble(10.0); e += 1 }
        if x.hi < 1 { x = x * 10.0; e -= 1 }
        var digits = ""
        for i in 0..<32 {
            let d = Swift.max(0, Swift.min(9, Int(x.hi.rounded(.down))))
            digits += String(d)
            if i == 0 { digits += "." }
            x = (x - DoubleDouble(Double(d))) * 10.0
        }
        return (hi < 0 ? "-" : "") + digits + "e" + String(e)
    }

    static func powerOfTen(_ n: Int) -> DoubleDouble {
        var result = DoubleDouble(1.0)
        var base = DoubleDouble(n < 0 ? 0.1 : 10.0)
        if n < 0 { base = DoubleDouble(1.0) / DoubleDouble(10.0) }
        var k = Swift.abs(n)
        while k > 0 {
            if k & 1 == 1 { result *= base }
            base *= base
            k >>= 1
        }
        return result
    }
}
