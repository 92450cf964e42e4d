extension DoubleDouble {
    /// hi + lo rounded to 32 significant digits (ties to even), as `d.ddd...e<exponent>`:
    /// from the exact decimal expansion of the pair, so every printed digit is the exact
    /// value's. "nan", "inf", "-inf", "0" for the special values.
    public var description: String {
        if !hi.isFinite { return hi.description }
        if hi == 0 { return "0" }
        let (digits, exponent) = DoubleDouble.exactDecimal(self.magnitude)
        var (rounded, decimalExponent) = DoubleDouble.round(digits, toSignificant: 32)
        decimalExponent += exponent
        rounded.insert(".", at: rounded.index(after: rounded.startIndex))
        return (hi < 0 ? "-" : "") + rounded + "e" + String(decimalExponent)
    }

    /// |x| = D * 10^e exactly, D a decimal digit string; x = hi + lo > 0. With
    /// hi + lo = A 2^E (A integer) and E < 0, A 2^E = (A 5^-E) 10^E.
    static func exactDecimal(_ x: DoubleDouble) -> (digits: String, exponent: Int) {
        func integerAndExponent(_ d: Double) -> (Natural, Int) {
            let m = Natural(d.significandBitPattern | (d.isNormal ? 1 << 52 : 0))
            return (m, Swift.max(Int(d.exponentBitPattern), 1) - 1075)
        }
        let (mh, eh) = integerAndExponent(x.hi)
        let (ml, el) = x.lo == 0 ? (Natural.zero, eh) : integerAndExponent(x.lo)
        let e = Swift.min(eh, el)
        let high = mh.shiftedLeft(by: eh - e), low = ml.shiftedLeft(by: el - e)
        let a = x.lo >= 0 ? high + low : (high.subtracting(low) ?? .zero)
        if e >= 0 { return (a.shiftedLeft(by: e).description, 0) }
        return ((a * Natural.power(5, -e)).description, e)
    }

    /// digits (no leading zero) rounded to n significant digits, ties to even; returns the
    /// n digits and the power of ten of the first one relative to the last input digit.
    static func round(_ digits: String, toSignificant n: Int) -> (String, Int) {
        var d = Array(digits.utf8).map { Int($0) - 48 }
        let exponent = d.count - 1
        if d.count <= n { return (String(d.map { Character(String($0)) }) + String(repeating: "0", count: n - d.count), exponent) }
        let dropped = d[n...]
        d.removeLast(d.count - n)
        let first = dropped.first ?? 0
        let tail = dropped.dropFirst().contains { $0 != 0 }
        let up = first > 5 || (first == 5 && (tail || d[n - 1] % 2 == 1))
        var shift = 0
        if up {
            var i = n - 1
            while i >= 0 && d[i] == 9 { d[i] = 0; i -= 1 }
            if i >= 0 { d[i] += 1 } else { d[0] = 1; shift = 1 }
        }
        return (String(d.map { Character(String($0)) }), exponent + shift)
    }
}
