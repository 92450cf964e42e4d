import Foundation

public enum AxisScale: String, Sendable {
    case linear, log
}

/// One axis: label, scale and a range snapped to whole decades (log) or round numbers (linear),
/// or categories (the groups of a bar chart, at positions 0, 1, ...).
public struct FigureAxis: Sendable {
    public var label: AxisLabel
    public var scale: AxisScale
    public var range: ClosedRange<Double>
    /// Largest value at the bottom (a heat map's rows in table order, first row on top).
    public var reversed: Bool
    public var categories: [String]?
    /// Room left beyond each end of `range`, as a fraction of its (log-transformed) span, so
    /// that markers at the ends are not cut by the frame; the ticks stay within `range`.
    public var padding: Double

    public init(label: AxisLabel, scale: AxisScale, range: ClosedRange<Double>, reversed: Bool = false,
                categories: [String]? = nil, padding: Double = 0) {
        self.label = label
        self.scale = scale
        self.range = range
        self.reversed = reversed
        self.categories = categories
        self.padding = padding
    }

    /// An axis whose range covers `values` (non-positive values ignored on a log axis), snapped,
    /// with 3% room at either end.
    public init(label: AxisLabel, scale: AxisScale, covering values: [Double], includingZero: Bool = false) {
        self.init(label: label, scale: scale, range: FigureAxis.snappedRange(values, scale: scale, includingZero: includingZero),
                  padding: 0.03)
    }

    /// The range the frame spans: `range` widened by `padding` at each end.
    public var drawnRange: ClosedRange<Double> {
        guard padding > 0, let lo = transform(range.lowerBound), let hi = transform(range.upperBound) else { return range }
        let pad = padding * (hi - lo)
        switch scale {
        case .linear: return (lo - pad)...(hi + pad)
        case .log: return pow(10, lo - pad)...pow(10, hi + pad)
        }
    }

    /// A categorical axis: categories at 0 ... n-1, half a step of room either side.
    public init(label: AxisLabel, categories: [String]) {
        self.init(label: label, scale: .linear, range: -0.5...(Double(max(categories.count, 1)) - 0.5), categories: categories)
    }

    /// Where `value` falls along the frame, 0 at the start of `drawnRange` and 1 at its end
    /// (linear in the value, or in its logarithm on a log axis); nil for a non-positive value
    /// on a log axis. Values outside the range give fractions outside [0, 1].
    public func fraction(_ value: Double) -> Double? {
        guard let t = transform(value), let lo = transform(range.lowerBound), let hi = transform(range.upperBound),
              hi > lo else { return nil }
        return ((t - lo) / (hi - lo) + padding) / (1 + 2 * padding)
    }

    func transform(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear: return value
        case .log: return value > 0 ? log10(value) : nil
        }
    }

    // MARK: Ticks

    public struct Tick: Sendable, Equatable {
        public var value: Double
        /// nil for an unlabelled (minor) tick.
        public var label: TickLabel?
    }

    /// A tick label: plain text, or a power of ten drawn as 10 with a superscript exponent.
    public enum TickLabel: Sendable, Equatable {
        case text(String)
        case powerOfTen(Int)
    }

    /// Major ticks: every decade on a log axis (labelled 10^e), round steps on a linear one,
    /// the category names on a categorical one.
    public var majorTicks: [Tick] {
        if let categories {
            return categories.enumerated().map { Tick(value: Double($0.offset), label: .text($0.element)) }
        }
        switch scale {
        case .log:
            let (a, b) = decades
            return (a...b).map { Tick(value: pow(10, Double($0)), label: .powerOfTen($0)) }
        case .linear:
            let step = FigureAxis.niceStep(range.upperBound - range.lowerBound)
            let first = (range.lowerBound / step).rounded(.up), last = (range.upperBound / step).rounded(.down)
            guard first <= last, last - first < 1000 else { return [] }
            let decimals = max(0, -Int(floor(log10(step) + 1e-9)))
            return stride(from: first, through: last, by: 1).map { n in
                let v = n * step
                return Tick(value: v, label: .text(FigureAxis.format(v, decimals: decimals)))
            }
        }
    }

    /// Minor ticks: 2 ... 9 times each decade on a log axis, none on a linear one.
    public var minorTicks: [Tick] {
        guard scale == .log, categories == nil else { return [] }
        let (a, b) = decades
        guard a < b else { return [] }
        return (a..<b).flatMap { e in (2...9).map { Tick(value: Double($0) * pow(10, Double(e)), label: nil) } }
    }

    /// The exponents of the range's ends on a log axis.
    var decades: (Int, Int) {
        (Int(log10(range.lowerBound).rounded()), Int(log10(range.upperBound).rounded()))
    }

    // MARK: Ranges

    /// Whole decades around the positive values (log), or round numbers (linear), with room
    /// for an empty or single-valued data set.
    static func snappedRange(_ values: [Double], scale: AxisScale, includingZero: Bool) -> ClosedRange<Double> {
        switch scale {
        case .log:
            let logs = values.filter { $0 > 0 && $0.isFinite }.map(log10)
            guard let lo = logs.min(), let hi = logs.max() else { return 1...10 }
            var a = floor(lo + 1e-9), b = ceil(hi - 1e-9)
            if b <= a { b = a + 1 }
            a = max(a, -300)
            b = min(b, 300)
            return pow(10, a)...pow(10, b)
        case .linear:
            var finite = values.filter(\.isFinite)
            if includingZero { finite.append(0) }
            guard var lo = finite.min(), var hi = finite.max() else { return 0...1 }
            if hi == lo {
                let pad = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= pad
                hi += pad
            }
            let step = niceStep(hi - lo)
            return (floor(lo / step + 1e-9) * step)...(ceil(hi / step - 1e-9) * step)
        }
    }

    /// 1, 2 or 5 times a power of ten, giving about five steps over `span`.
    static func niceStep(_ span: Double) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / 5
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10
        return nice * magnitude
    }

    static func format(_ v: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", v == 0 ? 0 : v)
        return text.hasPrefix("-") ? "\u{2212}" + text.dropFirst() : text
    }
}
