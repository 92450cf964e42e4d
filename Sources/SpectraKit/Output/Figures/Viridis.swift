/// The viridis colour map (perceptually uniform, sequential; van der Walt and Smith for
/// matplotlib), as 10 evenly spaced anchors (R's viridis(10)) interpolated linearly in sRGB.
enum Viridis {
    static let anchors: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142), (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37),
    ]

    /// `#rrggbb` at `t` in [0, 1] (clamped; a non-finite t gives the start).
    static func colour(_ t: Double) -> String {
        let u = t.isFinite ? Swift.min(Swift.max(t, 0), 1) : 0
        let position = u * Double(anchors.count - 1)
        let i = Swift.min(Int(position), anchors.count - 2)
        let f = position - Double(i)
        let (a, b) = (anchors[i], anchors[i + 1])
        let channels = [a.0 + f * (b.0 - a.0), a.1 + f * (b.1 - a.1), a.2 + f * (b.2 - a.2)]
        return "#" + channels.map { c in
            let v = Int(c.rounded())
            let hex = String(Swift.min(Swift.max(v, 0), 255), radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
