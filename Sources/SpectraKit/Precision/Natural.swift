/// An exact natural number 0, 1, 2, ... of any size, for counts that overflow Int64: the
/// multiplicities N(d, k) = (2k + d - 2)/k C(k + d - 3, k - 1) of spherical harmonics of
/// degree k on S^(d-1), and exact decimal printing of `DoubleDouble`.
///
/// Little-endian UInt64 limbs without leading zero limbs (zero has none), so equal values
/// have equal representations. Schoolbook arithmetic: meant for numbers of a few thousand bits.
public struct Natural: Sendable, Hashable {
    @usableFromInline var limbs: [UInt64]

    init(limbs: [UInt64]) {
        self.limbs = limbs
        while self.limbs.last == 0 { self.limbs.removeLast() }
    }

    public init(_ value: UInt64) { limbs = value == 0 ? [] : [value] }

    /// value >= 0; a negative value is a programming error and traps, like `UInt(-1)`.
    /// Use `init?(exactly:)` for values that may be negative.
    public init(_ value: Int) {
        precondition(value >= 0, "Natural(\(value)): negative")
        self.init(UInt64(value))
    }

    public init?(exactly value: Int) {
        guard value >= 0 else { return nil }
        self.init(UInt64(value))
    }

    public static let zero = Natural(0 as UInt64)
    public static let one = Natural(1 as UInt64)

    public var isZero: Bool { limbs.isEmpty }

    /// Number of significant bits (0 for zero).
    public var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return limbs.count * 64 - top.leadingZeroBitCount
    }
}

extension Natural: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

extension Natural {
    public static func + (a: Natural, b: Natural) -> Natural {
        let (long, short) = a.limbs.count >= b.limbs.count ? (a.limbs, b.limbs) : (b.limbs, a.limbs)
        var sum = long
        var carry: UInt64 = 0
        for i in 0..<long.count {
            let (s1, o1) = long[i].addingReportingOverflow(i < short.count ? short[i] : 0)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            sum[i] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        if carry != 0 { sum.append(carry) }
        return Natural(limbs: sum)
    }

    /// a - b, or nil when b > a.
    public func subtracting(_ b: Natural) -> Natural? {
        guard b <= self else { return nil }
        var difference = limbs
        var borrow: UInt64 = 0
        for i in 0..<limbs.count {
            let (d1, o1) = limbs[i].subtractingReportingOverflow(i < b.limbs.count ? b.limbs[i] : 0)
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            difference[i] = d2
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        return Natural(limbs: difference)
    }

    public static func * (a: Natural, b: UInt64) -> Natural {
        if b == 0 || a.isZero { return .zero }
        var product = [UInt64]()
        product.reserveCapacity(a.limbs.count + 1)
        var carry: UInt64 = 0
        for limb in a.limbs {
            let (high, low) = limb.multipliedFullWidth(by: b)
            let (s, o) = low.addingReportingOverflow(carry)
            product.append(s)
            carry = high &+ (o ? 1 : 0)  // high <= 2^64 - 2, no overflow
        }
        if carry != 0 { product.append(carry) }
        return Natural(limbs: product)
    }

    /// b >= 0; a negative factor traps, like `UInt` arithmetic.
    public static func * (a: Natural, b: Int) -> Natural {
        precondition(b >= 0, "Natural * \(b): negative factor")
        return a * UInt64(b)
    }

    public static func * (a: Natural, b: Natural) -> Natural {
        if a.isZero || b.isZero { return .zero }
        var product = [UInt64](repeating: 0, count: a.limbs.count + b.limbs.count)
        for (i, x) in a.limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, y) in b.limbs.enumerated() {
                let (high, low) = x.multipliedFullWidth(by: y)
                let (s1, o1) = product[i + j].addingReportingOverflow(low)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                product[i + j] = s2
                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)  // x y + 2 (2^64 - 1) < 2^128
            }
            product[i + b.limbs.count] = carry
        }
        return Natural(limbs: product)
    }

    /// Quotient and remainder of the division by d > 0.
    func quotientAndRemainder(dividingBy d: UInt64) -> (quotient: Natural, remainder: UInt64) {
        var quotient = limbs
        var remainder: UInt64 = 0
        for i in stride(from: limbs.count - 1, through: 0, by: -1) {
            (quotient[i], remainder) = d.dividingFullWidth((remainder, limbs[i]))
        }
        return (Natural(limbs: quotient), remainder)
    }

    /// self / d when d > 0 divides self exactly; nil otherwise (d <= 0 or a remainder).
    public func dividedExactly(by d: Int) -> Natural? {
        guard d > 0 else { return nil }
        let (q, r) = quotientAndRemainder(dividingBy: UInt64(d))
        return r == 0 ? q : nil
    }

    /// self * 2^k, k >= 0.
    func shiftedLeft(by k: Int) -> Natural {
        if isZero { return self }
        let (words, bits) = (k / 64, k % 64)
        var shifted = [UInt64](repeating: 0, count: words)
        var carry: UInt64 = 0
        for limb in limbs {
            shifted.append(limb << bits | carry)
            carry = bits == 0 ? 0 : limb >> (64 - bits)
        }
        if carry != 0 { shifted.append(carry) }
        return Natural(limbs: shifted)
    }

    /// base^exponent by repeated squaring, exponent >= 0.
    static func power(_ base: UInt64, _ exponent: Int) -> Natural {
        var result = Natural.one, square = Natural(base), e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * square }
            e >>= 1
            if e > 0 { square = square * square }
        }
        return result
    }

    /// The binomial coefficient C(n, k); 0 unless 0 <= k <= n. Built as the product
    /// prod_{i=1..k} (n - k + i)/i, every partial product an exact binomial coefficient.
    public static func binomial(_ n: Int, _ k: Int) -> Natural {
        guard k >= 0, n >= k else { return .zero }
        let k = Swift.min(k, n - k)
        var result = Natural.one
        for i in stride(from: 1, through: k, by: 1) {
            result = (result * UInt64(n - k + i)).quotientAndRemainder(dividingBy: UInt64(i)).quotient
        }
        return result
    }
}

extension Natural: Comparable {
    public static func < (a: Natural, b: Natural) -> Bool {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count }
        for i in stride(from: a.limbs.count - 1, through: 0, by: -1) where a.limbs[i] != b.limbs[i] {
            return a.limbs[i] < b.limbs[i]
        }
        return false
    }
}

extension Natural: CustomStringConvertible {
    /// Decimal digits, no separators.
    public var description: String {
        if isZero { return "0" }
        var chunks = [UInt64]()  // base 10^19, least significant first
        var rest = self
        while !rest.isZero {
            let (q, r) = rest.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
            chunks.append(r)
            rest = q
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }
}

extension Natural {
    /// The nearest Double (ties to even); +infinity beyond Double.greatestFiniteMagnitude.
    public var doubleValue: Double {
        let width = bitWidth
        if width <= 64 { return Double(limbs.first ?? 0) }
        if width > 1025 { return .infinity }
        // The top 64 bits with every lower bit folded into the last one (a sticky bit):
        // 11 spare bits below Double's 53 make the one rounding in Double(UInt64) correct.
        let shift = width - 64
        let (word, bit) = (shift / 64, shift % 64)
        var top = limbs[word] >> bit
        if bit != 0 { top |= limbs[word + 1] << (64 - bit) }
        let sticky = limbs[..<word].contains { $0 != 0 } || limbs[word] & ((1 << bit) - 1) != 0
        if sticky { top |= 1 }
        return Double(sign: .plus, exponent: shift, significand: Double(top))
    }

    /// The value as an Int, or nil if it exceeds Int.max.
    public var intValue: Int? {
        if isZero { return 0 }
        guard limbs.count == 1, limbs[0] <= UInt64(Int.max) else { return nil }
        return Int(limbs[0])
    }
}
