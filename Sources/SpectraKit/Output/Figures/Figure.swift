/// A figure as a reader sees it, in data coordinates: two axes, and series, a heat map or
/// grouped bars drawn on them, with a legend and notes. Built from tidy tables by
/// `FigureBuilder`, drawn by `SVGFigureRenderer` and `PGFPlotsFigureRenderer`; the two
/// renderings show the same points, ranges, ticks, labels and legend.
public struct Figure: Sendable {
    public var kind: FigureKind
    public var x: FigureAxis
    public var y: FigureAxis
    /// Drawn in order (later on top); legend entries in the same order.
    public var series: [FigureSeries]
    public var heatMap: HeatMap?
    public var bars: BarGroups?
    /// What the error bars are ("±1 sd over 5 seeds"), shown as the legend's last entry.
    public var spreadLegend: String?
    /// Sentences below the plot: points not shown and why (zeros on log axes, outliers).
    public var notes: [String]

    public init(kind: FigureKind, x: FigureAxis, y: FigureAxis, series: [FigureSeries] = [], heatMap: HeatMap? = nil,
                bars: BarGroups? = nil, spreadLegend: String? = nil, notes: [String] = []) {
        self.kind = kind
        self.x = x
        self.y = y
        self.series = series
        self.heatMap = heatMap
        self.bars = bars
        self.spreadLegend = spreadLegend
        self.notes = notes
    }

    /// Every coordinate the renderers turn into a position (series points with their error bar
    /// ends, bar tops, heat-map cells): what the tests check for finiteness.
    public var isFinite: Bool {
        series.allSatisfy { $0.points.allSatisfy { $0.x.isFinite && $0.y.isFinite && ($0.spread?.isFinite ?? true) } }
            && (bars?.members.allSatisfy { $0.values.allSatisfy { $0?.isFinite ?? true } } ?? true)
            && (heatMap?.values.allSatisfy { $0.allSatisfy { $0?.isFinite ?? true } } ?? true)
    }
}

/// A symbol in an axis label: text with an optional subscript and superscript for SVG, and
/// its TeX form for pgfplots (`μ` with subscript `k` is `\mu_k`).
public struct MathSymbol: Sendable, Equatable {
    public var base: String
    public var sub: String?
    public var sup: String?
    /// Math-mode TeX without the dollars.
    public var tex: String

    public init(_ base: String, sub: String? = nil, sup: String? = nil, tex: String) {
        self.base = base
        self.sub = sub
        self.sup = sup
        self.tex = tex
    }

    /// The symbol as plain text (`μ_k`), for places where no sub- or superscript can be drawn.
    public var plain: String {
        base + (sub.map { "_" + $0 } ?? "") + (sup.map { "^" + $0 } ?? "")
    }
}

/// An axis label: the quantity in words and its symbol ("eigenvalue μ_k", "width m").
public struct AxisLabel: Sendable, Equatable {
    public var quantity: String
    public var symbol: MathSymbol?

    public init(_ quantity: String, _ symbol: MathSymbol? = nil) {
        self.quantity = quantity
        self.symbol = symbol
    }
}

/// How a series is drawn.
public enum SeriesStyle: Sendable, Equatable {
    /// Measured values: markers only.
    case markers
    /// Measured values along a sweep: markers joined by a thin line.
    case markersJoined
    /// A fit: a solid line.
    case line
    /// Theory: a dashed line.
    case dashed
}

/// Marker shapes, cycled after the colours when a figure has more than four series, so that
/// the figure survives grey-scale printing.
public enum MarkerShape: String, Sendable, CaseIterable {
    case circle, square, triangle, diamond, invertedTriangle, plus, cross, star
}

/// One point, with an optional symmetric error bar (half-length in y).
public struct FigurePoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var spread: Double?

    public init(x: Double, y: Double, spread: Double? = nil) {
        self.x = x
        self.y = y
        self.spread = spread
    }
}

/// A named series: its points, how it is drawn, and the column names its values carry in the
/// figure's data file (the names of the tidy table it came from).
public struct FigureSeries: Sendable {
    public var label: String
    public var style: SeriesStyle
    public var points: [FigurePoint]
    /// Index into `FigurePalette.colours`.
    public var colour: Int
    public var marker: MarkerShape
    /// Dash pattern index for lines (0 solid or the plain dash of theory; higher: other dashes).
    public var dash: Int
    public var xColumn: String
    public var yColumn: String
    public var spreadColumn: String?
    /// Whether the axis ranges follow this series (measured values do; a theory line drawn
    /// across the whole plot does not, and is clipped).
    public var setsRange: Bool

    public init(label: String, style: SeriesStyle, points: [FigurePoint], colour: Int, marker: MarkerShape = .circle,
                dash: Int = 0, xColumn: String, yColumn: String, spreadColumn: String? = nil, setsRange: Bool = true) {
        self.label = label
        self.style = style
        self.points = points
        self.colour = colour
        self.marker = marker
        self.dash = dash
        self.xColumn = xColumn
        self.yColumn = yColumn
        self.spreadColumn = spreadColumn
        self.setsRange = setsRange
    }
}

/// A grid of values coloured on a sequential scale (viridis), cells centred on `xs` x `ys`,
/// with a labelled colour bar.
public struct HeatMap: Sendable {
    public var xs: [Double]
    public var ys: [Double]
    /// `values[row][column]` for `ys[row]`, `xs[column]`; nil cells are left blank.
    public var values: [[Double?]]
    public var valueLabel: AxisLabel
    /// The colour bar's range (snapped to round numbers).
    public var range: ClosedRange<Double>
    public var xColumn: String
    public var yColumn: String
    public var valueColumn: String

    public init(xs: [Double], ys: [Double], values: [[Double?]], valueLabel: AxisLabel, range: ClosedRange<Double>,
                xColumn: String, yColumn: String, valueColumn: String) {
        self.xs = xs
        self.ys = ys
        self.values = values
        self.valueLabel = valueLabel
        self.range = range
        self.xColumn = xColumn
        self.yColumn = yColumn
        self.valueColumn = valueColumn
    }
}

/// Grouped bars: one group per category on the x axis, one bar per member in every group,
/// with optional error bars (the spread over seeds).
public struct BarGroups: Sendable {
    public struct Member: Sendable {
        public var label: String
        public var colour: Int
        /// One value per group (nil: no bar).
        public var values: [Double?]
        public var spreads: [Double?]

        public init(label: String, colour: Int, values: [Double?], spreads: [Double?]) {
            self.label = label
            self.colour = colour
            self.values = values
            self.spreads = spreads
        }
    }

    public var groups: [String]
    public var members: [Member]
    public var groupColumn: String
    public var valueColumn: String
    public var spreadColumn: String?

    public init(groups: [String], members: [Member], groupColumn: String, valueColumn: String, spreadColumn: String?) {
        self.groups = groups
        self.members = members
        self.groupColumn = groupColumn
        self.valueColumn = valueColumn
        self.spreadColumn = spreadColumn
    }
}

/// The Okabe-Ito colour-blind-safe palette, in its fixed order.
public enum FigurePalette {
    public static let colours = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]

    public static func colour(_ index: Int) -> String { colours[((index % colours.count) + colours.count) % colours.count] }
}
