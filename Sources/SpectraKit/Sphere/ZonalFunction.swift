/// The argument of a zonal function on S^{d-1}: t = <x, y> together with its complements
/// 1 - t and 1 + t, each carried with full *relative* accuracy.
///
/// Profiles of the catalogue are singular at t = ±1 (terms in sqrt(1 - t)); near t = 1 the
/// difference 1 - t computed from t alone has lost digits, so whoever knows t best supplies
/// the complements too. Quadrature works in the angle theta (t = cos theta), where
/// 1 - t = 2 sin^2(theta/2) and 1 + t = 2 cos^2(theta/2) are exact to rounding.
public struct CosineArgument<R: RealArithmetic>: Sendable {
    public var t: R
    public var oneMinusT: R
    public var onePlusT: R

    public init(t: R, oneMinusT: R, onePlusT: R) {
        self.t = t
        self.oneMinusT = oneMinusT
        self.onePlusT = onePlusT
    }

    /// Complements by subtraction: exact in binary floating point for t in [-1, 1]
    /// when t has no more bits than R carries (Sterbenz near the endpoints).
    public init(t: R) {
        self.init(t: t, oneMinusT: R.one - t, onePlusT: R.one + t)
    }

    /// t = cos(theta), theta in [0, pi].
    public init(angle theta: R) {
        let half = theta * 0.5
        let s = R.sin(half)
        let c = R.cos(half)
        let twoSS = s * s * 2.0
        let twoCC = c * c * 2.0
        // cos(theta) from whichever complement is smaller, so that t keeps its relative digits too.
        let t = twoSS < twoCC ? R.one - twoSS : twoCC - R.one
        self.init(t: t, oneMinusT: twoSS, onePlusT: twoCC)
    }
}

/// A function on S^{d-1} x S^{d-1} of the form kappa(<x, y>) (docs/conventions.md), evaluable in any
/// `RealArithmetic` precision. Implementations state their accuracy in their own doc comment;
/// the catalogue's profiles are faithful to a few ulps of max|kappa| on all of [-1, 1].
public protocol ZonalFunction: Sendable {
    /// kappa(t) in the precision of R.
    func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R

    /// kappa at many arguments in Double. A requirement (with a default) so that calls through
    /// an existential reach code specialised for the concrete profile.
    func values(_ xs: [CosineArgument<Double>]) -> [Double]

    /// kappa at many arguments in double-double (docs/accuracy.md#double-double-arithmetic); specialised like `values`.
    func values(_ xs: [CosineArgument<DoubleDouble>]) -> [DoubleDouble]

    /// The angle theta (t = cos theta) within which the profile falls from kappa(1) by a factor
    /// of order e, in (0, 1]: 1 for profiles that vary on the scale of the sphere (the default),
    /// c^{-1/gamma} for exp(-c ||x - y||^gamma). Quadrature in theta grades its panels down to
    /// a fraction of it, so that a concentrated profile is resolved rather than missed.
    var angularScale: Double { get }
}

extension ZonalFunction {
    public var angularScale: Double { 1 }

    public func values(_ xs: [CosineArgument<Double>]) -> [Double] {
        xs.map { value($0) }
    }

    public func values(_ xs: [CosineArgument<DoubleDouble>]) -> [DoubleDouble] {
        xs.map { value($0) }
    }

    /// kappa(t) for a plain Double t in [-1, 1].
    public func value(at t: Double) -> Double {
        value(CosineArgument(t: t))
    }
}
