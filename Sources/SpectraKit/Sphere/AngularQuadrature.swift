import Foundation

/// A composite Gauss-Legendre rule in the angle theta on [0, pi], for integrands
/// f(theta) P_k(cos theta) sin^{d-2}(theta) with k up to a maximum degree (docs/accuracy.md#funk-hecke-quadrature).
///
/// - Uniform panels in the middle, each with enough nodes that the Gauss-Legendre error bound
///   for a wave of the integrand's top frequency, (e * omega * width / (8 n))^(2n), is below
///   1e-34.
/// - The end panels are graded geometrically toward theta = 0 and pi (ratio `grading`), down
///   to a width whose whole contribution is below 1e-34: profiles with (1 - t)^alpha terms of
///   non-half-integer alpha (gexp, Matern) are singular there in theta too, and the grading
///   keeps each panel at a fixed relative distance from the singularity (geometric convergence).
///
/// Nodes and weights are in double-double.
public struct AngularQuadratureRule: Sendable {
    public let angles: [DoubleDouble]
    public let weights: [DoubleDouble]

    /// - Parameters:
    ///   - frequency: the highest frequency in theta of the integrand (max degree + d).
    ///   - dimension: d; sets how deep the grading must go (sin^{d-2} damps the ends).
    ///   - panelsPerUnitFrequency: density of uniform panels; two rules with different values
    ///     give an independent error estimate.
    ///   - grading: ratio of consecutive graded panels, in (0, 1).
    ///   - profileScale: the integrand's own angular scale at the ends (`ZonalFunction.angularScale`),
    ///     in (0, 1]: the grading goes that much deeper, so the innermost panel holds the same
    ///     fraction of a concentrated profile's mass as of a broad one's.
    public init(frequency: Double, dimension: Int, panelsPerUnitFrequency: Double = 1.0 / 200.0,
                grading: Double = 0.5, profileScale: Double = 1) {
        let omega = Swift.max(1, frequency)
        // An even count puts a panel end at theta = pi/2 (t = 0), where targets such as |t|
        // and max(t, 0) have their kink.
        let wanted = Swift.max(8, Int((omega * Double.pi * panelsPerUnitFrequency).rounded(.up)))
        let panelCount = wanted + wanted % 2
        let width = Double.pi / Double(panelCount)
        // Innermost width: its whole contribution, about width^(d-1+gamma), below 1e-34 for
        // gamma >= 0.05 (a gexp exponent or 2 nu of a Matern kernel smaller than that is not
        // supported to full accuracy).
        let innermost = Foundation.pow(1e-34, 1 / (Double(Swift.max(2, dimension)) - 1 + 0.05))
            * Swift.min(1, Swift.max(profileScale, 1e-300))

        // Panel ends in double-double, each computed once, so neighbouring panels share
        // their end exactly and the panels tile [0, pi] to rounding.
        let pi = DoubleDouble.pi
        let panelWidth = pi / DoubleDouble(Double(panelCount))
        var ratios: [DoubleDouble] = []            // grading^j, j = 1, 2, ...
        var ratio = DoubleDouble(grading)
        while ratio.hi * width > innermost {
            ratios.append(ratio)
            ratio = ratio * grading
        }
        var ends: [DoubleDouble] = [.zero]
        ends += ratios.reversed().map { panelWidth * $0 }
        ends += (1..<panelCount).map { pi * (Double($0) / Double(panelCount)) }
        ends += ratios.map { pi - panelWidth * $0 }
        ends.append(pi)

        var angles: [DoubleDouble] = []
        var weights: [DoubleDouble] = []
        var rules: [Int: GaussLegendreRule] = [:]
        for (left, right) in zip(ends.dropLast(), ends.dropFirst()) {
            let half = (right - left) * 0.5
            let mid = (right + left) * 0.5
            let n = Self.nodesNeeded(width: 2 * half.hi, frequency: omega)
            let rule = rules[n] ?? GaussLegendreRule(pointCount: n)
            rules[n] = rule
            for i in rule.nodes.indices {
                angles.append(mid + half * rule.nodes[i])
                weights.append(half * rule.weights[i])
            }
        }
        self.angles = angles
        self.weights = weights
    }

    /// The smallest n >= 24 with (e omega w / (8 n))^(2n) <= 1e-34.
    static func nodesNeeded(width: Double, frequency omega: Double) -> Int {
        var n = 24
        while n < 4096 {
            let x = M_E * omega * width / (8 * Double(n))
            if x < 1 && 2 * Double(n) * Foundation.log(x) <= Foundation.log(1e-34) { break }
            n += 4
        }
        return n
    }
}
