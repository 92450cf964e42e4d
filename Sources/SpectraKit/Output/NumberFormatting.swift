import Foundation

/// How reals become text: exactly for machines, to their trustworthy digits for people.
///
/// - Machine formats (csv, tsv, json) print the *shortest* decimal string that reads back to the
///   same Double (Swift's `Double.description`, which is correctly rounded and round-trip exact:
///   `Double(s)` recovers every bit, including `-0.0` and subnormals such as `5e-324`).
/// - Human formats (table, markdown, latex) print p significant digits, correctly rounded from
///   the binary value (C `printf` `%.*e`), in the style of `%g`: fixed notation when the decimal
///   exponent e satisfies -4 <= e < p, scientific otherwise, trailing zeros dropped.
///   A zero of either sign prints as `0`.
/// - Non-finite values never disappear silently: they print as the words `nan`, `inf`, `-inf`
///   (read back by Swift's `Double(_:)`, Python's `float`, pandas and R), and the JSON serializer
///   refuses them (`JSONEncodingError.nonFiniteReal`).
public enum NumberFormatting {
    /// Digits shown for a real whose trustworthy digits the caller did not state.
    public static let defaultSignificantDigits = 10

    /// The shortest string that reads back to exactly `x`; `nan`, `inf`, `-inf` if not finite.
    public static func roundTrip(_ x: Double) -> String {
        if let word = nonFiniteWord(x) { return word }
        return x.description
    }

    /// `x` to `significantDigits` digits (clamped to 1...17), `%g`-like, e.g. `0.3333333333`,
    /// `1.234e-05`, `0`.
    public static func human(_ x: Double, significantDigits: Int? = nil) -> String {
        if let word = nonFiniteWord(x) { return word }
        guard let decimal = RoundedDecimal(x, significantDigits: significantDigits) else { return "0" }
        if let fixed = decimal.fixedNotation { return fixed }
        let exponent = decimal.exponent
        let sign = exponent < 0 ? "-" : "+"
        let magnitude = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
        return decimal.signedMantissa + "e" + sign + magnitude
    }

    /// `x` for a LaTeX table: math mode, `$1.234\times10^{-5}$` in scientific range, `$0.25$` or
    /// `$-3$` otherwise, `$0$` for zero, `$\infty$`, `$-\infty$`, `NaN` when not finite.
    public static func latex(_ x: Double, significantDigits: Int? = nil) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "$-\\infty$" : "$\\infty$" }
        guard let decimal = RoundedDecimal(x, significantDigits: significantDigits) else { return "$0$" }
        if let fixed = decimal.fixedNotation { return "$" + fixed + "$" }
        return "$" + decimal.signedMantissa + "\\times10^{\(decimal.exponent)}$"
    }

    static func nonFiniteWord(_ x: Double) -> String? {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return nil
    }
}

/// A finite non-zero Double rounded to p significant decimal digits:
/// (-1)^negative * d.ddd * 10^exponent, trailing zeros of the digits removed.
struct RoundedDecimal {
    let negative: Bool
    /// Significant digits, first one non-zero, no trailing zeros.
    let digits: [Character]
    let exponent: Int
    let precision: Int

    /// `nil` for zero (and non-finite input, which callers handle first).
    init?(_ x: Double, significantDigits: Int?) {
        guard x.isFinite, x != 0 else { return nil }
        let p = min(max(significantDigits ?? NumberFormatting.defaultSignificantDigits, 1), 17)
        // printf's %e is correctly rounded (glibc), and its exponent accounts for carries
        // such as 9.99... -> 1.00e+1.
        let text = String(format: "%.\(p - 1)e", abs(x))
        let parts = text.split(separator: "e")
        var mantissa = Array(parts[0].filter { $0 != "." })
        while mantissa.count > 1, mantissa.last == "0" { mantissa.removeLast() }
        negative = x < 0
        digits = mantissa
        exponent = Int(parts[1]) ?? 0
        precision = p
    }

    /// `d.ddd` with its sign.
    var signedMantissa: String {
        let rest = digits.dropFirst()
        return (negative ? "-" : "") + String(digits[0]) + (rest.isEmpty ? "" : "." + String(rest))
    }

    /// Fixed notation when -4 <= exponent < precision (the `%g` rule), else `nil`.
    var fixedNotation: String? {
        guard exponent >= -4, exponent < precision else { return nil }
        let sign = negative ? "-" : ""
        if exponent < 0 {
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + String(digits)
        }
        let integerCount = exponent + 1
        if digits.count <= integerCount {
            return sign + String(digits) + String(repeating: "0", count: integerCount - digits.count)
        }
        return sign + String(digits[..<integerCount]) + "." + String(digits[integerCount...])
    }
}
