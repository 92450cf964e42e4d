import Foundation

/// The n-point Gauss-Legendre rule on [-1, 1] in double-double: exact for polynomials of
/// degree 2n - 1. Nodes by Newton's method on P_n (Double start from Tricomi's estimate,
/// then two double-double steps, each doubling the correct digits); weights
/// w_i = 2 (1 - x_i^2) / (n P_{n-1}(x_i))^2. Nodes and weights are accurate to a few ulps of
/// 2^-104 in absolute terms (which is what a quadrature sum needs).
public struct GaussLegendreRule: Sendable {
    public let nodes: [DoubleDouble]
    public let weights: [DoubleDouble]

    public init(pointCount n: Int) {
        let n = Swift.max(1, n)
        var nodes = [DoubleDouble](repeating: .zero, count: n)
        var weights = [DoubleDouble](repeating: .zero, count: n)
        for i in 0..<(n + 1) / 2 {
            var x = Foundation.cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            for _ in 0..<6 {
                let (p, q) = Self.legendre(n, at: x)
                let derivative = Double(n) * (q - x * p) / (1 - x * x)
                x -= p / derivative
            }
            var xx = DoubleDouble(x)
            var lastQ = DoubleDouble.zero
            for _ in 0..<2 {
                let (p, q) = Self.legendre(n, at: xx)
                let oneMinusX2 = DoubleDouble.one - xx * xx
                let derivative = DoubleDouble(n) * (q - xx * p) / oneMinusX2
                xx = xx - p / derivative
                lastQ = q
            }
            lastQ = Self.legendre(n, at: xx).previous
            let w = DoubleDouble(2.0) * (DoubleDouble.one - xx * xx) / ((DoubleDouble(n) * lastQ) * (DoubleDouble(n) * lastQ))
            nodes[i] = xx
            nodes[n - 1 - i] = -xx
            weights[i] = w
            weights[n - 1 - i] = w
        }
        if n % 2 == 1 { nodes[n / 2] = .zero }
        self.nodes = nodes
        self.weights = weights
    }

    /// (P_n(x), P_{n-1}(x)) for the ordinary Legendre polynomials.
    static func legendre<R: RealArithmetic>(_ n: Int, at x: R) -> (value: R, previous: R) {
        var previous = R.one
        var current = x
        if n == 0 { return (R.one, R.zero) }
        for k in 1..<n {
            let next = (R(2 * k + 1) * x * current - R(k) * previous) / R(k + 1)
            previous = current
            current = next
        }
        return (current, previous)
    }
}
