/// A `Figure` as a pgfplots picture that a paper `\input`s, and the table it reads.
///
/// The `.tex` file is a `standalone` document (it compiles alone with Debian's texlive; in a
/// paper, `\usepackage{standalone}` lets `\input` skip its preamble). Every `\addplot` reads the
/// CSV named by `dataFile` beside it: one row per drawn point, a `series` column (1, 2, ...)
/// that each plot restricts itself to, and the columns under the names of the table they came
/// from (`\addplot table [x=degree, y=eigenvalue, col sep=comma]`). Cells a series does not use
/// are empty. Axis ranges, scales, labels, legend text and placement are those of the SVG.
public struct PGFPlotsFigure: Sendable {
    public let tex: String
    /// The table to write, as CSV, at `dataFile` beside the `.tex` file.
    public let data: Table
}

public enum PGFPlotsFigureRenderer {
    public static func render(_ figure: Figure, dataFile: String) throws(TableError) -> PGFPlotsFigure {
        let data = try dataTable(figure)
        return PGFPlotsFigure(tex: tex(figure, dataFile: dataFile, data: data), data: data)
    }

    // MARK: Data

    static func dataTable(_ figure: Figure) throws(TableError) -> Table {
        if let heat = figure.heatMap {
            var table = try Table(columns: [heat.xColumn, heat.yColumn, heat.valueColumn].uniqued())
            for (i, y) in heat.ys.enumerated() {
                for (j, x) in heat.xs.enumerated() {
                    let cells: [String: TableCell] = [heat.xColumn: .real(x), heat.yColumn: .real(y),
                                                      heat.valueColumn: heat.values[i][j].map { .real($0) } ?? .missing]
                    try table.append(table.columns.map { cells[$0] ?? .missing })
                }
            }
            return table
        }
        if let bars = figure.bars {
            let columns = ["series", "group", bars.valueColumn] + (bars.spreadColumn.map { [$0] } ?? [])
            var table = try Table(columns: columns.uniqued())
            for (m, member) in bars.members.enumerated() {
                for g in bars.groups.indices {
                    guard let v = member.values[g] else { continue }
                    var cells: [String: TableCell] = ["series": .integer(m + 1), "group": .integer(g), bars.valueColumn: .real(v)]
                    if let s = bars.spreadColumn { cells[s] = .real(member.spreads[g] ?? 0) }
                    try table.append(table.columns.map { cells[$0] ?? .missing })
                }
            }
            return table
        }
        var columns = ["series"]
        for s in figure.series {
            for c in [s.xColumn, s.yColumn] + (s.spreadColumn.map { [$0] } ?? []) where !columns.contains(c) { columns.append(c) }
        }
        var table = try Table(columns: columns)
        for (i, s) in figure.series.enumerated() {
            for p in s.points {
                var cells: [String: TableCell] = ["series": .integer(i + 1), s.xColumn: .real(p.x), s.yColumn: .real(p.y)]
                if let c = s.spreadColumn { cells[c] = .real(p.spread ?? 0) }
                try table.append(columns.map { cells[$0] ?? .missing })
            }
        }
        return table
    }

    // MARK: TeX

    static func tex(_ figure: Figure, dataFile: String, data: Table) -> String {
        let drawing = SVGFigureDrawing(figure)
        var options: [String] = [
            "width=\(figure.bars == nil && figure.heatMap == nil ? "8.4cm" : "8cm")", "height=6.2cm", "scale only axis=false",
            "xlabel={\(label(figure.x.label))}", "ylabel={\(label(figure.y.label))}",
            "tick label style={font=\\small}", "label style={font=\\small}", "legend style={font=\\small}",
            "legend cell align=left",
        ]
        if figure.x.scale == .log { options.append("xmode=log") }
        if figure.y.scale == .log { options.append("ymode=log") }
        if figure.categories == nil {
            options += ["xmin=\(number(figure.x.drawnRange.lowerBound))", "xmax=\(number(figure.x.drawnRange.upperBound))"]
        }
        options += ["ymin=\(number(figure.y.drawnRange.lowerBound))", "ymax=\(number(figure.y.drawnRange.upperBound))"]
        if figure.y.reversed { options.append("y dir=reverse") }
        if let categories = figure.x.categories {
            options += ["xmin=-0.5", "xmax=\(number(Double(categories.count) - 0.5))",
                        "xtick={\(categories.indices.map(String.init).joined(separator: ","))}",
                        // Several words stack, one per line, rather than run into the neighbour's label.
                        "xticklabels={\(categories.map { "{" + FigureText.tex($0).replacingOccurrences(of: " ", with: "\\\\") + "}" }.joined(separator: ","))}",
                        "ybar, bar width=\(number(min(24, 160 / Double(max(1, categories.count * max(1, figure.bars?.members.count ?? 1))))))pt",
                        drawing.rotatedCategories ? "x tick label style={rotate=30, anchor=north east}"
                            : "x tick label style={align=center}"]
        }
        if let heat = figure.heatMap {
            options += ["colormap name=viridis", "colorbar", "colorbar style={ylabel={\(label(heat.valueLabel))}}",
                        "point meta min=\(number(heat.range.lowerBound))", "point meta max=\(number(heat.range.upperBound))",
                        "axis on top"]
        }
        if figure.bars != nil {
            // Bars fill the plot: the legend goes above it, in one row.
            if drawing.legendPlacement != .none {
                options.append("legend style={at={(0.5,1.03)}, anchor=south, legend columns=-1, /tikz/every even column/.append style={column sep=6pt}}")
            }
        } else {
            switch drawing.legendPlacement {
            case .none: break
            case .inside(let top, let right): options.append("legend pos=\(top ? "north" : "south") \(right ? "east" : "west")")
            case .right: options.append("legend pos=outer north east")
            case .below:
                // transpose legend fills column by column; its "legend columns" counts rows.
                let rows = (drawing.legendSlots.map(\.row).max() ?? 0) + 1
                options.append("legend style={at={(0.5,-0.2)}, anchor=north, legend columns=\(rows)}, transpose legend")
            }
        }
        var out = """
        % \(figure.kind.rawValue) figure drawn by spectra \(SpectraVersion.string); reads \(dataFile) (beside this file).
        % In a paper: \\usepackage{standalone} and \\usepackage{pgfplots} in the preamble, then \\input{this file}.
        \\documentclass{standalone}
        \\usepackage{pgfplots}
        \\pgfplotsset{compat=1.18}
        \\begin{document}
        \\begin{tikzpicture}

        """
        for (i, colour) in FigurePalette.colours.enumerated() {
            out += "\\definecolor{spectra\(letter(i))}{HTML}{\(colour.dropFirst())}\n"
        }
        out += "\\begin{axis}[\n  " + options.joined(separator: ",\n  ") + ",\n]\n"
        if let heat = figure.heatMap {
            out += "\\addplot[matrix plot*, mesh/cols=\(heat.xs.count), point meta=explicit, forget plot] table [x=\(heat.xColumn), "
                + "y=\(heat.yColumn), meta=\(heat.valueColumn), col sep=comma] {\(dataFile)};\n"
        }
        if let bars = figure.bars {
            for (m, member) in bars.members.enumerated() {
                let error = bars.spreadColumn.map { ", y error=\($0)" } ?? ""
                out += "\\addplot[fill=spectra\(letter(member.colour)), draw=black, \(restrict(m + 1))"
                    + (bars.spreadColumn == nil ? "" : ", error bars/.cd, y dir=both, y explicit")
                    + "] table [x=group, y=\(bars.valueColumn)\(error), col sep=comma] {\(dataFile)};\n"
                if bars.members.count > 1 { out += "\\addlegendentry{\(FigureText.tex(member.label))}\n" }
            }
        }
        // Below the plot, the legend is a full grid filled column by column (transpose legend):
        // empty entries end each column where the SVG's layout ends it.
        let slots = drawing.legendSlots
        let rows = (slots.map(\.row).max() ?? 0) + 1
        var entry = 0, column = 0, row = 0
        func legendEntry(_ text: String) -> String {
            var out = ""
            if case .below = drawing.legendPlacement, entry < slots.count {
                while column < slots[entry].column {
                    out += String(repeating: "\\addlegendimage{empty legend}\\addlegendentry{}\n", count: rows - row)
                    column += 1
                    row = 0
                }
            }
            entry += 1
            row += 1
            return out + "\\addlegendentry{\(FigureText.tex(text))}\n"
        }
        for (i, s) in figure.series.enumerated() where !s.points.isEmpty {
            if figure.heatMap != nil {
                // A line over a heat map (the edge of chaos): its few points inline, since a
                // matrix plot reads every row of the data file as a cell.
                out += "\\addplot[\(style(s))] coordinates {"
                    + s.points.map { "(\(number($0.x)),\(number($0.y)))" }.joined(separator: " ") + "};\n"
                if case .none = drawing.legendPlacement {} else { out += legendEntry(s.label) }
                continue
            }
            let error = s.spreadColumn.map { ", y error=\($0)" } ?? ""
            out += "\\addplot[\(style(s)), \(restrict(i + 1))"
                + (s.spreadColumn == nil ? "" : ", error bars/.cd, y dir=both, y explicit")
                + "] table [x=\(s.xColumn), y=\(s.yColumn)\(error), col sep=comma] {\(dataFile)};\n"
            if case .none = drawing.legendPlacement {} else { out += legendEntry(s.label) }
        }
        if let spread = figure.spreadLegend, drawing.legendPlacement != .none {
            out += "\\addlegendimage{black, only marks, mark=|, mark size=3pt}\n" + legendEntry(spread)
        }
        if case .below = drawing.legendPlacement, entry > 0, row < rows {
            out += String(repeating: "\\addlegendimage{empty legend}\\addlegendentry{}\n", count: rows - row)
        }
        out += "\\end{axis}\n"
        if !figure.notes.isEmpty {
            out += "\\node[anchor=north west, font=\\footnotesize, text width=8cm, align=left] at (current axis.below south west) {"
                + figure.notes.map(FigureText.tex).joined(separator: "\\\\ ") + "};\n"
        }
        return out + "\\end{tikzpicture}\n\\end{document}\n"
    }

    /// Keeps the plot to its own rows of the data file.
    static func restrict(_ series: Int) -> String {
        "restrict expr to domain={\\thisrow{series}}{\(series):\(series)}, unbounded coords=discard"
    }

    static func style(_ s: FigureSeries) -> String {
        let colour = "color=spectra\(letter(s.colour))"
        let mark: String
        switch s.marker {
        case .circle: mark = "mark=*"
        case .square: mark = "mark=square*"
        case .triangle: mark = "mark=triangle*"
        case .invertedTriangle: mark = "mark=triangle*, mark options={rotate=180}"
        case .diamond: mark = "mark=diamond*"
        case .plus: mark = "mark=+"
        case .cross: mark = "mark=x"
        case .star: mark = "mark=star"
        }
        let dash: String
        switch s.dash % 4 {
        case 1: dash = "densely dotted"
        case 2: dash = "dashdotted"
        case 3: dash = "loosely dotted"
        default: dash = "dashed"
        }
        switch s.style {
        case .markers: return "\(colour), only marks, \(mark), mark size=\(s.points.count > 60 ? "1.1" : "1.5")pt"
        case .markersJoined: return "\(colour), thin, \(mark), mark size=1.5pt" + (s.dash > 0 ? ", \(dash)" : ", solid")
        case .line: return "\(colour), thick, no marks, solid"
        case .dashed: return "\(colour), thick, no marks, \(dash)"
        }
    }

    /// Colour names without digits (TeX names): spectraA, spectraB, ...
    static func letter(_ i: Int) -> String {
        let n = FigurePalette.colours.count
        return String(UnicodeScalar(UInt8(65 + ((i % n) + n) % n)))
    }

    static func label(_ label: AxisLabel) -> String {
        FigureText.tex(label.quantity) + (label.symbol.map { " $\($0.tex)$" } ?? "")
    }

    /// A finite number pgfplots reads (Swift's shortest form, `1e-12` style).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}

extension Figure {
    var categories: [String]? { x.categories }
}

extension Array where Element == String {
    /// The strings in order with repeats removed.
    func uniqued() -> [String] {
        var seen = Set<String>()
        return filter { seen.insert($0).inserted }
    }
}
