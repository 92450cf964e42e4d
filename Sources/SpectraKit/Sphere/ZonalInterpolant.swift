import Foundation

/// A zonal profile kappa on [-1, 1] replaced by piecewise Chebyshev interpolants, built once
/// ("plan") and then evaluated in Double at about the cost of one short polynomial
/// ("execute"); used to apply a profile to the n(n+1)/2 entries of a Gram matrix.
///
/// **Variables.** The catalogue's profiles are analytic in the angle theta = arccos t on
/// [0, pi] except for powers theta^gamma at theta = 0 (gexp, Matern with 2 nu not an integer),
/// and theta is analytic in s = sin(theta/2) = sqrt((1 - t)/2) for s < 1 and in
/// u = cos(theta/2) = sqrt((1 + t)/2) for u < 1. So kappa is interpolated on two branches:
///   t >= 0:  g(s) = kappa(1 - 2 s^2),  s in [0, 1/sqrt 2]   (theta in [0, pi/2]);
///   t <  0:  h(u) = kappa(2 u^2 - 1),  u in [0, 1/sqrt 2]   (theta in [pi/2, pi]).
/// The variables cost one square root of the argument's own complement (1 - t or 1 + t, which
/// `CosineArgument` carries with full relative accuracy), instead of an arccos.
///
/// **Panels.** Each branch is cut into M uniform panels; the first panel [0, V/M] is graded
/// geometrically toward 0 (halving, L levels, then one panel touching 0), where theta^gamma
/// singularities live. On each panel kappa is interpolated at `nodesPerPanel` Chebyshev points
/// of the first kind and evaluated by Clenshaw's recurrence. M doubles until every uniform
/// panel passes, and levels are added until the innermost panel passes.
///
/// **Samples** are double-double values of the profile (`values([CosineArgument<DoubleDouble>])`)
/// at nodes whose complements 2 s^2, 2 - 2 s^2 are exact, so the only errors are the
/// interpolation error and Double rounding in the coefficients and the recurrence.
///
/// **Measured accuracy.** Every panel is checked against double-double values at the N + 1
/// extrema of T_N on it (where the interpolation error of a Chebyshev interpolant is largest),
/// and `measuredError` is the largest |interpolant - kappa| seen there, relative to `scale`
/// (the largest |kappa| among all samples, kappa(1) for the catalogue). The plan fails
/// (returns nil) when a branch would need more than `maximumPanels` uniform panels or
/// `maximumLevels` graded levels, or when a sample is not finite: the caller then evaluates
/// the profile directly.
///
/// Endpoints: s = 0 (t = 1) and u = 0 (t = -1) return kappa(±1) exactly as sampled, so
/// duplicate and antipodal points give the profile's own value.
public struct ZonalInterpolant: Sendable {
    /// Largest |interpolant - kappa| / scale over all check points (each panel's T_N extrema).
    public let measuredError: Double
    /// max |kappa| over the samples.
    public let scale: Double
    /// Uniform panels per branch, graded levels per branch (for the record).
    public var panelCounts: (near: Int, far: Int) { (near.totalPanels, far.totalPanels) }

    /// Chebyshev points per panel (polynomials of degree 15).
    public static let nodesPerPanel = ChebyshevPanels.nodes

    let near: ChebyshevPanels
    let far: ChebyshevPanels

    /// Plans the interpolant of `profile` to `tolerance` (relative to max|kappa|), or nil if the
    /// profile cannot be interpolated that well within the panel budget (see the type's notes).
    /// Cost: about 33 double-double evaluations of the profile per panel (a few hundred panels
    /// for the catalogue's singular profiles, fewer than 100 for analytic ones).
    public init?(_ profile: any ZonalFunction, tolerance: Double = 2.5e-14, maximumPanels: Int = 1024, maximumLevels: Int = 240) {
        let sampler = BranchSampler(profile: profile)
        let ends = sampler.endpoints()
        guard ends.one.isFinite, ends.minusOne.isFinite else { return nil }
        var scale = Swift.max(abs(ends.one), abs(ends.minusOne), abs(sampler.values(.near, [ChebyshevPanels.halfWidth])[0]))
        guard scale > 0 else { return nil }
        guard let near = ChebyshevPanels(branch: .near, sampler: sampler, tolerance: tolerance, scale: &scale,
                                         maximumPanels: maximumPanels, maximumLevels: maximumLevels, atZero: ends.one),
              let far = ChebyshevPanels(branch: .far, sampler: sampler, tolerance: tolerance, scale: &scale,
                                        maximumPanels: maximumPanels, maximumLevels: maximumLevels, atZero: ends.minusOne)
        else { return nil }
        self.near = near
        self.far = far
        self.scale = scale
        self.measuredError = Swift.max(near.maximumCheckError, far.maximumCheckError) / scale
    }

    /// kappa(t) from the argument's complements (the smaller one decides the branch).
    @inline(__always)
    public func value(_ x: CosineArgument<Double>) -> Double {
        x.t >= 0 ? near.value(at: (0.5 * x.oneMinusT).squareRoot()) : far.value(at: (0.5 * x.onePlusT).squareRoot())
    }

    /// kappa(t) for t in [-1, 1] (complements by subtraction).
    public func value(at t: Double) -> Double { value(CosineArgument(t: t)) }

    /// kappa on the near branch, s = sqrt((1 - t)/2) in [0, 1/sqrt 2] (larger s is clamped).
    @inline(__always)
    func nearValue(halfChord s: Double) -> Double { near.value(at: s) }

    /// kappa on the far branch, u = sqrt((1 + t)/2) in [0, 1/sqrt 2].
    @inline(__always)
    func farValue(halfChord u: Double) -> Double { far.value(at: u) }
}

/// Which half of [-1, 1] a branch covers.
enum ZonalBranch {
    /// t = 1 - 2 s^2 >= 0.
    case near
    /// t = 2 u^2 - 1 < 0.
    case far
}

/// Double-double samples of a profile on a branch, at Double abscissae v (exact complements).
struct BranchSampler {
    let profile: any ZonalFunction

    func arguments(_ branch: ZonalBranch, _ v: [Double]) -> [CosineArgument<DoubleDouble>] {
        v.map { v in
            let twoVV = DoubleDouble.twoProduct(v, v) * 2.0           // exact
            let complement = DoubleDouble(2.0) - twoVV
            switch branch {
            case .near: return CosineArgument(t: DoubleDouble(1.0) - twoVV, oneMinusT: twoVV, onePlusT: complement)
            case .far: return CosineArgument(t: twoVV - DoubleDouble(1.0), oneMinusT: complement, onePlusT: twoVV)
            }
        }
    }

    func values(_ branch: ZonalBranch, _ v: [Double]) -> [Double] {
        profile.values(arguments(branch, v)).map(\.doubleValue)
    }

    /// kappa(1), kappa(-1).
    func endpoints() -> (one: Double, minusOne: Double) {
        (values(.near, [0])[0], values(.far, [0])[0])
    }
}

/// Chebyshev interpolants of one branch on uniform panels of [0, V], V = 1/sqrt 2, the first
/// one graded geometrically toward 0.
///
/// Panel lookup in p = v M / V: p >= 1 is uniform panel floor(p) with x = 2 (p - floor p) - 1;
/// p in [2^-(j+1), 2^-j) is graded level j with x = 2^(j+2) p - 3 (exact scaling); p below
/// 2^-L is the innermost panel [0, 2^-L], x = 2^(L+1) p - 1.
struct ChebyshevPanels: Sendable {
    static let nodes = 16
    static let halfWidth = (0.5 as Double).squareRoot()

    let uniformPanels: Int
    let levels: Int
    /// M / V.
    let inverseWidth: Double
    /// Coefficient slots: uniform panel k (1..<M) at k - 1, level j at M - 1 + j, innermost at M - 1 + L.
    let coefficients: [Double]
    /// kappa at v = 0 (t = ±1), returned exactly.
    let atZero: Double
    let maximumCheckError: Double

    var totalPanels: Int { uniformPanels + levels }

    init?(branch: ZonalBranch, sampler: BranchSampler, tolerance: Double, scale: inout Double,
          maximumPanels: Int, maximumLevels: Int, atZero: Double) {
        let n = Self.nodes
        let chebyshev = (0..<n).map { Foundation.cos(Double.pi * (Double($0) + 0.5) / Double(n)) }
        let extrema = (0...n).map { Foundation.cos(Double.pi * Double($0) / Double(n)) }

        /// Interpolates on [a, b] (in v) and checks at T_N's extrema: (coefficients, max error).
        func fit(_ a: Double, _ b: Double) -> (coefficients: [Double], error: Double)? {
            let mid = 0.5 * (a + b), half = 0.5 * (b - a)
            let f = sampler.values(branch, chebyshev.map { mid + half * $0 })
            guard f.allSatisfy(\.isFinite) else { return nil }
            var c = [Double](repeating: 0, count: n)
            for k in 0..<n {
                var sum = 0.0
                for j in 0..<n { sum += f[j] * Foundation.cos(Double.pi * Double(k) * (Double(j) + 0.5) / Double(n)) }
                c[k] = sum * (k == 0 ? 1 : 2) / Double(n)
            }
            let checkPoints = extrema.map { Swift.min(b, Swift.max(a, mid + half * $0)) }
            let exact = sampler.values(branch, checkPoints)
            guard exact.allSatisfy(\.isFinite) else { return nil }
            scale = Swift.max(scale, f.map(abs).max() ?? 0, exact.map(abs).max() ?? 0)
            var error = 0.0
            for (x, y) in zip(checkPoints, exact) {
                let xi = half > 0 ? Swift.min(1, Swift.max(-1, (x - mid) / half)) : 0
                error = Swift.max(error, abs(Self.clenshaw(c[...], xi) - y))
            }
            return (c, error)
        }

        let V = Self.halfWidth
        var m = 4
        var uniform: [[Double]] = []
        var worst = 0.0
        while true {
            let h = V / Double(m)
            var panels: [[Double]] = []
            var ok = true
            worst = 0
            for k in 1..<m {
                guard let (c, e) = fit(Double(k) * h, k + 1 == m ? V : Double(k + 1) * h) else { return nil }
                if e > tolerance * scale { ok = false; break }
                panels.append(c)
                worst = Swift.max(worst, e)
            }
            if ok { uniform = panels; break }
            m *= 2
            if m > maximumPanels { return nil }
        }
        let h = V / Double(m)
        // Graded levels toward v = 0 until the innermost panel passes.
        var graded: [[Double]] = []
        var levels = 0
        while true {
            let inner = h * Foundation.scalbn(1.0, -levels)
            guard let innermost = fit(0, inner) else { return nil }
            if innermost.error <= tolerance * scale {
                graded.append(innermost.coefficients)
                worst = Swift.max(worst, innermost.error)
                break
            }
            guard let level = fit(0.5 * inner, inner), level.error <= tolerance * scale else { return nil }
            graded.append(level.coefficients)
            worst = Swift.max(worst, level.error)
            levels += 1
            if levels > maximumLevels { return nil }
        }
        uniformPanels = m
        self.levels = levels
        inverseWidth = Double(m) / V
        coefficients = (uniform + graded).flatMap { $0 }
        self.atZero = atZero
        maximumCheckError = worst
    }

    /// Clenshaw's recurrence for sum_k c_k T_k(x).
    @inline(__always)
    static func clenshaw(_ c: ArraySlice<Double>, _ x: Double) -> Double {
        var b1 = 0.0, b2 = 0.0
        let twoX = 2 * x
        let base = c.startIndex
        for k in stride(from: c.count - 1, to: 0, by: -1) {
            let b0 = c[base + k] + twoX * b1 - b2
            b2 = b1
            b1 = b0
        }
        return c[base] + x * b1 - b2
    }

    /// The interpolant at v in [0, V] (v > V is clamped onto the last panel).
    @inline(__always)
    func value(at v: Double) -> Double {
        if v == 0 { return atZero }
        let p = v * inverseWidth
        let slot: Int, x: Double
        if p >= 1 {
            let k = Swift.min(Int(p), uniformPanels - 1)
            slot = k - 1
            x = Swift.min(1, 2 * (p - Double(k)) - 1)
        } else {
            let j = -Int(p.exponent) - 1
            if j >= levels {
                slot = uniformPanels - 1 + levels
                x = Foundation.scalbn(p, levels + 1) - 1
            } else {
                slot = uniformPanels - 1 + j
                x = Foundation.scalbn(p, j + 2) - 3
            }
        }
        return coefficients.withUnsafeBufferPointer { c in
            let base = slot * Self.nodes
            var b1 = 0.0, b2 = 0.0
            let twoX = 2 * x
            for k in stride(from: Self.nodes - 1, to: 0, by: -1) {
                let b0 = c[base + k] + twoX * b1 - b2
                b2 = b1
                b1 = b0
            }
            return c[base] + x * b1 - b2
        }
    }
}
