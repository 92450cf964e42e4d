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
/// of the first kind. M doubles until every uniform panel passes, and levels are added until the
/// innermost panel passes.
///
/// **Form.** Each panel's polynomial is then rewritten in powers of its local x (coefficients
/// summed in double-double from the Chebyshev ones) and evaluated by `ChebyshevPanels.horner`,
/// four vector loads and no recurrence, where that form passes the same check as the Chebyshev
/// one (every kernel of the catalogue does: conversion loses little when the coefficients decay
/// faster than (1 + sqrt 2)^-k); otherwise the Chebyshev coefficients stay, with Clenshaw's
/// recurrence. `measuredError` is the check of the form in use.
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
    /// Panels (uniform plus graded) of the t >= 0 and t < 0 branches.
    public var panelCounts: (near: Int, far: Int) { (near.panels, far.panels) }

    /// Chebyshev points per panel (polynomials of degree nodesPerPanel - 1).
    public static let nodesPerPanel = ChebyshevPanels.nodes

    /// How each panel's polynomial is stored and evaluated.
    enum Form: Sendable {
        /// Powers of the local x, by `ChebyshevPanels.horner`.
        case monomial
        /// Chebyshev coefficients, by Clenshaw's recurrence.
        case chebyshev
    }
    let form: Form

    /// The coefficients of every panel in `form`, `nodesPerPanel` each: the near branch's, the
    /// far branch's, then two constant panels holding kappa(1) and kappa(-1) exactly.
    let table: [Double]
    let near: PanelLayout
    let far: PanelLayout

    /// Plans the interpolant of `profile` to `tolerance` (relative to max|kappa|), or nil if the
    /// profile cannot be interpolated that well within the panel budget (see the type's notes).
    /// Cost: about 33 double-double evaluations of the profile per panel (a few hundred panels
    /// for the catalogue's singular profiles, fewer than 100 for analytic ones).
    /// `monomialAllowed: false` keeps the Chebyshev form even where the monomial one passes.
    public init?(_ profile: any ZonalFunction, tolerance: Double = 2.5e-14, maximumPanels: Int = 1024, maximumLevels: Int = 240,
                 monomialAllowed: Bool = true) {
        let sampler = BranchSampler(profile: profile)
        let ends = sampler.endpoints()
        guard ends.one.isFinite, ends.minusOne.isFinite else { return nil }
        var scale = Swift.max(abs(ends.one), abs(ends.minusOne), abs(sampler.values(.near, [ChebyshevPanels.halfWidth])[0]))
        guard scale > 0 else { return nil }
        guard let near = ChebyshevPanels(branch: .near, sampler: sampler, tolerance: tolerance, scale: &scale,
                                         maximumPanels: maximumPanels, maximumLevels: maximumLevels),
              let far = ChebyshevPanels(branch: .far, sampler: sampler, tolerance: tolerance, scale: &scale,
                                        maximumPanels: maximumPanels, maximumLevels: maximumLevels)
        else { return nil }
        let n = ChebyshevPanels.nodes
        let nearSlots = near.coefficients.count / n, farSlots = far.coefficients.count / n
        func constant(_ c: Double) -> [Double] { [c] + [Double](repeating: 0, count: n - 1) }
        // The monomial form where its measured error passes (cheaper to evaluate, see
        // `ChebyshevPanels.horner`); Clenshaw on the Chebyshev coefficients otherwise.
        let monomialError = Swift.max(near.maximumMonomialCheckError, far.maximumMonomialCheckError)
        form = monomialAllowed && monomialError <= tolerance * scale ? .monomial : .chebyshev
        let (nearTable, farTable) = form == .monomial ? (near.monomialCoefficients, far.monomialCoefficients)
                                                      : (near.coefficients, far.coefficients)
        table = nearTable + farTable + constant(ends.one) + constant(ends.minusOne)
        self.near = PanelLayout(near, firstSlot: 0, zeroSlot: nearSlots + farSlots)
        self.far = PanelLayout(far, firstSlot: nearSlots, zeroSlot: nearSlots + farSlots + 1)
        self.scale = scale
        let checkError = form == .monomial ? monomialError : Swift.max(near.maximumCheckError, far.maximumCheckError)
        self.measuredError = checkError / scale
    }

    /// The polynomial on panel `slot` at local x in [-1, 1], in the interpolant's form.
    @inline(__always)
    func evaluate(_ coefficients: UnsafePointer<Double>, slot: Int, _ x: Double) -> Double {
        let c = coefficients + slot * ChebyshevPanels.nodes
        return form == .monomial ? ChebyshevPanels.horner(c, x) : ChebyshevPanels.clenshaw(c, x)
    }

    /// kappa(t) from the argument's complements (the sign of t decides the branch).
    @inline(__always)
    public func value(_ x: CosineArgument<Double>) -> Double {
        let (slot, y) = x.t >= 0 ? near.locate((0.5 * x.oneMinusT).squareRoot()) : far.locate((0.5 * x.onePlusT).squareRoot())
        return table.withUnsafeBufferPointer { evaluate($0.baseAddress!, slot: slot, y) }
    }

    /// kappa(t) for t in [-1, 1] (complements by subtraction).
    public func value(at t: Double) -> Double { value(CosineArgument(t: t)) }

    /// The coefficient table, borrowed for hot loops (`GramMatrix`): slot k's coefficients
    /// start at offset k * nodesPerPanel.
    func withTable<T>(_ body: (UnsafePointer<Double>) -> T) -> T {
        table.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Where a branch's panels sit in the table and how v finds its panel.
///
/// Lookup in p = v M / V: p >= 1 is uniform panel floor(p) with x = 2 (p - floor p) - 1;
/// p in [2^-(j+1), 2^-j) is graded level j with x = 2^(j+2) p - 3 (exact scaling); p below
/// 2^-L is the innermost panel [0, 2^-L], x = 2^(L+1) p - 1; v = 0 is the constant panel
/// holding the endpoint value.
struct PanelLayout: Sendable {
    let firstSlot: Int
    let uniformPanels: Int
    let levels: Int
    /// M / V.
    let inverseWidth: Double
    let zeroSlot: Int

    var panels: Int { uniformPanels + levels }

    init(_ panels: ChebyshevPanels, firstSlot: Int, zeroSlot: Int) {
        self.firstSlot = firstSlot
        uniformPanels = panels.uniformPanels
        levels = panels.levels
        inverseWidth = panels.inverseWidth
        self.zeroSlot = zeroSlot
    }

    /// (table slot, x in [-1, 1]) for v in [0, V]; larger v is clamped onto the last panel.
    @inline(__always)
    func locate(_ v: Double) -> (slot: Int, x: Double) {
        if v == 0 { return (zeroSlot, 0) }
        let p = v * inverseWidth
        if p >= 1 {
            let k = Swift.min(Int(p), uniformPanels - 1)
            return (firstSlot + k - 1, Swift.min(1, 2 * (p - Double(k)) - 1))
        }
        let j = -Int(p.exponent) - 1
        if j >= levels {
            return (firstSlot + uniformPanels - 1 + levels, Foundation.scalbn(p, levels + 1) - 1)
        }
        return (firstSlot + uniformPanels - 1 + j, Foundation.scalbn(p, j + 2) - 3)
    }
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
/// one graded geometrically toward 0 (the layout `PanelLayout` reads).
struct ChebyshevPanels: Sendable {
    static let nodes = 16
    static let halfWidth = (0.5 as Double).squareRoot()

    let uniformPanels: Int
    let levels: Int
    /// M / V.
    let inverseWidth: Double
    /// Coefficient slots: uniform panel k (1..<M) at k - 1, level j at M - 1 + j, innermost at M - 1 + L.
    let coefficients: [Double]
    /// The same polynomials in powers of the panel's local x (`monomial`), slot by slot.
    let monomialCoefficients: [Double]
    let maximumCheckError: Double
    /// The largest check error of the monomial form evaluated by `horner`.
    let maximumMonomialCheckError: Double

    init?(branch: ZonalBranch, sampler: BranchSampler, tolerance: Double, scale: inout Double,
          maximumPanels: Int, maximumLevels: Int) {
        let n = Self.nodes
        let chebyshev = (0..<n).map { Foundation.cos(Double.pi * (Double($0) + 0.5) / Double(n)) }
        let extrema = (0...n).map { Foundation.cos(Double.pi * Double($0) / Double(n)) }

        /// Interpolates on [a, b] (in v) and checks at T_N's extrema: (Chebyshev coefficients, their
        /// max error, the same polynomial's monomial coefficients, their max error).
        func fit(_ a: Double, _ b: Double) -> (coefficients: [Double], error: Double, monomial: [Double], monomialError: Double)? {
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
            let monomial = Self.monomial(c)
            var error = 0.0, monomialError = 0.0
            c.withUnsafeBufferPointer { c in
                monomial.withUnsafeBufferPointer { m in
                    for (x, y) in zip(checkPoints, exact) {
                        let xi = half > 0 ? Swift.min(1, Swift.max(-1, (x - mid) / half)) : 0
                        error = Swift.max(error, abs(Self.clenshaw(c.baseAddress!, xi) - y))
                        monomialError = Swift.max(monomialError, abs(Self.horner(m.baseAddress!, xi) - y))
                    }
                }
            }
            return (c, error, monomial, monomialError)
        }

        let V = Self.halfWidth
        var m = 4
        var uniform: [[Double]] = [], uniformMonomials: [[Double]] = []
        var worst = 0.0, worstMonomial = 0.0
        while true {
            let h = V / Double(m)
            var panels: [[Double]] = [], monomials: [[Double]] = []
            var ok = true
            worst = 0
            worstMonomial = 0
            for k in 1..<m {
                guard let panel = fit(Double(k) * h, k + 1 == m ? V : Double(k + 1) * h) else { return nil }
                if panel.error > tolerance * scale { ok = false; break }
                panels.append(panel.coefficients)
                monomials.append(panel.monomial)
                worst = Swift.max(worst, panel.error)
                worstMonomial = Swift.max(worstMonomial, panel.monomialError)
            }
            if ok { uniform = panels; uniformMonomials = monomials; break }
            m *= 2
            if m > maximumPanels { return nil }
        }
        let h = V / Double(m)
        // Graded levels toward v = 0 until the innermost panel passes.
        var graded: [[Double]] = [], gradedMonomials: [[Double]] = []
        var levels = 0
        while true {
            let inner = h * Foundation.scalbn(1.0, -levels)
            guard let innermost = fit(0, inner) else { return nil }
            if innermost.error <= tolerance * scale {
                graded.append(innermost.coefficients)
                gradedMonomials.append(innermost.monomial)
                worst = Swift.max(worst, innermost.error)
                worstMonomial = Swift.max(worstMonomial, innermost.monomialError)
                break
            }
            guard let level = fit(0.5 * inner, inner), level.error <= tolerance * scale else { return nil }
            graded.append(level.coefficients)
            gradedMonomials.append(level.monomial)
            worst = Swift.max(worst, level.error)
            worstMonomial = Swift.max(worstMonomial, level.monomialError)
            levels += 1
            if levels > maximumLevels { return nil }
        }
        uniformPanels = m
        self.levels = levels
        inverseWidth = Double(m) / V
        coefficients = (uniform + graded).flatMap { $0 }
        monomialCoefficients = (uniformMonomials + gradedMonomials).flatMap { $0 }
        maximumCheckError = worst
        maximumMonomialCheckError = worstMonomial
    }

    /// The monomial coefficients a_j of sum_k c_k T_k(x) = sum_j a_j x^j (k, j < nodes): the
    /// integer coefficients of T_k (exact in Double up to degree 15) times c_k, summed in
    /// double-double and rounded once.
    static func monomial(_ c: [Double]) -> [Double] {
        var previous = [Double](repeating: 0, count: nodes), current = previous
        previous[0] = 1                                    // T_0
        current[1] = 1                                     // T_1
        var sums = [DoubleDouble](repeating: DoubleDouble(0.0), count: nodes)
        sums[0] = DoubleDouble(c[0])
        for j in 0..<nodes where current[j] != 0 { sums[j] += DoubleDouble.twoProduct(c[1], current[j]) }
        for k in 2..<nodes {
            // T_k = 2 x T_{k-1} - T_{k-2}.
            var next = [Double](repeating: 0, count: nodes)
            for j in 0..<nodes { next[j] = (j > 0 ? 2 * current[j - 1] : 0) - previous[j] }
            for j in 0..<nodes where next[j] != 0 { sums[j] += DoubleDouble.twoProduct(c[k], next[j]) }
            previous = current
            current = next
        }
        return sums.map(\.doubleValue)
    }

    /// sum_j a_j x^j (j < 16) for one x: Horner in x^4 on four interleaved groups of
    /// coefficients (one SIMD vector each, a_{4g + r} in lane r of group g), then the lanes
    /// weighted by 1, x, x^2, x^3 and summed. Four loads and no dependence between entries, so
    /// that many entries are in flight at once.
    @inline(__always)
    static func horner(_ a: UnsafePointer<Double>, _ x: Double) -> Double {
        let raw = UnsafeRawPointer(a)
        let a0 = raw.loadUnaligned(as: SIMD4<Double>.self)
        let a1 = raw.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
        let a2 = raw.loadUnaligned(fromByteOffset: 64, as: SIMD4<Double>.self)
        let a3 = raw.loadUnaligned(fromByteOffset: 96, as: SIMD4<Double>.self)
        let x2 = x * x
        let x4 = x2 * x2
        let h = ((a3 * x4 + a2) * x4 + a1) * x4 + a0
        let q = h * SIMD4(1, x, x2, x2 * x)
        return (q[0] + q[1]) + (q[2] + q[3])
    }

    /// Clenshaw's recurrence for sum_k c_k T_k(x), k < nodes.
    @inline(__always)
    static func clenshaw(_ c: UnsafePointer<Double>, _ x: Double) -> Double {
        var b1 = 0.0, b2 = 0.0
        let twoX = 2 * x
        for k in stride(from: nodes - 1, to: 0, by: -1) {
            let b0 = c[k] + twoX * b1 - b2
            b2 = b1
            b1 = b0
        }
        return c[0] + x * b1 - b2
    }
}
