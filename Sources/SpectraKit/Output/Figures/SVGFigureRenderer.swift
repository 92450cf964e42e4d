import Foundation

/// A `Figure` as a standalone SVG document: 400 x 300 px (about 4 x 3 in at 96 px/in; taller
/// by the lines of its notes or a legend set below), text as text in one font family at 12 px
/// (9 pt) for ticks and 13 px for axis labels, data clipped to the plot area, the legend in
/// the plot's emptiest corner when one is free of data and beside or below the plot otherwise.
/// Every coordinate written is finite: a point that maps to no position is left out.
public enum SVGFigureRenderer {
    public static func render(_ figure: Figure) -> String {
        SVGFigureDrawing(figure).document()
    }
}

/// A rectangle in SVG pixels, y downward.
struct PixelRect {
    var x: Double, y: Double, width: Double, height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }

    func contains(_ p: (Double, Double), margin: Double = 0) -> Bool {
        p.0 >= x - margin && p.0 <= maxX + margin && p.1 >= y - margin && p.1 <= maxY + margin
    }
}

enum LegendPlacement: Equatable {
    case none
    case inside(top: Bool, right: Bool)
    case right
    case below(columns: Int)
}

/// One legend line: a glyph and its text.
struct LegendEntry {
    enum Glyph {
        case series(FigureSeries)
        case bar(colour: Int)
        case spread
    }
    let glyph: Glyph
    let label: String
    /// Entries of one group (a kernel's markers, fit and theory) stay together in a column.
    var group: Int = 0
}

struct SVGFigureDrawing {
    static let font = "DejaVu Sans, Helvetica, Arial, sans-serif"
    static let tickSize = 12.0, labelSize = 13.0, noteSize = 11.0, legendSize = 12.0
    static let legendLine = 16.0

    let figure: Figure
    let entries: [LegendEntry]
    var width = 400.0, height = 300.0
    var plot = PixelRect(x: 0, y: 0, width: 0, height: 0)
    var legendOrigin: (Double, Double)? = nil
    /// Where the legend went, for the pgfplots rendering to follow.
    var legendPlacement: LegendPlacement = .none
    var legendColumns = 1
    var noteLines: [String] = []
    var rotatedCategories = false

    init(_ figure: Figure) {
        self.figure = figure
        var entries: [LegendEntry] = figure.series.filter { !$0.label.isEmpty && !$0.points.isEmpty }
            .map { LegendEntry(glyph: .series($0), label: $0.label, group: $0.colour) }
        if let bars = figure.bars, bars.members.count > 1 {
            entries += bars.members.enumerated().map { LegendEntry(glyph: .bar(colour: $1.colour), label: $1.label, group: $0) }
        }
        if let spread = figure.spreadLegend { entries.append(LegendEntry(glyph: .spread, label: spread, group: -1)) }
        if figure.bars == nil, figure.heatMap == nil, entries.count == 1, case .series = entries[0].glyph,
           figure.series.count == 1 {
            entries = []  // one series needs no legend: the axis label names it
        }
        self.entries = entries
        layout()
    }

    // MARK: Transforms

    func px(_ x: Double) -> Double? {
        guard let f = figure.x.fraction(x) else { return nil }
        let v = plot.x + (figure.x.reversed ? 1 - f : f) * plot.width
        return v.isFinite ? v : nil
    }

    func py(_ y: Double) -> Double? {
        guard let f = figure.y.fraction(y) else { return nil }
        let v = figure.y.reversed ? plot.y + f * plot.height : plot.maxY - f * plot.height
        return v.isFinite ? v : nil
    }

    /// Pixel positions the legend must not cover: markers, samples along lines, error bars,
    /// bars; only those inside the plot area.
    func obstacles() -> [(Double, Double)] {
        var points: [(Double, Double)] = []
        for s in figure.series {
            let pixels = s.points.compactMap { p -> (Double, Double)? in
                guard let x = px(p.x), let y = py(p.y) else { return nil }
                return (x, y)
            }
            points += pixels
            for p in s.points {
                guard let d = p.spread, let x = px(p.x) else { continue }
                for yv in [p.y - d, p.y + d] { if let y = py(yv) { points.append((x, y)) } }
            }
            if s.style != .markers {
                for (a, b) in zip(pixels, pixels.dropFirst()) {
                    let n = Int(min(hypot(b.0 - a.0, b.1 - a.1) / 3, 2000))
                    if n > 1 { for i in 1..<n { let t = Double(i) / Double(n); points.append((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))) } }
                }
            }
        }
        for rect in barRects() {
            var y = rect.rect.y
            while y <= rect.rect.maxY {
                var x = rect.rect.x
                while x <= rect.rect.maxX { points.append((x, y)); x += 3 }
                y += 3
            }
            // The error bar above and below the bar.
            if let (top, bottom) = rect.spread {
                var y = min(top, bottom)
                while y <= max(top, bottom) { points.append((rect.rect.x + rect.rect.width / 2, y)); y += 3 }
            }
        }
        return points.filter { plot.contains($0) }
    }

    // MARK: Document

    func document() -> String {
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" \
        font-family="\(Self.font)" font-size="\(f(Self.tickSize))">

        """
        out += "<rect width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#ffffff\"/>\n"
        out += "<defs><clipPath id=\"plot-area\"><rect class=\"plot-area\" x=\"\(f(plot.x))\" y=\"\(f(plot.y))\" width=\"\(f(plot.width))\" height=\"\(f(plot.height))\"/></clipPath>"
        if figure.heatMap != nil {
            out += "<linearGradient id=\"colour-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
            for i in 0...10 { out += "<stop offset=\"\(f(Double(i) / 10))\" stop-color=\"\(Viridis.colour(Double(i) / 10))\"/>" }
            out += "</linearGradient>"
        }
        out += "</defs>\n"
        out += heatMapCells()
        out += "<g clip-path=\"url(#plot-area)\">\n" + bars() + seriesMarks() + "</g>\n"
        out += axes()
        out += colourBar()
        out += legend()
        out += notes()
        return out + "</svg>\n"
    }

    func f(_ v: Double) -> String {
        let s = String(format: "%.2f", v)
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return t == "-0" ? "0" : String(t)
    }

    // MARK: Axes

    func axes() -> String {
        var out = "<g class=\"axes\" stroke=\"#000000\" stroke-width=\"0.8\" fill=\"none\">\n"
        out += "<rect x=\"\(f(plot.x))\" y=\"\(f(plot.y))\" width=\"\(f(plot.width))\" height=\"\(f(plot.height))\"/>\n"
        var labels = ""
        // x ticks
        let xMajor = visibleMajor(figure.x, horizontal: true)
        for tick in figure.x.minorTicks where minorVisible(figure.x, length: plot.width) {
            guard let x = px(tick.value), x > plot.x + 0.5, x < plot.maxX - 0.5 else { continue }
            out += "<line class=\"minor-tick\" x1=\"\(f(x))\" y1=\"\(f(plot.maxY))\" x2=\"\(f(x))\" y2=\"\(f(plot.maxY - 3))\"/>\n"
        }
        for (tick, labelled) in xMajor {
            guard let x = px(tick.value) else { continue }
            if figure.x.categories == nil {
                out += "<line class=\"major-tick\" x1=\"\(f(x))\" y1=\"\(f(plot.maxY))\" x2=\"\(f(x))\" y2=\"\(f(plot.maxY - 5))\"/>\n"
            }
            guard labelled, let label = tick.label else { continue }
            let y = plot.maxY + 5 + Self.tickSize
            if rotatedCategories {
                labels += "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"end\" transform=\"rotate(-30 \(f(x)) \(f(y)))\">"
                    + tickText(label) + "</text>\n"
            } else {
                labels += "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"middle\">" + tickText(label) + "</text>\n"
            }
        }
        // y ticks
        for tick in figure.y.minorTicks where minorVisible(figure.y, length: plot.height) {
            guard let y = py(tick.value), y > plot.y + 0.5, y < plot.maxY - 0.5 else { continue }
            out += "<line class=\"minor-tick\" x1=\"\(f(plot.x))\" y1=\"\(f(y))\" x2=\"\(f(plot.x + 3))\" y2=\"\(f(y))\"/>\n"
        }
        for (tick, labelled) in visibleMajor(figure.y, horizontal: false) {
            guard let y = py(tick.value) else { continue }
            out += "<line class=\"major-tick\" x1=\"\(f(plot.x))\" y1=\"\(f(y))\" x2=\"\(f(plot.x + 5))\" y2=\"\(f(y))\"/>\n"
            guard labelled, let label = tick.label else { continue }
            labels += "<text x=\"\(f(plot.x - 5))\" y=\"\(f(y + 4))\" text-anchor=\"end\">" + tickText(label) + "</text>\n"
        }
        out += "</g>\n<g class=\"tick-labels\" fill=\"#000000\">\n" + labels + "</g>\n"
        let xLabelY = plot.maxY + 5 + Self.tickSize + 6 + Self.labelSize
            + (rotatedCategories ? (figure.x.categories?.map { FigureText.width($0, size: Self.tickSize) }.max() ?? 0) * 0.5 : 0)
        out += "<text class=\"axis-label\" x=\"\(f(plot.x + plot.width / 2))\" y=\"\(f(xLabelY))\" text-anchor=\"middle\" "
            + "font-size=\"\(f(Self.labelSize))\">" + labelText(figure.x.label) + "</text>\n"
        // Beside the y tick labels: 8 + labelSize - 2 from the edge, unless rotated labels moved the plot.
        let yLabelX = plot.x - yTickLabelWidth - 14, yMiddle = plot.y + plot.height / 2
        out += "<text class=\"axis-label\" x=\"\(f(yLabelX))\" y=\"\(f(yMiddle))\" text-anchor=\"middle\" font-size=\"\(f(Self.labelSize))\" "
            + "transform=\"rotate(-90 \(f(yLabelX)) \(f(yMiddle)))\">" + labelText(figure.y.label) + "</text>\n"
        return out
    }

    /// Major ticks with whether each is labelled: on a log axis every `stride`-th decade, the
    /// stride the smallest that keeps labels apart; on a linear axis every tick, thinned the same way.
    func visibleMajor(_ axis: FigureAxis, horizontal: Bool) -> [(FigureAxis.Tick, Bool)] {
        let ticks = axis.majorTicks
        guard ticks.count > 1, axis.categories == nil else { return ticks.map { ($0, true) } }
        let length = horizontal ? plot.width : plot.height
        let spacing = length / Double(ticks.count - 1)
        let needed = horizontal ? (ticks.compactMap(\.label).map { Self.labelWidth($0, size: Self.tickSize) }.max() ?? 0) + 10
            : Self.tickSize + 5
        let stride = [1, 2, 3, 4, 5, 10, 20, 50, 100].first { spacing * Double($0) >= needed } ?? 100
        return ticks.map { tick in
            switch tick.label {
            case .powerOfTen(let e): return (tick, e % stride == 0)
            default:
                let i = ticks.firstIndex(of: tick) ?? 0
                return (tick, i % stride == 0)
            }
        }
    }

    /// Minor ticks where a decade spans at least 25 px.
    func minorVisible(_ axis: FigureAxis, length: Double) -> Bool {
        guard axis.scale == .log else { return false }
        let (a, b) = axis.decades
        return b > a && length / Double(b - a) >= 25
    }

    func tickText(_ label: FigureAxis.TickLabel) -> String {
        switch label {
        case .text(let s): return FigureText.xml(s)
        case .powerOfTen(let e):
            return "10<tspan baseline-shift=\"super\" font-size=\"\(f(Self.tickSize * 0.75))\">\(Self.exponentText(e))</tspan>"
        }
    }

    func labelText(_ label: AxisLabel) -> String {
        var out = FigureText.xml(label.quantity)
        if let symbol = label.symbol {
            out += " <tspan font-style=\"italic\">\(FigureText.xml(symbol.base))</tspan>"
            if let sub = symbol.sub {
                out += "<tspan baseline-shift=\"sub\" font-size=\"\(f(Self.labelSize * 0.75))\" font-style=\"italic\">\(FigureText.xml(sub))</tspan>"
            }
            if let sup = symbol.sup {
                out += "<tspan baseline-shift=\"super\" font-size=\"\(f(Self.labelSize * 0.75))\">\(FigureText.xml(sup))</tspan>"
            }
        }
        return out
    }

    // MARK: Marks

    static func dashArray(_ style: SeriesStyle, dash: Int) -> String? {
        guard style == .dashed || dash > 0 && style != .line else { return nil }
        switch dash % 4 {
        case 1: return "2 2"
        case 2: return "8 3 2 3"
        case 3: return "1 3"
        default: return "5 3"
        }
    }

    func seriesMarks() -> String {
        var out = ""
        for s in figure.series {
            let colour = FigurePalette.colour(s.colour)
            let pixels = s.points.compactMap { p -> (Double, Double)? in
                guard let x = px(p.x), let y = py(p.y) else { return nil }
                return (x, y)
            }
            out += "<g class=\"series\" data-label=\"\(FigureText.xml(s.label))\">\n"
            if s.style != .markers, pixels.count > 1 {
                let width = s.style == .markersJoined ? 1.0 : 1.6
                let dash = Self.dashArray(s.style, dash: s.dash).map { " stroke-dasharray=\"\($0)\"" } ?? ""
                out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(f(width))\"\(dash) points=\""
                    + pixels.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ") + "\"/>\n"
            }
            for p in s.points {
                guard let d = p.spread, d > 0, let x = px(p.x) else { continue }
                let top = py(p.y + d) ?? plot.y
                let bottom = py(p.y - d) ?? plot.maxY
                out += "<path class=\"error-bar\" stroke=\"\(colour)\" stroke-width=\"1\" fill=\"none\" d=\"M\(f(x - 3)) \(f(top))H\(f(x + 3))"
                    + "M\(f(x)) \(f(top))V\(f(bottom))M\(f(x - 3)) \(f(bottom))H\(f(x + 3))\"/>\n"
            }
            if s.style == .markers || s.style == .markersJoined {
                for (x, y) in pixels {
                    out += marker(s.marker, x: x, y: y, colour: colour, size: s.points.count > 60 ? 2 : 3) + "\n"
                }
            }
            out += "</g>\n"
        }
        return out
    }

    func marker(_ shape: MarkerShape, x: Double, y: Double, colour: String, size r: Double) -> String {
        let fill = "fill=\"\(colour)\""
        switch shape {
        case .circle:
            return "<circle class=\"marker\" cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\" \(fill)/>"
        case .square:
            return "<rect class=\"marker\" x=\"\(f(x - r * 0.9))\" y=\"\(f(y - r * 0.9))\" width=\"\(f(r * 1.8))\" height=\"\(f(r * 1.8))\" \(fill)/>"
        case .triangle:
            return polygon([(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)], fill)
        case .invertedTriangle:
            return polygon([(x, y + r * 1.2), (x + r * 1.1, y - r * 0.8), (x - r * 1.1, y - r * 0.8)], fill)
        case .diamond:
            return polygon([(x, y - r * 1.3), (x + r * 1.1, y), (x, y + r * 1.3), (x - r * 1.1, y)], fill)
        case .plus:
            return "<path class=\"marker\" stroke=\"\(colour)\" stroke-width=\"1.4\" d=\"M\(f(x - r * 1.2)) \(f(y))H\(f(x + r * 1.2))M\(f(x)) \(f(y - r * 1.2))V\(f(y + r * 1.2))\"/>"
        case .cross:
            let a = r * 0.9
            return "<path class=\"marker\" stroke=\"\(colour)\" stroke-width=\"1.4\" d=\"M\(f(x - a)) \(f(y - a))L\(f(x + a)) \(f(y + a))M\(f(x - a)) \(f(y + a))L\(f(x + a)) \(f(y - a))\"/>"
        case .star:
            let points = (0..<10).map { i -> (Double, Double) in
                let angle = Double(i) * Double.pi / 5 - Double.pi / 2, radius = i % 2 == 0 ? r * 1.4 : r * 0.6
                return (x + radius * cos(angle), y + radius * sin(angle))
            }
            return polygon(points, fill)
        }
    }

    func polygon(_ points: [(Double, Double)], _ fill: String) -> String {
        "<polygon class=\"marker\" points=\"" + points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ") + "\" \(fill)/>"
    }

    /// Bars with their group and member, in pixels.
    func barRects() -> [(rect: PixelRect, member: Int, group: Int, spread: (Double, Double)?)] {
        guard let bars = figure.bars, !bars.members.isEmpty, let zero = py(max(0, figure.y.range.lowerBound)) else { return [] }
        let slot = plot.width / Double(max(bars.groups.count, 1))
        let barWidth = slot * 0.8 / Double(bars.members.count)
        var rects: [(PixelRect, Int, Int, (Double, Double)?)] = []
        for (m, member) in bars.members.enumerated() {
            for (g, value) in member.values.enumerated() {
                guard let value, let top = py(value), let center = px(Double(g)) else { continue }
                let x = center - slot * 0.4 + Double(m) * barWidth
                let spread = member.spreads[g].flatMap { d -> (Double, Double)? in
                    guard let a = py(value + d), let b = py(value - d) else { return nil }
                    return (a, b)
                }
                rects.append((PixelRect(x: x, y: min(top, zero), width: barWidth, height: abs(zero - top)), m, g, spread))
            }
        }
        return rects
    }

    func bars() -> String {
        guard let bars = figure.bars else { return "" }
        var out = ""
        for (rect, m, _, spread) in barRects() {
            let colour = FigurePalette.colour(bars.members[m].colour)
            out += "<rect class=\"bar\" x=\"\(f(rect.x + 1))\" y=\"\(f(rect.y))\" width=\"\(f(max(rect.width - 2, 1)))\" height=\"\(f(rect.height))\" "
                + "fill=\"\(colour)\" stroke=\"#000000\" stroke-width=\"0.6\"/>\n"
            if let (top, bottom) = spread {
                let x = rect.x + rect.width / 2
                out += "<path class=\"error-bar\" stroke=\"#000000\" stroke-width=\"1\" fill=\"none\" d=\"M\(f(x - 3)) \(f(top))H\(f(x + 3))"
                    + "M\(f(x)) \(f(top))V\(f(bottom))M\(f(x - 3)) \(f(bottom))H\(f(x + 3))\"/>\n"
            }
        }
        return out
    }

    func heatMapCells() -> String {
        guard let heat = figure.heatMap else { return "" }
        var out = "<g class=\"heat-map\" shape-rendering=\"crispEdges\">\n"
        let span = heat.range.upperBound - heat.range.lowerBound
        // Each cell reaches halfway to its neighbours (an uneven grid gets uneven cells).
        let xEdges = FigureBuilder.cellEdges(heat.xs).map(px), yEdges = FigureBuilder.cellEdges(heat.ys).map(py)
        for (i, row) in heat.values.enumerated() where i + 1 < yEdges.count {
            for (j, value) in row.enumerated() where j + 1 < xEdges.count {
                guard let value, let x0 = xEdges[j], let x1 = xEdges[j + 1], let y0 = yEdges[i], let y1 = yEdges[i + 1] else { continue }
                let t = span > 0 ? min(max((value - heat.range.lowerBound) / span, 0), 1) : 0
                out += "<rect x=\"\(f(min(x0, x1)))\" y=\"\(f(min(y0, y1)))\" width=\"\(f(abs(x1 - x0) + 0.3))\" "
                    + "height=\"\(f(abs(y1 - y0) + 0.3))\" fill=\"\(Viridis.colour(t))\"/>\n"
            }
        }
        return out + "</g>\n"
    }

    func colourBar() -> String {
        guard let heat = figure.heatMap else { return "" }
        let x = plot.maxX + 14, barWidth = 14.0
        var out = "<g class=\"colour-bar\">\n<rect x=\"\(f(x))\" y=\"\(f(plot.y))\" width=\"\(f(barWidth))\" height=\"\(f(plot.height))\" "
            + "fill=\"url(#colour-scale)\" stroke=\"#000000\" stroke-width=\"0.8\"/>\n"
        let axis = FigureAxis(label: heat.valueLabel, scale: .linear, range: heat.range)
        var widest = 0.0
        for tick in axis.majorTicks {
            guard let fraction = axis.fraction(tick.value), let label = tick.label else { continue }
            let y = plot.maxY - fraction * plot.height
            out += "<line x1=\"\(f(x + barWidth))\" y1=\"\(f(y))\" x2=\"\(f(x + barWidth + 4))\" y2=\"\(f(y))\" stroke=\"#000000\" stroke-width=\"0.8\"/>\n"
            out += "<text x=\"\(f(x + barWidth + 6))\" y=\"\(f(y + 4))\">" + tickText(label) + "</text>\n"
            widest = max(widest, Self.labelWidth(label, size: Self.tickSize))
        }
        let labelX = x + barWidth + 6 + widest + 6 + Self.labelSize - 3, middle = plot.y + plot.height / 2
        out += "<text class=\"axis-label\" x=\"\(f(labelX))\" y=\"\(f(middle))\" text-anchor=\"middle\" font-size=\"\(f(Self.labelSize))\" "
            + "transform=\"rotate(-90 \(f(labelX)) \(f(middle)))\">" + labelText(heat.valueLabel) + "</text>\n"
        return out + "</g>\n"
    }

    // MARK: Legend and notes

    func legend() -> String {
        guard let (x0, y0) = legendOrigin, !entries.isEmpty else { return "" }
        let box = legendSize
        var out = "<g class=\"legend\">\n<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(box.width))\" height=\"\(f(box.height))\" "
            + "fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#999999\" stroke-width=\"0.6\"/>\n"
        let widths = legendColumnWidths
        let slots = legendSlots
        for (i, entry) in entries.enumerated() {
            let (column, row) = slots[i]
            let gx = x0 + 6 + widths.prefix(column).reduce(0, +), cy = y0 + 4 + Self.legendLine * (Double(row) + 0.5)
            out += glyph(entry.glyph, x: gx, y: cy)
            out += "<text x=\"\(f(gx + 28))\" y=\"\(f(cy + 4))\" font-size=\"\(f(Self.legendSize))\">\(FigureText.xml(entry.label))</text>\n"
        }
        return out + "</g>\n"
    }

    func glyph(_ glyph: LegendEntry.Glyph, x: Double, y: Double) -> String {
        switch glyph {
        case .series(let s):
            let colour = FigurePalette.colour(s.colour)
            var out = ""
            if s.style != .markers {
                let dash = Self.dashArray(s.style, dash: s.dash).map { " stroke-dasharray=\"\($0)\"" } ?? ""
                out += "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 22))\" y2=\"\(f(y))\" stroke=\"\(colour)\" "
                    + "stroke-width=\"\(s.style == .markersJoined ? "1" : "1.6")\"\(dash)/>"
            }
            if s.style == .markers || s.style == .markersJoined { out += marker(s.marker, x: x + 11, y: y, colour: colour, size: 3) }
            return out + "\n"
        case .bar(let colour):
            return "<rect x=\"\(f(x + 4))\" y=\"\(f(y - 5))\" width=\"14\" height=\"10\" fill=\"\(FigurePalette.colour(colour))\" "
                + "stroke=\"#000000\" stroke-width=\"0.6\"/>\n"
        case .spread:
            return "<path stroke=\"#444444\" stroke-width=\"1\" fill=\"none\" d=\"M\(f(x + 8)) \(f(y - 6))H\(f(x + 14))"
                + "M\(f(x + 11)) \(f(y - 6))V\(f(y + 6))M\(f(x + 8)) \(f(y + 6))H\(f(x + 14))\"/>\n"
        }
    }

    func notes() -> String {
        guard !noteLines.isEmpty else { return "" }
        var out = "<g class=\"notes\" font-size=\"\(f(Self.noteSize))\" fill=\"#333333\">\n"
        let legendBelow = legendOrigin.map { $0.1 > plot.maxY } ?? false
        var y = height - Double(noteLines.count) * (Self.noteSize + 3) + Self.noteSize - 2
        if legendBelow { y = height - Double(noteLines.count) * (Self.noteSize + 3) + Self.noteSize - 2 }
        for line in noteLines {
            out += "<text x=\"8\" y=\"\(f(y))\">\(FigureText.xml(line))</text>\n"
            y += Self.noteSize + 3
        }
        return out + "</g>\n"
    }
}
