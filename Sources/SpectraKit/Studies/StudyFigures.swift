/// A study's figure, built from its step's tables, and what a notebook needs to draw it again:
/// the points as drawn (`FIGURE.points.csv`) and the axes (in the manifest).
public enum StudyFigures {
    /// The `FigureSpec` of a study figure (keys x, y, series, spread, only; a string or a list).
    public static func spec(_ figure: StudyFigure, file: String) throws(StudyFileError) -> FigureSpec {
        guard let kind = FigureKind(rawValue: figure.kind) else {
            throw .invalid(file: file, place: "figure '\(figure.name)'", key: "kind", given: figure.kind,
                           allowed: FigureKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let allowed = ["x", "y", "series", "spread", "only", "fit"]
        if let unknown = figure.settings.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .invalid(file: file, place: "figure '\(figure.name)'", key: unknown, given: "an unknown key",
                           allowed: (["name", "kind", "step", "table"] + allowed).joined(separator: ", "))
        }
        func strings(_ key: String) -> [String]? {
            switch figure.settings[key] {
            case .text(let s)?: return [s]
            case .list(let values)?: return values.map(\.description)
            case let value?: return [value.description]
            case nil: return nil
            }
        }
        return FigureSpec(kind: kind, x: strings("x")?.first, y: strings("y") ?? [], series: strings("series"),
                          spread: strings("spread")?.first, only: strings("only")?.first)
    }

    /// The table a figure reads its fit from: its `fit` key, else the step's `fit` table for the
    /// kinds that draw one.
    public static func fitTable(_ figure: StudyFigure, kind: FigureKind) -> String? {
        if case .text(let name)? = figure.settings["fit"] { return name }
        return [.decay, .slopes, .gram].contains(kind) ? "fit" : nil
    }

    /// The figure as drawn, one row per point: series points (style markers, markers_joined, line or
    /// dashed; x, y, spread), heat-map cells (style cell; x, y, value) and bars (style bar; x the
    /// group, y the value, spread).
    public static func drawnPoints(_ figure: Figure) throws(TableError) -> Table {
        var table = try Table(columns: ["series", "style", "x", "y", "spread", "value"])
        for series in figure.series {
            let style: String
            switch series.style {
            case .markers: style = "markers"
            case .markersJoined: style = "markers_joined"
            case .line: style = "line"
            case .dashed: style = "dashed"
            }
            for p in series.points {
                try table.append([.text(series.label), .text(style), .real(p.x), .real(p.y),
                                  p.spread.map { .real($0) } ?? .missing, .missing])
            }
        }
        if let map = figure.heatMap {
            for (j, y) in map.ys.enumerated() {
                for (i, x) in map.xs.enumerated() {
                    guard j < map.values.count, i < map.values[j].count, let v = map.values[j][i] else { continue }
                    try table.append([.text(map.valueColumn), .text("cell"), .real(x), .real(y), .missing, .real(v)])
                }
            }
        }
        if let bars = figure.bars {
            for member in bars.members {
                for (g, group) in bars.groups.enumerated() where g < member.values.count {
                    guard let v = member.values[g] else { continue }
                    try table.append([.text(member.label), .text("bar"), .text(group), .real(v),
                                      (g < member.spreads.count ? member.spreads[g] : nil).map { .real($0) } ?? .missing, .missing])
                }
            }
        }
        return table
    }

    /// An axis label as plain text ("eigenvalue μ_k").
    public static func labelText(_ label: AxisLabel) -> String {
        label.symbol.map { label.quantity + " " + $0.plain } ?? label.quantity
    }
}
