import Foundation
import Testing
@testable import SpectraKit

extension OutputTests {
    /// The phase diagram: depth against weight variance coloured by a quantity, the edge of chaos
    /// drawn where the closed form puts it.
    @Suite struct PhaseFigureTests {
        /// Cells reach halfway to their neighbours: [2, 3, 5, 10] has edges 1.5, 2.5, 4, 7.5, 12.5.
        @Test func cellEdgesAreMidpoints() {
            #expect(FigureBuilder.cellEdges([2, 3, 5, 10]) == [1.5, 2.5, 4, 7.5, 12.5])
            #expect(FigureBuilder.cellEdges([4]) == [3.5, 4.5])
            #expect(FigureBuilder.cellEdges([]) == [])
        }

        /// relative_spread = 0.01 depth w^3 spans 0.02 ... 4.86 (over 30-fold): cells hold its
        /// base-10 logarithm at (depth, w); ReLU's edge of chaos is weight_var = 2 (chi_1 = w/2),
        /// a dashed line across the plot at y = 2.
        @Test func cellsAndTheReLUEdgeOfChaos() throws {
            let figure = try FigureBuilder.build(FigureSpec(kind: .phase), table: try FigureFixtures.table(FigureFixtures.phaseSummary))
            let heat = try #require(figure.heatMap)
            #expect(heat.xs == [2, 4, 6] && heat.ys == [1, 1.5, 2.5, 3])
            for (i, w) in heat.ys.enumerated() {
                for (j, depth) in heat.xs.enumerated() {
                    let expected = log10(0.01 * depth * w * w * w)
                    #expect(abs((heat.values[i][j] ?? .nan) - expected) <= 1e-12, "depth \(depth), w \(w)")
                }
            }
            #expect(heat.valueLabel.quantity.hasPrefix("log") && heat.valueLabel.quantity.contains("relative spread"))
            #expect(figure.x.range == 1...7 && figure.y.range == 0.75...3.25)
            let edge = try #require(figure.series.first)
            #expect(figure.series.count == 1 && edge.style == .dashed && edge.points.map(\.y) == [2, 2])
            #expect(edge.points.map(\.x) == [1, 7] && edge.label.contains("2"))

            // SVG: the dashed line at the pixel of weight_var 2, the cells tiling the plot area.
            let svg = SVGFigureRenderer.render(figure)
            let document = SVGDocument(svg)
            let plot = try #require(document.plotArea)
            let y2 = plot.y + plot.height * (1 - (2 - 0.75) / 2.5)
            let line = try #require(document.all("polyline").first)
            let ys = (line.attributes["points"] ?? "").split(separator: " ").compactMap { Double($0.split(separator: ",").last ?? "") }
            #expect(ys.count == 2 && ys.allSatisfy { abs($0 - y2) <= 0.006 }, "\(ys) vs \(y2)")
            let cells = document.all("rect").filter { $0.attributes["fill"]?.hasPrefix("#") == true && $0.attributes["width"] != nil }
                .compactMap { r -> (Double, Double)? in
                    guard let x = r.attributes["x"].flatMap(Double.init), let w = r.attributes["width"].flatMap(Double.init) else { return nil }
                    return (x, w)
                }
            #expect(cells.contains { abs($0.0 - plot.x) <= 0.006 })
            #expect(cells.contains { abs($0.0 + $0.1 - 0.3 - (plot.x + plot.width)) <= 0.01 })

            // pgfplots: the map's cells in the data file, the edge inline at the same coordinates.
            let pgf = try PGFPlotsFigureRenderer.render(figure, dataFile: "phase.csv")
            #expect(pgf.data.columns == ["depth", "weight_var", "relative_spread"])
            #expect(pgf.data.rows.count == 12)
            #expect(pgf.tex.contains("matrix plot*") && pgf.tex.contains("coordinates {(1,2) (7,2)}"))
            #expect(pgf.tex.contains("dashed"))
        }

        /// Two widths make two diagrams: refused without --only; leaky_relu with slope 1/2 has its
        /// edge at 2 / (1 + 1/4) = 1.6, outside a grid of 2.5 ... 3 (cells down to 2.25), and says so.
        @Test func oneDiagramAtATimeAndAnEdgeOutsideTheGrid() throws {
            var lines = ["activation,depth,width,weight_var,bias_var,chi,phase,seeds,mean_relative_error,relative_spread,mean_deviation"]
            for width in [16, 64] {
                for w in [2.5, 3.0] {
                    for depth in [2, 3] { lines.append("leaky_relu:slope=0.5,\(depth),\(width),\(w),0.1,1,x,2,0.1,0.5,0.1") }
                }
            }
            let table = try FigureFixtures.table(lines.joined(separator: "\n") + "\n")
            #expect(throws: FigureError.severalSeries(kind: .phase, column: "width", values: ["width 16", "width 64"])) {
                try FigureBuilder.build(FigureSpec(kind: .phase), table: table)
            }
            let figure = try FigureBuilder.build(FigureSpec(kind: .phase, only: "64"), table: table)
            #expect(figure.series.isEmpty)
            #expect(figure.notes.contains { $0.contains("1.6") && $0.contains("outside") })
            #expect(figure.heatMap?.range == 0...1)
        }
    }
}
