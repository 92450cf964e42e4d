import Foundation

/// Builds a `Figure` of a kind from the tidy tables spectra's commands write (as read back by
/// `DelimitedTableReader`, or as a study holds them). Column defaults per kind:
///
/// | kind | x | y | series | also reads |
/// |---|---|---|---|---|
/// | decay | degree | eigenvalue | kernel | fit table: exponent, prefactor, degree_from, degree_to, theoretical_exponent |
/// | slopes | degree_to | exponent (± stderr) | kernel | fit table: theoretical_exponent |
/// | gram | degree | eigenvalue, and analytic as a dashed line | kernel | fit table (fitted line) |
/// | projections | degree | index (cells: energy) | one kernel | |
/// | overlap | m | overlap | kernel_a, kernel_b | |
/// | partial_sums | degree | partial_sum | target, kernel | |
/// | width | width | relative_error (mean ± sd over seed) | phase, depth, ... that vary | |
/// | training | step | train_mse, test_mse (mean ± sd over seed) | depth, width, ... that vary | |
/// | bars | model or kernel (groups) | mean_test_mse ± test_mse_sd, test_mse or value | depth | |
/// | phase | depth | weight_var (cells: relative_spread, kernel_change or train_mse) | one activation, width, bias_var | edge of chaos from activation, bias_var |
public enum FigureBuilder {
    public static func build(_ spec: FigureSpec, table: Table, fit: Table? = nil) throws(FigureError) -> Figure {
        let main = try FigureTableReader(table, role: .table, kind: spec.kind)
        let fitReader: FigureTableReader? = try fit.map { (t: Table) throws(FigureError) in
            try FigureTableReader(t, role: .fit, kind: spec.kind)
        }
        switch spec.kind {
        case .decay: return try decay(spec, main, fitReader)
        case .slopes: return try slopes(spec, main, fitReader)
        case .gram: return try gram(spec, main, fitReader)
        case .projections: return try projections(spec, main)
        case .overlap: return try sweep(spec, main, x: "m", y: ["overlap"], series: ["kernel_a", "kernel_b"], scales: (.linear, .linear))
        case .partialSums:
            return try sweep(spec, main, x: "degree", y: ["partial_sum"], series: ["target", "kernel"], scales: (.log, .log))
        case .width: return try width(spec, main)
        case .training: return try training(spec, main)
        case .bars: return try bars(spec, main)
        case .phase: return try phase(spec, main)
        }
    }

    /// Colour, marker and dash of the series of group `g` of `count`: markers and dashes vary
    /// too when there are more than four groups (grey-scale printing).
    static func look(_ g: Int, of count: Int) -> (colour: Int, marker: MarkerShape, dash: Int) {
        let varied = count > 4
        return (g, varied ? MarkerShape.allCases[g % MarkerShape.allCases.count] : .circle, varied ? g % 4 : 0)
    }

    /// The groups of rows by the series columns, restricted to `spec.only` if given.
    static func groups(_ reader: FigureTableReader, columns: [String], only: String?) throws(FigureError) -> SeriesGroups {
        let keys = try reader.keys(columns)
        let all = SeriesGroups(keys)
        guard let only else { return all }
        let labels = all.keys.map { FigureLabels.series($0, of: columns) }
        guard let match = all.keys.indices.first(where: { all.keys[$0].joined(separator: ",") == only || labels[$0] == only
                                                     || all.keys[$0].contains(only) }) else {
            throw .unknownSeries(given: only, values: labels)
        }
        var picked = SeriesGroups([])
        picked.keys = [all.keys[match]]
        picked.rows = [all.rows[match]]
        return picked
    }

    /// Points (x, y) of the rows, skipping rows where either is missing.
    static func points(_ rows: [Int], _ xs: [Double?], _ ys: [Double?]) -> [FigurePoint] {
        rows.compactMap { r in
            guard let x = xs[r], let y = ys[r] else { return nil }
            return FigurePoint(x: x, y: y)
        }
    }

    // MARK: decay, slopes, gram

    static func decay(_ spec: FigureSpec, _ t: FigureTableReader, _ fit: FigureTableReader?) throws(FigureError) -> Figure {
        let xColumn = spec.x ?? "degree", yColumn = spec.y.first ?? "eigenvalue"
        let columns = spec.series ?? (t.has("kernel") ? ["kernel"] : [])
        let xs = try t.numbers(xColumn), ys = try t.numbers(yColumn)
        let groups = try groups(t, columns: columns, only: spec.only)
        var series: [FigureSeries] = []
        for (g, key) in groups.keys.enumerated() {
            let look = look(g, of: groups.keys.count)
            let points = points(groups.rows[g], xs, ys)
            series.append(FigureSeries(label: columns.isEmpty ? FigureLabels.axis(yColumn).quantity : FigureLabels.series(key, of: columns),
                                       style: .markers, points: points, colour: look.colour, marker: look.marker,
                                       xColumn: xColumn, yColumn: yColumn))
            series += try fitLines(fit, key: key, columns: columns, measured: points, look: look, xColumn: xColumn,
                                   yColumn: yColumn, theory: true)
        }
        return logLog(spec, xColumn, yColumn, series)
    }

    static func logLog(_ spec: FigureSpec, _ xColumn: String, _ yColumn: String, _ series: [FigureSeries]) -> Figure {
        FigureAssembly(kind: spec.kind, xLabel: FigureLabels.axis(xColumn), yLabel: FigureLabels.axis(yColumn),
                       xScale: .log, yScale: .log, series: series).finish()
    }

    static func slopes(_ spec: FigureSpec, _ t: FigureTableReader, _ fit: FigureTableReader?) throws(FigureError) -> Figure {
        let xColumn = spec.x ?? "degree_to", yColumn = spec.y.first ?? "exponent"
        let spreadColumn = spec.spread ?? (t.has("stderr") ? "stderr" : nil)
        let columns = spec.series ?? (t.has("kernel") ? ["kernel"] : [])
        let xs = try t.numbers(xColumn), ys = try t.numbers(yColumn)
        let spreads: [Double?] = try spreadColumn.map { (c: String) throws(FigureError) in try t.numbers(c) } ?? xs.map { _ in nil }
        let groups = try groups(t, columns: columns, only: spec.only)
        var series: [FigureSeries] = []
        for (g, key) in groups.keys.enumerated() {
            let look = look(g, of: groups.keys.count)
            let points = groups.rows[g].compactMap { r -> FigurePoint? in
                guard let x = xs[r], let y = ys[r] else { return nil }
                return FigurePoint(x: x, y: y, spread: spreads[r])
            }
            series.append(FigureSeries(label: columns.isEmpty ? "local slope" : FigureLabels.series(key, of: columns),
                                       style: .markersJoined, points: points, colour: look.colour, marker: look.marker,
                                       xColumn: xColumn, yColumn: yColumn, spreadColumn: spreadColumn))
            if let fit, let row = try fitRow(fit, for: key, columns: columns), let p = try theoreticalExponent(fit, row: row),
               let lo = points.map(\.x).min(), let hi = points.map(\.x).max() {
                series.append(FigureSeries(label: "theory p = \(FigureLabels.exponent(p))", style: .dashed,
                                           points: [FigurePoint(x: lo, y: p), FigurePoint(x: hi, y: p)], colour: look.colour,
                                           dash: look.dash, xColumn: xColumn, yColumn: yColumn))
            }
        }
        return FigureAssembly(kind: spec.kind, xLabel: FigureLabels.axis(xColumn), yLabel: FigureLabels.axis(yColumn),
                              xScale: .log, yScale: .linear, series: series,
                              spreadLegend: spreadColumn == "stderr" ? "±1 standard error of each local fit" : nil).finish()
    }

    static func gram(_ spec: FigureSpec, _ t: FigureTableReader, _ fit: FigureTableReader?) throws(FigureError) -> Figure {
        let xColumn = spec.x ?? "degree", yColumn = spec.y.first ?? "eigenvalue"
        let analyticColumn = spec.y.count > 1 ? spec.y[1] : "analytic"
        let columns = spec.series ?? (t.has("kernel") ? ["kernel"] : [])
        let xs = try t.numbers(xColumn), ys = try t.numbers(yColumn), analytic = try t.numbers(analyticColumn)
        let groups = try groups(t, columns: columns, only: spec.only)
        var series: [FigureSeries] = []
        for (g, key) in groups.keys.enumerated() {
            let look = look(g, of: groups.keys.count)
            let name = columns.isEmpty ? "" : FigureLabels.series(key, of: columns) + ": "
            let measured = points(groups.rows[g], xs, ys)
            series.append(FigureSeries(label: name + "Gram", style: .markers, points: measured, colour: look.colour,
                                       marker: look.marker, xColumn: xColumn, yColumn: yColumn))
            let exact = points(groups.rows[g], xs, analytic).sorted { $0.x < $1.x }
            series.append(FigureSeries(label: name + "analytic", style: .dashed, points: exact, colour: look.colour,
                                       dash: look.dash, xColumn: xColumn, yColumn: analyticColumn))
            series += try fitLines(fit, key: key, columns: columns, measured: measured, look: look, xColumn: xColumn,
                                   yColumn: yColumn, theory: false)
        }
        return logLog(spec, xColumn, yColumn, series)
    }

    /// The fit table's row for a series: the row that agrees with it on every series column the
    /// fit table also has (the kernel, and a study's sweep columns such as `dim`), or the only row.
    static func fitRow(_ fit: FigureTableReader, for key: [String], columns: [String]) throws(FigureError) -> Int? {
        let shared = columns.indices.filter { fit.has(columns[$0]) }
        guard !shared.isEmpty else { return fit.table.rows.count == 1 ? 0 : nil }
        var candidates = Array(fit.table.rows.indices)
        for c in shared {
            let texts = try fit.texts(columns[c])
            candidates = candidates.filter { texts[$0] == key[c] }
        }
        return candidates.first
    }

    static func theoreticalExponent(_ fit: FigureTableReader, row: Int) throws(FigureError) -> Double? {
        guard fit.has("theoretical_exponent") else { return nil }
        return Double(try fit.texts("theoretical_exponent")[row]).flatMap { $0.isFinite ? $0 : nil }
    }

    /// From the fit table's row for the series `key`: the fitted power law C k^-p over its
    /// window (solid), and, with `theory`, the theoretical slope through the fit's value at the
    /// window's geometric middle across the measured degrees (dashed).
    static func fitLines(_ fit: FigureTableReader?, key: [String], columns: [String], measured: [FigurePoint],
                         look: (colour: Int, marker: MarkerShape, dash: Int), xColumn: String, yColumn: String,
                         theory: Bool) throws(FigureError) -> [FigureSeries] {
        guard let fit, let row = try fitRow(fit, for: key, columns: columns) else { return [] }
        let positive = measured.map(\.x).filter { $0 > 0 }
        let span = (positive.min() ?? 1)...(positive.max() ?? 1)
        guard let p = try fit.numbers("exponent")[row], let c = try fit.numbers("prefactor")[row],
              let a = try fit.numbers("degree_from")[row], let b = try fit.numbers("degree_to")[row],
              p.isFinite, c.isFinite, c > 0, a > 0, b > a else { return [] }
        let law = { (k: Double) in c * pow(k, -p) }
        var lines = [FigureSeries(label: "fit p = \(FigureLabels.exponent(p))", style: .line,
                                  points: [FigurePoint(x: a, y: law(a)), FigurePoint(x: b, y: law(b))], colour: look.colour,
                                  xColumn: xColumn, yColumn: yColumn, setsRange: false)]
        if theory, let q = try theoreticalExponent(fit, row: row) {
            let middle = (a * b).squareRoot(), anchor = law(middle)
            let ends = [min(span.lowerBound, a), max(span.upperBound, b)]
            lines.append(FigureSeries(label: "theory p = \(FigureLabels.exponent(q))", style: .dashed,
                                      points: ends.map { FigurePoint(x: $0, y: anchor * pow($0 / middle, -q)) }, colour: look.colour,
                                      dash: look.dash, xColumn: xColumn, yColumn: yColumn, setsRange: false))
        }
        return lines.filter { $0.points.allSatisfy { $0.y.isFinite && $0.y > 0 } }
    }
}
