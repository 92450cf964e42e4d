import Foundation

/// The last step of building a figure from series: points that cannot be drawn are dropped
/// and said so in a note (zeros and negatives on a log axis, a single far outlier), the axis
/// ranges are snapped around what is left, and dense marker series are thinned to what the
/// eye can separate (about one marker per 4 px at the nominal 300 x 220 px plot area).
struct FigureAssembly {
    var kind: FigureKind
    var xLabel: AxisLabel
    var yLabel: AxisLabel
    var xScale: AxisScale
    var yScale: AxisScale
    var series: [FigureSeries]
    var spreadLegend: String? = nil
    var notes: [String] = []
    /// A fixed y range when the quantity has one (a fraction in [0, 1]).
    var yRange: ClosedRange<Double>? = nil

    func finish() -> Figure {
        var series = self.series
        var notes = self.notes
        var dropped: [(column: String, relation: String)] = []
        for s in series.indices {
            series[s].points = series[s].points.filter { p in
                guard p.x.isFinite, p.y.isFinite else {
                    if series[s].setsRange { dropped.append((series[s].yColumn, "not finite")) }
                    return false
                }
                if xScale == .log, p.x <= 0 {
                    if series[s].setsRange { dropped.append((series[s].xColumn, p.x == 0 ? "= 0" : "< 0")) }
                    return false
                }
                if yScale == .log, p.y <= 0 {
                    if series[s].setsRange { dropped.append((series[s].yColumn, p.y == 0 ? "= 0" : "< 0")) }
                    return false
                }
                return true
            }.map { p in
                var p = p
                if let d = p.spread, !d.isFinite { p.spread = nil }
                return p
            }
        }
        if !dropped.isEmpty { notes.append(Self.droppedNote(dropped, logAxes: xScale == .log && yScale == .log)) }

        for (axis, scale) in [(0, xScale), (1, yScale)] {
            if axis == 1, yRange != nil { continue }
            if let outlier = Self.singleOutlier(in: series, axis: axis, scale: scale) {
                let p = series[outlier.series].points.remove(at: outlier.point)
                notes.append("1 point far from the rest not shown (\(series[outlier.series].xColumn) "
                    + "\(NumberFormatting.human(p.x, significantDigits: 4)), \(series[outlier.series].yColumn) "
                    + "\(NumberFormatting.human(p.y, significantDigits: 4))).")
            }
        }

        let ranged = series.filter(\.setsRange).flatMap(\.points)
        var yValues = ranged.map(\.y)
        for p in ranged { if let d = p.spread { yValues += [p.y - d, p.y + d].filter { yScale == .linear || $0 > 0 } } }
        let x = FigureAxis(label: xLabel, scale: xScale, covering: ranged.map(\.x))
        var y = FigureAxis(label: yLabel, scale: yScale, covering: yValues)
        if let yRange { y.range = yRange }
        y.padding = 0.03
        for s in series.indices where series[s].style == .markers || series[s].style == .markersJoined {
            series[s].points = Self.thinned(series[s].points, x: x, y: y)
        }
        return Figure(kind: kind, x: x, y: y, series: series, spreadLegend: spreadLegend, notes: notes)
    }

    /// "Not shown on the log axes: 2 points with degree = 0, 49 with eigenvalue = 0."
    static func droppedNote(_ dropped: [(column: String, relation: String)], logAxes: Bool) -> String {
        var counts: [(String, Int)] = []
        for d in dropped {
            let text = "\(d.column.replacingOccurrences(of: "_", with: " ")) \(d.relation)"
            if let i = counts.firstIndex(where: { $0.0 == text }) { counts[i].1 += 1 } else { counts.append((text, 1)) }
        }
        let parts = counts.map { "\($0.1) \($0.1 == 1 ? "point" : "points") with \($0.0)" }
        return "Not shown (log \(logAxes ? "axes" : "axis")): " + parts.joined(separator: ", ") + "."
    }

    /// The one point (of the range-setting series) that would stretch an axis alone: separated
    /// from the next value by more than the whole span of the rest (and, on a log axis, by
    /// more than 3 decades). Needs at least 4 points.
    static func singleOutlier(in series: [FigureSeries], axis: Int, scale: AxisScale) -> (series: Int, point: Int)? {
        var values: [(t: Double, series: Int, point: Int)] = []
        for (s, one) in series.enumerated() where one.setsRange {
            for (i, p) in one.points.enumerated() {
                let v = axis == 0 ? p.x : p.y
                values.append((scale == .log ? log10(v) : v, s, i))
            }
        }
        guard values.count >= 4 else { return nil }
        values.sort { $0.t < $1.t }
        let n = values.count
        let minimumGap = scale == .log ? 3.0 : 0.0
        let lowGap = values[1].t - values[0].t, lowRest = values[n - 1].t - values[1].t
        if lowGap > max(lowRest, minimumGap), lowRest > 0 { return (values[0].series, values[0].point) }
        let highGap = values[n - 1].t - values[n - 2].t, highRest = values[n - 2].t - values[0].t
        if highGap > max(highRest, minimumGap), highRest > 0 { return (values[n - 1].series, values[n - 1].point) }
        return nil
    }

    /// Keeps a point when it lies at least 4 px (at 300 x 220 px) from the last one kept; the
    /// last point is always kept. Series of up to 120 points are left alone.
    static func thinned(_ points: [FigurePoint], x: FigureAxis, y: FigureAxis) -> [FigurePoint] {
        guard points.count > 120 else { return points }
        var kept: [FigurePoint] = []
        var last: (Double, Double)? = nil
        for (i, p) in points.enumerated() {
            guard let fx = x.fraction(p.x), let fy = y.fraction(p.y) else { continue }
            let position = (fx * 300, fy * 220)
            if let l = last, i != points.count - 1, hypot(position.0 - l.0, position.1 - l.1) < 4 { continue }
            kept.append(p)
            last = position
        }
        return kept
    }
}
