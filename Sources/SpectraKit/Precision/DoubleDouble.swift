/// An unevaluated sum hi + lo of two Doubles with |lo| <= ulp(hi)/2: about 106 bits
/// (32 decimal digits) of precision, Double's exponent range (MATH.md 9, option 1).
///
/// Arithmetic is built on the error-free transformations TwoSum and TwoProduct (hardware
/// fused multiply-add). `+`, `-`, `*` have relative error below 4 * 2^-106 (the
/// "accurate" algorithms of Joldes, Muller & Popescu 2017, "Tight and rigorous error bounds
/// for basic building blocks of double-word arithmetic"); `/` below 10 * 2^-106.
/// Non-finite inputs give non-finite results (no traps); the lo part of a non-finite value
/// is meaningless.
public struct DoubleDouble: Sendable, Hashable {
    public var hi: Double
    public var lo: Double

    /// From a pair that already satisfies |lo| <= ulp(hi)/2; no normalisation.
    @inlinable public init(uncheckedHi hi: Double, lo: Double) {
        self.hi = hi
        self.lo = lo
    }

    @inlinable public init(_ value: Double) {
        hi = value
        lo = 0
    }

    /// Exact for every Int (an Int64 needs at most 64 bits; hi takes the top 53).
    @inlinable public init(_ value: Int) {
        let h = Double(value)
        // Double(value) rounds; the remainder is exact in Int arithmetic unless h == 2^63.
        if h >= 9.223372036854775807e18 {
            self = DoubleDouble(h) - DoubleDouble(Double(Int.max - value) + 1)
        } else {
            let r = value - Int(h)
            self = DoubleDouble.quickTwoSum(h, Double(r))
        }
    }

    /// Normalised sum of two Doubles with |a| >= |b| (or a == 0). Fast TwoSum (Dekker).
    @inlinable static func quickTwoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        let e = b - (s - a)
        return DoubleDouble(uncheckedHi: s, lo: e)
    }

    /// a + b exactly, as a normalised pair (Knuth's TwoSum, no ordering needed).
    @inlinable public static func twoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        let bb = s - a
        let e = (a - (s - bb)) + (b - bb)
        return DoubleDouble(uncheckedHi: s, lo: e)
    }

    /// a * b exactly (barring underflow), using one fused multiply-add.
    @inlinable public static func twoProduct(_ a: Double, _ b: Double) -> DoubleDouble {
        let p = a * b
        let e = (-p).addingProduct(a, b)
        return DoubleDouble(uncheckedHi: p, lo: e)
    }
}

extension DoubleDouble {
    @inlinable public static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        var s = twoSum(a.hi, b.hi)
        let t = twoSum(a.lo, b.lo)
        s.lo += t.hi
        s = quickTwoSum(s.hi, s.lo)
        s.lo += t.lo
        return quickTwoSum(s.hi, s.lo)
    }

    @inlinable public static prefix func - (a: DoubleDouble) -> DoubleDouble {
        DoubleDouble(uncheckedHi: -a.hi, lo: -a.lo)
    }

    @inlinable public static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        a + (-b)
    }

    @inlinable public static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        var p = twoProduct(a.hi, b.hi)
        p.lo += a.hi * b.lo
        p.lo = p.lo.addingProduct(a.lo, b.hi)
        return quickTwoSum(p.hi, p.lo)
    }

    /// Double-word times Double (exact Double factor): relative error below 2 * 2^-106.
    @inlinable public static func * (a: DoubleDouble, b: Double) -> DoubleDouble {
        var p = twoProduct(a.hi, b)
        p.lo = p.lo.addingProduct(a.lo, b)
        return quickTwoSum(p.hi, p.lo)
    }

    @inlinable public static func * (a: Double, b: DoubleDouble) -> DoubleDouble { b * a }

    @inlinable public static func / (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        // Long division with one correction: q1 + q2 + q3, each from the remainder.
        let q1 = a.hi / b.hi
        var r = a - b * q1
        let q2 = r.hi / b.hi
        r = r - b * q2
        let q3 = r.hi / b.hi
        return quickTwoSum(q1, q2) + DoubleDouble(q3)
    }

    @inlinable public static func += (a: inout DoubleDouble, b: DoubleDouble) { a = a + b }
    @inlinable public static func -= (a: inout DoubleDouble, b: DoubleDouble) { a = a - b }
    @inlinable public static func *= (a: inout DoubleDouble, b: DoubleDouble) { a = a * b }
    @inlinable public static func /= (a: inout DoubleDouble, b: DoubleDouble) { a = a / b }
}

extension DoubleDouble: Comparable {
    @inlinable public static func < (a: DoubleDouble, b: DoubleDouble) -> Bool {
        a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo)
    }
}
