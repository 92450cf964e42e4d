/// An unevaluated sum hi + lo of two Doubles with |lo| <= ulp(hi)/2: about 106 bits
/// (32 decimal digits) of precision, Double's exponent range (docs/accuracy.md#double-double-arithmetic).
///
/// Arithmetic is built on the error-free transformations TwoSum and TwoProduct (hardware
/// fused multiply-add), following Joldes, Muller & Popescu 2017, "Tight and rigorous error
/// bounds for basic building blocks of double-word arithmetic" (JMP), with u = 2^-53:
/// `+`, `-` relative error below 3u^2 (JMP Alg. 6), `*` below 4u^2 (Alg. 12),
/// `DoubleDouble * Double` below 2u^2 (Alg. 9), `/` below 4u^2 (measured, not proven:
/// long division with three partial quotients). Bounds hold while results and the low parts
/// stay normal (|value| above about 2^-969); below that precision degrades gracefully.
///
/// Non-finite values: a result that overflows is +-infinity, an invalid operation gives NaN,
/// and neither traps. The lo part of a non-finite value is 0.
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

    /// Exact for every Int, Int.min and Int.max included: the top 53 bits and the low 11
    /// bits are each exact Doubles, and TwoSum adds them exactly.
    @inlinable public init(_ value: Int) {
        self = DoubleDouble.twoSum(Double((value >> 11) << 11), Double(value & 0x7FF))
    }

    /// Normalised sum of two Doubles with |a| >= |b| (or a == 0). Fast TwoSum (Dekker).
    @inlinable static func quickTwoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        let e = b - (s - a)
        return DoubleDouble(uncheckedHi: s, lo: e)
    }

    /// a + b exactly, as a normalised pair (Knuth's TwoSum, no ordering needed).
    /// Finite inputs only (an infinite sum gives a NaN lo).
    @inlinable public static func twoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        let bb = s - a
        let e = (a - (s - bb)) + (b - bb)
        return DoubleDouble(uncheckedHi: s, lo: e)
    }

    /// a * b exactly (barring underflow of the low part), using one fused multiply-add.
    /// Finite products only (an infinite product gives a NaN lo).
    @inlinable public static func twoProduct(_ a: Double, _ b: Double) -> DoubleDouble {
        let p = a * b
        let e = (-p).addingProduct(a, b)
        return DoubleDouble(uncheckedHi: p, lo: e)
    }
}

extension DoubleDouble {
    /// JMP Alg. 6 (AccurateDWPlusDW): relative error below 3u^2, also under cancellation.
    @inlinable public static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let s = twoSum(a.hi, b.hi)
        if !s.hi.isFinite { return DoubleDouble(s.hi) }
        let t = twoSum(a.lo, b.lo)
        let v = quickTwoSum(s.hi, s.lo + t.hi)
        return quickTwoSum(v.hi, v.lo + t.lo)
    }

    /// DoubleDouble + Double (JMP Alg. 4, DWPlusFP): relative error below 2u^2.
    @inlinable public static func + (a: DoubleDouble, b: Double) -> DoubleDouble {
        let s = twoSum(a.hi, b)
        if !s.hi.isFinite { return DoubleDouble(s.hi) }
        return quickTwoSum(s.hi, s.lo + a.lo)
    }

    @inlinable public static func + (a: Double, b: DoubleDouble) -> DoubleDouble { b + a }
    @inlinable public static func - (a: DoubleDouble, b: Double) -> DoubleDouble { a + (-b) }
    @inlinable public static func - (a: Double, b: DoubleDouble) -> DoubleDouble { -b + a }

    @inlinable public static prefix func - (a: DoubleDouble) -> DoubleDouble {
        DoubleDouble(uncheckedHi: -a.hi, lo: -a.lo)
    }

    @inlinable public static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        a + (-b)
    }

    /// JMP Alg. 12 (DWTimesDW3): relative error below 4u^2.
    @inlinable public static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let c = twoProduct(a.hi, b.hi)
        if !c.hi.isFinite { return DoubleDouble(c.hi) }
        let t0 = a.lo * b.lo
        let t1 = t0.addingProduct(a.hi, b.lo)
        let c2 = t1.addingProduct(a.lo, b.hi)
        return quickTwoSum(c.hi, c.lo + c2)
    }

    /// DoubleDouble * Double, JMP Alg. 9 (DWTimesFP3): relative error below 2u^2.
    @inlinable public static func * (a: DoubleDouble, b: Double) -> DoubleDouble {
        let c = twoProduct(a.hi, b)
        if !c.hi.isFinite { return DoubleDouble(c.hi) }
        return quickTwoSum(c.hi, c.lo.addingProduct(a.lo, b))
    }

    @inlinable public static func * (a: Double, b: DoubleDouble) -> DoubleDouble { b * a }

    /// Long division q1 + q2 + q3, each partial quotient from the remainder so far.
    /// x/0 is +-infinity (NaN for 0/0), x/infinity is 0.
    @inlinable public static func / (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let q1 = a.hi / b.hi
        if !q1.isFinite || q1 == 0 || !b.hi.isFinite { return DoubleDouble(q1) }
        var r = a - b * q1
        let q2 = r.hi / b.hi
        r = r - b * q2
        let q3 = r.hi / b.hi
        return quickTwoSum(q1, q2) + q3
    }

    /// DoubleDouble / Double, same scheme.
    @inlinable public static func / (a: DoubleDouble, b: Double) -> DoubleDouble {
        let q1 = a.hi / b
        if !q1.isFinite || q1 == 0 || !b.isFinite { return DoubleDouble(q1) }
        var r = a - twoProduct(q1, b)
        let q2 = r.hi / b
        r = r - twoProduct(q2, b)
        let q3 = r.hi / b
        return quickTwoSum(q1, q2) + q3
    }

    @inlinable public static func / (a: Double, b: DoubleDouble) -> DoubleDouble {
        DoubleDouble(a) / b
    }

    @inlinable public static func += (a: inout DoubleDouble, b: DoubleDouble) { a = a + b }
    @inlinable public static func -= (a: inout DoubleDouble, b: DoubleDouble) { a = a - b }
    @inlinable public static func *= (a: inout DoubleDouble, b: DoubleDouble) { a = a * b }
    @inlinable public static func /= (a: inout DoubleDouble, b: DoubleDouble) { a = a / b }

    /// self * 2^n exactly (barring overflow and underflow), for any n in -2200...2200.
    @inlinable public func scaled(byPowerOfTwo n: Int) -> DoubleDouble {
        var x = self
        var n = n
        while n != 0 {
            let step = Swift.max(-1000, Swift.min(1000, n))
            let f = Double(sign: .plus, exponent: step, significand: 1)
            x = DoubleDouble(uncheckedHi: x.hi * f, lo: x.lo * f)
            n -= step
        }
        return x.hi.isFinite ? x : DoubleDouble(x.hi)
    }
}

extension DoubleDouble: Comparable {
    @inlinable public static func < (a: DoubleDouble, b: DoubleDouble) -> Bool {
        a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo)
    }
}
