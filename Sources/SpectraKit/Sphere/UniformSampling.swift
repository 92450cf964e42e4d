/// Seeded uniform sampling on S^{d-1} that gives the same bits for the same seed on every run
/// and every machine (docs/conventions.md: normalise i.i.d. standard Gaussian vectors).
///
/// Reproducibility rests on using only IEEE-754 operations that are correctly rounded by
/// definition (+, -, *, /, sqrt, integer-to-double conversion of 53-bit integers), no fused
/// multiply-add (Swift never contracts `a * b + c`), and no libm: the logarithm of the polar
/// method is `PortableMath.log`, written here. The stream is pinned by a test (seed 1).

/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's public-domain reference): expands a 64-bit
/// seed into well-mixed state words for `Xoshiro256StarStar`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna 2018), period 2^256 - 1, seeded with four SplitMix64
/// outputs as its authors recommend. Bit-identical to the reference C implementation.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var mix = SplitMix64(seed: seed)
        state = (mix.next(), mix.next(), mix.next(), mix.next())
    }

    @inline(__always)
    private static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = Self.rotateLeft(state.3, 45)
        return result
    }

    /// Advances the state by 2^128 steps (the reference `jump()`): 2^128 non-overlapping
    /// subsequences, used to give each chunk of sampled points its own stream.
    public mutating func jump() {
        let polynomial: [UInt64] = [0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C]
        var jumped: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for word in polynomial {
            for bit in 0..<64 {
                if word & (1 << UInt64(bit)) != 0 {
                    jumped.0 ^= state.0
                    jumped.1 ^= state.1
                    jumped.2 ^= state.2
                    jumped.3 ^= state.3
                }
                _ = next()
            }
        }
        state = jumped
    }

    /// A uniform Double in [-1, 1): a signed 53-bit integer times 2^-52 (exact).
    @inline(__always)
    public mutating func nextSymmetricUniform() -> Double {
        Double(Int64(bitPattern: next()) >> 11) * 0x1p-52
    }

    /// Two independent standard normal deviates by Marsaglia's polar method: draw (u, v)
    /// uniform in the square until 0 < s = u^2 + v^2 < 1, then (u, v) * sqrt(-2 ln(s) / s).
    /// Acceptance probability pi/4. Uses only exact IEEE operations and `PortableMath.log`.
    public mutating func nextGaussianPair() -> (Double, Double) {
        while true {
            let u = nextSymmetricUniform()
            let v = nextSymmetricUniform()
            let s = u * u + v * v
            if s < 1, s > 0 {
                let factor = (-2 * PortableMath.log(s) / s).squareRoot()
                return (u * factor, v * factor)
            }
        }
    }
}

/// Elementary functions written with IEEE-exact operations only, so that their results are the
/// same bits on every machine (unlike libm, whose last bit differs between implementations).
public enum PortableMath {
    /// ln 2 split so that k * ln2High is exact for |k| < 2^11 (fdlibm's constants).
    private static let ln2High = 6.93147180369123816490e-01   // 0x3FE62E42FEE00000
    private static let ln2Low = 1.90821492927058770002e-10    // 0x3DEA39EF35793C76
    private static let sqrt2 = 2.0.squareRoot()
    /// 2 / (2j + 1), j = 1...11: the atanh series 2 atanh(s) = 2s + s * sum_j c_j s^{2j}.
    private static let series: [Double] = (1...11).map { 2.0 / Double(2 * $0 + 1) }

    /// Natural logarithm, bit-reproducible.
    ///
    /// Method (fdlibm's `__ieee754_log` with its minimax polynomial replaced by the Taylor
    /// series of atanh): x = 2^k m with m in (sqrt(2)/2, sqrt(2)] from the exponent and
    /// significand bits; f = m - 1 (exact); s = f / (2 + f); then
    /// ln x = k ln 2 + f - f^2/2 + s (f^2/2 + R(s^2)), R(z) = sum_{j=1}^{11} 2 z^j / (2j + 1).
    /// With |s| <= 0.1716 the series truncation is below 2^-60 relative.
    ///
    /// - Accuracy: within 1 ulp of the exact logarithm in tests against glibc's `log` over
    ///   normal and subnormal arguments (checked to 2 ulp).
    /// - Edge cases: log(1) = 0 exactly; log(0) = -infinity; log(x < 0) = NaN; log(NaN) = NaN;
    ///   log(+infinity) = +infinity.
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return .infinity }
        var m = x.significand            // [1, 2), subnormals included
        var k = Double(Int(x.exponent))
        if m > sqrt2 {
            m *= 0.5
            k += 1
        }
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        var r = series[series.count - 1]
        for j in stride(from: series.count - 2, through: 0, by: -1) { r = series[j] + z * r }
        r *= z
        let halfSquare = 0.5 * f * f
        return k * ln2High - ((halfSquare - (s * (halfSquare + r) + k * ln2Low)) - f)
    }
}

extension PointSet {
    /// Points per independent stream: chunk c (points c*chunk ..< (c+1)*chunk) draws from the
    /// seed's generator jumped c times, so chunks can be generated in parallel later without
    /// changing a bit of the result.
    public static let uniformSamplingChunk = 4096

    /// n points uniform on S^{d-1} (docs/conventions.md#the-sphere-and-its-measure), the same bits for the same (n, d, seed)
    /// everywhere; the first points do not depend on n.
    ///
    /// Point i takes ceil(d/2) Gaussian pairs from its chunk's stream (the last value is
    /// dropped when d is odd) and is divided by its norm, so ||x_i|| = 1 within about
    /// sqrt(d) ulps. Throws `invalidCount` for n < 1 and `dimensionTooSmall` for d < 2.
    public static func uniformOnSphere(count n: Int, dimension d: Int, seed: UInt64) throws(PointSetError) -> PointSet {
        guard n >= 1 else { throw .invalidCount(n) }
        guard d >= 2 else { throw .dimensionTooSmall(d) }
        var coordinates = [Double](repeating: 0, count: n * d)
        var chunkGenerator = Xoshiro256StarStar(seed: seed)
        var gaussians = [Double](repeating: 0, count: d + 1)
        var i = 0
        while i < n {
            var rng = chunkGenerator
            let end = min(i + uniformSamplingChunk, n)
            while i < end {
                var sumOfSquares = 0.0
                repeat {
                    for p in 0..<((d + 1) / 2) {
                        let (a, b) = rng.nextGaussianPair()
                        gaussians[2 * p] = a
                        gaussians[2 * p + 1] = b
                    }
                    sumOfSquares = 0
                    for c in 0..<d { sumOfSquares += gaussians[c] * gaussians[c] }
                } while !(sumOfSquares > 0)   // cannot happen (u, v are never both 0); kept as a guard
                let r = sumOfSquares.squareRoot()
                for c in 0..<d { coordinates[i * d + c] = gaussians[c] / r }
                i += 1
            }
            chunkGenerator.jump()
        }
        return try PointSet(count: n, dimension: d, rowMajor: coordinates)
    }
}
