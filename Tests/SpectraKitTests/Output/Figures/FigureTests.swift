import Foundation
import Testing
@testable import SpectraKit

extension OutputTests {
    @Suite struct FigureTests {
        /// Log-axis position as a reader computes it: the fraction of the decades from the
        /// range's start, inside the 3% margins.
        static func logFraction(_ v: Double, _ range: ClosedRange<Double>) -> Double {
            ((log10(v) - log10(range.lowerBound)) / (log10(range.upperBound) - log10(range.lowerBound)) + 0.03) / 1.06
        }

        static func decayFigure(zeros: Bool = false) throws -> Figure {
            try FigureBuilder.build(FigureSpec(kind: .decay), table: FigureFixtures.spectrum(zeros: zeros),
                                    fit: FigureFixtures.table(FigureFixtures.fit))
        }

        @Test func everyKindRendersToSVGThatParsesWithOnlyFiniteCoordinates() throws {
            for (kind, figure) in try FigureFixtures.allKinds() {
                #expect(figure.isFinite, "\(kind)")
                let svg = SVGFigureRenderer.render(figure)
                let document = SVGDocument(svg)
                #expect(document.error == nil, "\(kind): \(String(describing: document.error))")
                #expect(document.elements.first?.name == "svg")
                #expect(document.plotArea != nil, "\(kind)")
                for number in document.coordinates {
                    let value = Double(number)
                    #expect(value?.isFinite == true, "\(kind): coordinate '\(number)'")
                }
                #expect(!svg.lowercased().contains("nan") && !svg.contains("inf\""), "\(kind)")
            }
        }

        @Test func markersSitWhereTheLogTransformPutsTheirValues() throws {
            let figure = try Self.decayFigure()
            // mu_k = 0.1 k^-3 for k = 1...10: whole decades 1...10 in k and 1e-4...1e-1 in mu.
            #expect(figure.x.range == 1...10)
            #expect(figure.y.range == 1e-4...1e-1)
            let document = SVGDocument(SVGFigureRenderer.render(figure))
            let plot = try #require(document.plotArea)
            let markers = document.all("circle", class: "marker").filter { $0.classes.contains("series") }
            for k in [1.0, 2, 5, 10] {
                let mu = 0.1 * pow(k, -3)
                let x = plot.x + Self.logFraction(k, figure.x.range) * plot.width
                let y = plot.y + plot.height - Self.logFraction(mu, figure.y.range) * plot.height
                let hit = markers.contains { m in
                    guard let cx = m.attributes["cx"].flatMap(Double.init), let cy = m.attributes["cy"].flatMap(Double.init) else { return false }
                    return abs(cx - x) <= 0.006 && abs(cy - y) <= 0.006
                }
                #expect(hit, "no marker at (\(x), \(y)) for k = \(k)")
            }
        }

        @Test func linearAxisPositionsAreAffineInTheValue() throws {
            let figure = try FigureBuilder.build(FigureSpec(kind: .overlap), table: FigureFixtures.table(
                "kernel_a,kernel_b,m,overlap,largest_angle\nntk,laplace,1,0.5,0\nntk,laplace,4,0.75,0\nntk,laplace,9,1.0,0\n"))
            #expect(figure.y.range == 0...1)
            let document = SVGDocument(SVGFigureRenderer.render(figure))
            let plot = try #require(document.plotArea)
            let ys = document.all("circle", class: "marker").compactMap { $0.attributes["cy"].flatMap(Double.init) }
            let expected = [0.5, 0.75, 1.0].map { plot.y + plot.height - (($0 - 0) / 1 + 0.03) / 1.06 * plot.height }
            #expect(ys.count == 3)
            for (got, want) in zip(ys, expected) { #expect(abs(got - want) <= 0.006) }
        }

        @Test func zerosOnLogAxesAreLeftOutAndSaidSo() throws {
            let figure = try Self.decayFigure(zeros: true)
            let measured = try #require(figure.series.first)
            // Degrees 2, 4, ..., 10 remain; degree 0 and the five zeros are gone.
            #expect(measured.points.map(\.x) == [2, 4, 6, 8, 10])
            #expect(figure.notes.contains { $0.contains("1 point with degree = 0") && $0.contains("5 points with eigenvalue = 0") })
            let svg = SVGFigureRenderer.render(figure)
            #expect(SVGDocument(svg).all("circle", class: "series").count == 5)
            let notes = SVGDocument(svg).all("text", class: "notes").map(\.text).joined(separator: " ")
            #expect(notes.contains("5 points with eigenvalue = 0"), "\(notes)")
        }

        @Test func logTicksAreDecadesLabelledAsPowersOfTenWithMinorTicksBetween() throws {
            let figure = try Self.decayFigure()
            #expect(figure.y.majorTicks.map(\.value) == [1e-4, 1e-3, 1e-2, 1e-1])
            #expect(figure.y.majorTicks.map(\.label) == (-4 ... -1).map { .powerOfTen($0) })
            #expect(figure.x.minorTicks.map(\.value) == (2...9).map(Double.init))
            let document = SVGDocument(SVGFigureRenderer.render(figure))
            let exponents = document.all("tspan").filter { $0.attributes["baseline-shift"] == "super" }.map(\.text)
            for e in ["\u{2212}4", "\u{2212}3", "\u{2212}2", "\u{2212}1", "0", "1"] { #expect(exponents.contains(e), "10^\(e)") }
            #expect(!exponents.contains { $0.contains("e") }, "no 1e-06 style labels")
            let plot = try #require(document.plotArea)
            let majorYs = document.all("line", class: "major-tick").compactMap { $0.attributes["y1"].flatMap(Double.init) }
            for e in -4 ... -1 {
                let y = plot.y + plot.height - Self.logFraction(pow(10, Double(e)), figure.y.range) * plot.height
                #expect(majorYs.contains { abs($0 - y) <= 0.006 }, "no major tick at 10^\(e)")
            }
            #expect(document.all("line", class: "minor-tick").count >= 8)
        }

        @Test func aSingleFarOutlierDoesNotSetTheRange() throws {
            var lines = ["kernel,index,degree,eigenvalue,analytic"]
            for k in 1...8 { lines.append("ntk,\(k),\(k),\(pow(10, -Double(k) / 2)),1") }
            lines.append("ntk,9,9,1e-19,1")
            let table = try FigureFixtures.table(lines.joined(separator: "\n"))
            let figure = try FigureBuilder.build(FigureSpec(kind: .decay, series: []), table: table)
            #expect(figure.y.range.lowerBound >= 1e-5, "\(figure.y.range)")
            #expect(figure.notes.contains { $0.contains("far from the rest") && $0.contains("1e-19") })
            // A cluster of small values is data, not an outlier.
            lines.append("ntk,10,10,2e-19,1")
            let clustered = try FigureBuilder.build(FigureSpec(kind: .decay, series: []), table: FigureFixtures.table(lines.joined(separator: "\n")))
            #expect(clustered.y.range.lowerBound <= 1e-19)
        }

        @Test func fitAndTheoryLinesCarryTheirExponentsInTheLegend() throws {
            let figure = try Self.decayFigure()
            #expect(figure.series.map(\.label) == ["laplace", "fit p = 3", "theory p = 3"])
            #expect(figure.series.map(\.style) == [.markers, .line, .dashed])
            let fit = figure.series[1]
            #expect(fit.points.map(\.x) == [2, 10])
            #expect(abs(fit.points[1].y - 0.1e-3) < 1e-15)
            let svg = SVGFigureRenderer.render(figure)
            #expect(svg.contains(">fit p = 3</text>") && svg.contains(">theory p = 3</text>"))
        }

        @Test func theLegendCoversNoDataPoint() throws {
            for (kind, figure) in try FigureFixtures.allKinds() where figure.heatMap == nil {
                let document = SVGDocument(SVGFigureRenderer.render(figure))
                guard let box = document.all("rect", class: "legend").first,
                      let x = box.attributes["x"].flatMap(Double.init), let y = box.attributes["y"].flatMap(Double.init),
                      let w = box.attributes["width"].flatMap(Double.init), let h = box.attributes["height"].flatMap(Double.init)
                else { continue }
                for m in document.all("circle", class: "series") {
                    guard let cx = m.attributes["cx"].flatMap(Double.init), let cy = m.attributes["cy"].flatMap(Double.init) else { continue }
                    #expect(!(cx >= x && cx <= x + w && cy >= y && cy <= y + h), "\(kind): legend covers (\(cx), \(cy))")
                }
            }
        }

        @Test func errorBarsAreOneStandardDeviationOverSeeds() throws {
            let figure = try #require(try FigureFixtures.allKinds().first { $0.0 == .width }?.1)
            let series = try #require(figure.series.first)
            // relative_error = (1 + 0.1 s) / sqrt(m) for s = 1, 2, 3: mean 1.2/sqrt(m), sd 0.1/sqrt(m).
            for p in series.points {
                #expect(abs(p.y - 1.2 / p.x.squareRoot()) < 1e-12)
                #expect(abs((p.spread ?? 0) - 0.1 / p.x.squareRoot()) < 1e-12)
            }
            #expect(figure.spreadLegend == "±1 sd over 3 seeds")
        }

        @Test func moreThanFourSeriesAlsoVaryMarkerAndDash() throws {
            var lines = ["kernel,dimension,degree,multiplicity,eigenvalue,error_estimate,reliability"]
            for c in 1...6 { for k in 1...3 { lines.append("laplace:c=\(c),3,\(k),1,\(Double(c) / Double(k * k * k)),0,accurate") } }
            let figure = try FigureBuilder.build(FigureSpec(kind: .decay), table: FigureFixtures.table(lines.joined(separator: "\n")))
            #expect(Set(figure.series.map(\.marker)).count == 6)
            #expect(figure.series.map(\.colour) == Array(0..<6))
            #expect(figure.series.map(\.label).first == "laplace")
            #expect(figure.series.map(\.label).last == "laplace:c=6")
        }

        @Test func pgfplotsReadsTheColumnsOfItsTableBesideIt() throws {
            let figure = try Self.decayFigure(zeros: true)
            let pgf = try PGFPlotsFigureRenderer.render(figure, dataFile: "decay.csv")
            #expect(pgf.data.columns == ["series", "degree", "eigenvalue"])
            #expect(pgf.tex.contains("\\documentclass{standalone}"))
            #expect(pgf.tex.contains("\\pgfplotsset{compat=1.18}"))
            #expect(pgf.tex.contains("xmode=log") && pgf.tex.contains("ymode=log"))
            #expect(pgf.tex.contains("table [x=degree, y=eigenvalue, col sep=comma] {decay.csv};"))
            #expect(pgf.tex.contains("ylabel={eigenvalue $\\mu_k$}"))
            #expect(pgf.tex.contains("\\addlegendentry{fit p = 3}"))
            // The rows are the drawn points: 5 markers and 2 + 2 line ends.
            #expect(pgf.data.rows.count == 9)
            let csv = DelimitedFormatter.csv.render(pgf.data)
            #expect(csv.split(separator: "\n").dropFirst().allSatisfy { !$0.contains("inf") })
        }

        @Test func heatMapsNameTheirScaleAndRefuseSeveralKernels() throws {
            let energies = try FigureFixtures.table("kernel,index,degree,energy\nntk,1,0,0.9\nntk,1,1,0.1\nlaplace:c=1,1,0,0.8\nlaplace:c=1,1,1,0.2\n")
            #expect(throws: FigureError.severalSeries(kind: .projections, column: "kernel", values: ["ntk", "laplace"])) {
                try FigureBuilder.build(FigureSpec(kind: .projections), table: energies)
            }
            let figure = try FigureBuilder.build(FigureSpec(kind: .projections, only: "laplace"), table: energies)
            let heat = try #require(figure.heatMap)
            #expect(heat.values == [[0.8, 0.2]])
            #expect(heat.range == 0...1)
            let svg = SVGFigureRenderer.render(figure)
            #expect(SVGDocument(svg).all("text", class: "colour-bar").contains { $0.text.contains("energy fraction") })
            let pgf = try PGFPlotsFigureRenderer.render(figure, dataFile: "p.csv")
            #expect(pgf.tex.contains("matrix plot*") && pgf.tex.contains("colorbar") && pgf.tex.contains("meta=energy"))
        }

        /// The change from depth 3 to 4 exists on the depth-4 rows only: each bar takes the value and
        /// the spread of the row that has one (network 0.02 ± 0.01, NTK -0.01 ± 0.005), and the y
        /// axis covers both ends of every error bar (down to -0.015).
        @Test func barsTakeTheSpreadOfTheRowTheirValueComesFrom() throws {
            let summary = try FigureFixtures.table("""
            model,depth,seeds,mean_test_mse,test_mse_sd,change,change_sd
            network,3,4,0.5,0.05,,
            network,4,4,0.52,0.04,0.02,0.01
            ntk_regression,3,4,0.45,0.03,,
            ntk_regression,4,4,0.46,0.03,-0.01,0.005

            """)
            let figure = try FigureBuilder.build(FigureSpec(kind: .bars, x: "model", y: ["change"], series: [], spread: "change_sd"), table: summary)
            let bars = try #require(figure.bars)
            #expect(bars.members.count == 1)
            #expect(bars.members[0].values == [0.02, -0.01])
            #expect(bars.members[0].spreads == [0.01, 0.005])
            #expect(figure.y.range.lowerBound <= -0.015 && figure.y.range.upperBound >= 0.03)
        }

        /// Long category names are drawn rotated, ending at their category: the first one must not
        /// reach past the figure's left edge (it did, cut to "3,bias_var=0.25", in a study's figure).
        @Test func rotatedCategoryLabelsStayInsideTheFigure() throws {
            let summary = try FigureFixtures.table("""
            kernel,mean,sd
            "ntk:depth=3,activation=relu,weight_var=2,bias_var=0.25,input_var=2,beta=0,normalize=false",2900,400
            laplace:c=1,2950,380
            "gexp:gamma=0.5,c=1",3000,390
            "gexp:gamma=1.5,c=1",3050,395

            """)
            let figure = try FigureBuilder.build(FigureSpec(kind: .bars, x: "kernel", y: ["mean"], series: [], spread: "sd"), table: summary)
            let svg = SVGDocument(SVGFigureRenderer.render(figure))
            let rotated = svg.all("text", class: "tick-labels").filter { $0.attributes["transform"]?.hasPrefix("rotate(-30") == true }
            #expect(rotated.count == 4)
            for label in rotated {
                let x = try #require(label.attributes["x"].flatMap(Double.init))
                let reach = x - FigureText.width(label.text, size: SVGFigureDrawing.tickSize) * 3.0.squareRoot() / 2
                #expect(reach >= 0, "\(label.text) reaches to x = \(reach)")
            }
        }

        @Test func badTablesAreRefusedNamingTheColumn() throws {
            let noEigenvalue = try FigureFixtures.table("kernel,degree\nntk,1\n")
            #expect(throws: FigureError.missingColumn(role: .table, column: "eigenvalue", kind: .decay, available: ["kernel", "degree"])) {
                try FigureBuilder.build(FigureSpec(kind: .decay), table: noEigenvalue)
            }
            let text = try FigureFixtures.table("kernel,degree,eigenvalue\nntk,1,0.5\nntk,2,abc\n")
            #expect(throws: FigureError.notANumber(role: .table, column: "eigenvalue", row: 2, text: "abc")) {
                try FigureBuilder.build(FigureSpec(kind: .decay), table: text)
            }
            let empty = try FigureFixtures.table("kernel,degree,eigenvalue\n")
            #expect(throws: FigureError.emptyTable(role: .table)) { try FigureBuilder.build(FigureSpec(kind: .decay), table: empty) }
            let fitWithoutExponent = try FigureFixtures.table("kernel,prefactor\nlaplace:c=1,1\n")
            let spectrum = try FigureFixtures.spectrum()
            do throws(FigureError) {
                _ = try FigureBuilder.build(FigureSpec(kind: .decay), table: spectrum, fit: fitWithoutExponent)
                Issue.record("a fit table without an exponent column was accepted")
            } catch {
                #expect(error.role == .fit)
                #expect(error.description.contains("'exponent'"))
            }
        }

        @Test func shortKernelLabelsKeepOnlyWhatDiffersFromTheDefaults() {
            #expect(KernelLabel.short("ntk:depth=3,activation=relu,weight_var=2,bias_var=0.25,input_var=2,beta=0,normalize=false")
                    == "ntk:depth=3,bias_var=0.25")
            #expect(KernelLabel.short("ntk:depth=2,activation=relu,weight_var=2,bias_var=0,input_var=2,beta=0,normalize=false") == "ntk")
            // input_var defaults to weight_var: it is dropped when equal to it, kept otherwise.
            #expect(KernelLabel.short("nngp:weight_var=1,input_var=1") == "nngp:weight_var=1")
            #expect(KernelLabel.short("nngp:input_var=1") == "nngp:input_var=1")
            #expect(KernelLabel.short("laplace:c=1") == "laplace")
            #expect(KernelLabel.short("gexp:gamma=0.5,c=1") == "gexp:gamma=0.5")
            #expect(KernelLabel.short("relu") == "relu")
        }

        @Test func delimitedTablesReadBackTheCellsTheFormatterWrote() throws {
            let table = try Table(columns: ["kernel", "degree", "eigenvalue", "note", "complete"], rows: [
                [.text("ntk:depth=3,bias_var=0.25"), .integer(4), .real(1.0 / 3.0), .missing, .boolean(true)],
                [.text("say \"hi\"\nthere"), .integer(-1), .real(.leastNonzeroMagnitude), .text("x"), .boolean(false)],
            ])
            let back = try DelimitedTableReader.read(DelimitedFormatter.csv.render(table))
            #expect(back == table)
            let tsv = try DelimitedTableReader.read(DelimitedFormatter.tsv.render(table), delimiter: "\t")
            #expect(tsv == table)
            #expect(throws: DelimitedTableError.rowLength(line: 3, given: 1, expected: 2)) { try DelimitedTableReader.read("a,b\n1,2\n3\n") }
            #expect(throws: DelimitedTableError.empty) { try DelimitedTableReader.read("") }
            #expect(throws: DelimitedTableError.unterminatedQuote(line: 2)) { try DelimitedTableReader.read("a\n\"open\n") }
        }
    }
}
