import Foundation

/// Figures of a quantity along a sweep (subspace size, degree, width, step), with error bars
/// over seeds when the table has one row per seed; the heat map of harmonic projections.
extension FigureBuilder {
    /// Architecture columns of the finite tables: a series is one combination of those that vary.
    static let architectureColumns = ["activation", "phase", "depth", "width", "weight_var", "bias_var"]

    /// The columns among `candidates` that vary, less those whose value another chosen column
    /// already fixes (weight_var and bias_var when each phase has one pair): shorter legends.
    static func seriesColumns(_ t: FigureTableReader, among candidates: [String]) throws(FigureError) -> [String] {
        var chosen: [String] = []
        for c in try t.varying(candidates) {
            let values = try t.texts(c)
            var determined = false
            for other in chosen {
                let keys = try t.texts(other)
                var seen: [String: String] = [:]
                determined = zip(keys, values).allSatisfy { k, v in
                    if let w = seen[k] { return w == v }
                    seen[k] = v
                    return true
                }
                if determined { break }
            }
            if !determined { chosen.append(c) }
        }
        return chosen
    }

    /// One series per group, markers joined along x (overlap, partial sums).
    static func sweep(_ spec: FigureSpec, _ t: FigureTableReader, x: String, y: [String], series defaultSeries: [String],
                      scales: (AxisScale, AxisScale)) throws(FigureError) -> Figure {
        let xColumn = spec.x ?? x, yColumn = spec.y.first ?? y[0]
        let columns = spec.series ?? defaultSeries.filter(t.has)
        let xs = try t.numbers(xColumn), ys = try t.numbers(yColumn)
        let groups = try groups(t, columns: columns, only: spec.only)
        let series = groups.keys.enumerated().map { g, key in
            let look = look(g, of: groups.keys.count)
            return FigureSeries(label: columns.isEmpty ? FigureLabels.axis(yColumn).quantity : FigureLabels.series(key, of: columns),
                                style: .markersJoined, points: points(groups.rows[g], xs, ys).sorted { $0.x < $1.x },
                                colour: look.colour, marker: look.marker, dash: look.dash, xColumn: xColumn, yColumn: yColumn)
        }
        let all = series.flatMap(\.points).map(\.y)
        let fraction = yColumn == "overlap" && all.allSatisfy { (0...1).contains($0) }
        return FigureAssembly(kind: spec.kind, xLabel: FigureLabels.axis(xColumn), yLabel: FigureLabels.axis(yColumn),
                              xScale: scales.0, yScale: scales.1, series: series, yRange: fraction ? 0...1 : nil).finish()
    }

    /// Mean and sample standard deviation of the rows sharing (series, x), over the seed column;
    /// or the rows as they are, with `spread` as error bars. The count is the largest number of
    /// seeds in one mean.
    static func aggregated(_ t: FigureTableReader, rows: [Int], xs: [Double?], ys: [Double?],
                           spreads: [Double?]?) -> (points: [FigurePoint], seeds: Int) {
        if let spreads {
            return (rows.compactMap { r in
                guard let x = xs[r], let y = ys[r] else { return nil }
                return FigurePoint(x: x, y: y, spread: spreads[r])
            }.sorted { $0.x < $1.x }, 0)
        }
        var order: [Double] = []
        var byX: [Double: [Double]] = [:]
        for r in rows {
            guard let x = xs[r], let y = ys[r], y.isFinite else { continue }
            if byX[x] == nil { order.append(x) }
            byX[x, default: []].append(y)
        }
        var seeds = 0
        let points = order.sorted().map { x in
            let values = byX[x] ?? []
            seeds = max(seeds, values.count)
            return FigurePoint(x: x, y: AddLayerStudy.mean(values),
                               spread: AddLayerStudy.standardDeviation(values))
        }
        return (points, seeds)
    }

    static func spreadLegend(seeds: Int, over: Bool) -> String? {
        over && seeds > 1 ? "±1 sd over \(seeds) seeds" : nil
    }

    // MARK: finite init

    static func width(_ spec: FigureSpec, _ t: FigureTableReader) throws(FigureError) -> Figure {
        let xColumn = spec.x ?? "width"
        let yColumn = spec.y.first ?? (t.has("relative_error") ? "relative_error" : "mean_relative_error")
        var columns = spec.series ?? []
        if spec.series == nil { columns = try seriesColumns(t, among: architectureColumns.filter { $0 != xColumn }) }
        if columns.isEmpty { columns = ["phase", "depth"].filter(t.has) }
        let xs = try t.numbers(xColumn), ys = try t.numbers(yColumn)
        let spreads: [Double?]? = try spec.spread.map { (c: String) throws(FigureError) in try t.numbers(c) }
        let overSeeds = spreads == nil && t.has("seed")
        let groups = try groups(t, columns: columns, only: spec.only)
        var seeds = 0
        var series: [FigureSeries] = groups.keys.enumerated().map { g, key in
            let look = look(g, of: groups.keys.count)
            let (points, n) = aggregated(t, rows: groups.rows[g], xs: xs, ys: ys, spreads: overSeeds ? nil : spreads ?? xs.map { _ in nil })
            seeds = max(seeds, n)
            return FigureSeries(label: FigureLabels.series(key, of: columns), style: .markersJoined, points: points,
                                colour: look.colour, marker: look.marker, dash: look.dash, xColumn: xColumn, yColumn: yColumn,
                                spreadColumn: overSeeds || spreads != nil ? (spec.spread ?? yColumn + "_sd") : nil)
        }
        // Fluctuations of a width-m network about its kernel scale as m^(-1/2) (MATH.md 7):
        // a dashed reference through the first series' narrowest width.
        if let first = series.first?.points.first(where: { $0.x > 0 && $0.y > 0 }),
           let widest = series.flatMap(\.points).map(\.x).max(), widest > first.x {
            series.append(FigureSeries(label: "theory slope \u{2212}1/2", style: .dashed,
                                       points: [first, FigurePoint(x: widest, y: first.y * (first.x / widest).squareRoot())].map {
                                           FigurePoint(x: $0.x, y: $0.y)
                                       }, colour: 0, xColumn: xColumn, yColumn: yColumn, setsRange: false))
        }
        return FigureAssembly(kind: spec.kind, xLabel: FigureLabels.axis(xColumn), yLabel: FigureLabels.axis(yColumn),
                              xScale: .log, yScale: .log, series: series,
                              spreadLegend: spreadLegend(seeds: seeds, over: overSeeds)).finish()
    }

    // MARK: finite train

    static func training(_ spec: FigureSpec, _ t: FigureTableReader) throws(FigureError) -> Figure {
        let xColumn = spec.x ?? "step"
        let yColumns = spec.y.isEmpty ? ["train_mse", "test_mse"] : spec.y
        var columns = spec.series ?? []
        if spec.series == nil { columns = try seriesColumns(t, among: architectureColumns.filter { $0 != xColumn }) }
        let xs = try t.numbers(xColumn)
        let overSeeds = t.has("seed")
        let groups = try groups(t, columns: columns, only: spec.only)
        let count = groups.keys.count * yColumns.count
        var series: [FigureSeries] = []
        var seeds = 0
        for (g, key) in groups.keys.enumerated() {
            for (c, yColumn) in yColumns.enumerated() {
                let ys = try t.numbers(yColumn)
                let look = look(series.count, of: count)
                let (points, n) = aggregated(t, rows: groups.rows[g], xs: xs, ys: ys, spreads: overSeeds ? nil : xs.map { _ in nil })
                seeds = max(seeds, n)
                let what = FigureLabels.axis(yColumn).quantity
                let name = columns.isEmpty ? what : FigureLabels.series(key, of: columns) + (yColumns.count > 1 ? ", " + what : "")
                series.append(FigureSeries(label: name, style: .markersJoined, points: points, colour: look.colour,
                                           marker: yColumns.count > 1 && count <= 4 ? MarkerShape.allCases[c] : look.marker,
                                           dash: look.dash, xColumn: xColumn, yColumn: yColumn,
                                           spreadColumn: overSeeds ? yColumn + "_sd" : nil))
            }
        }
        let logY = yColumns.allSatisfy { $0.hasSuffix("mse") }
        return FigureAssembly(kind: spec.kind, xLabel: FigureLabels.axis(xColumn), yLabel: FigureLabels.axis(yColumns),
                              xScale: .linear, yScale: logY ? .log : .linear, series: series,
                              spreadLegend: spreadLegend(seeds: seeds, over: overSeeds)).finish()
    }

    // MARK: align energies

    static func projections(_ spec: FigureSpec, _ t: FigureTableReader) throws(FigureError) -> Figure {
        let xColumn = spec.x ?? "degree", yColumn = spec.y.first ?? "index", valueColumn = spec.y.count > 1 ? spec.y[1] : "energy"
        let columns = spec.series ?? (t.has("kernel") ? ["kernel"] : [])
        let groups = try groups(t, columns: columns, only: spec.only)
        guard groups.keys.count == 1 else {
            throw .severalSeries(kind: spec.kind, column: columns.joined(separator: ", "),
                                 values: groups.keys.map { FigureLabels.series($0, of: columns) })
        }
        let xs = try t.numbers(xColumn), ys = try t.numbers(yColumn), values = try t.numbers(valueColumn)
        let rows = groups.rows[0]
        let columnValues = Array(Set(rows.compactMap { xs[$0] })).sorted(), rowValues = Array(Set(rows.compactMap { ys[$0] })).sorted()
        guard !columnValues.isEmpty, !rowValues.isEmpty else { throw .nothingToDraw("no rows with both \(xColumn) and \(yColumn)") }
        let columnIndex = Dictionary(uniqueKeysWithValues: columnValues.enumerated().map { ($1, $0) })
        let rowIndex = Dictionary(uniqueKeysWithValues: rowValues.enumerated().map { ($1, $0) })
        var grid = [[Double?]](repeating: [Double?](repeating: nil, count: columnValues.count), count: rowValues.count)
        for r in rows {
            guard let x = xs[r], let y = ys[r], let v = values[r], v.isFinite, let i = rowIndex[y], let j = columnIndex[x] else { continue }
            grid[i][j] = v
        }
        let finite = grid.flatMap { $0.compactMap { $0 } }
        let range = finite.allSatisfy { (0...1).contains($0) } ? 0...1
            : FigureAxis.snappedRange(finite, scale: .linear, includingZero: true)
        let heat = HeatMap(xs: columnValues, ys: rowValues, values: grid, valueLabel: FigureLabels.axis(valueColumn), range: range,
                           xColumn: xColumn, yColumn: yColumn, valueColumn: valueColumn)
        let step = { (v: [Double]) in v.count > 1 ? (v[v.count - 1] - v[0]) / Double(v.count - 1) : 1 }
        let x = FigureAxis(label: FigureLabels.axis(xColumn), scale: .linear,
                           range: (columnValues[0] - step(columnValues) / 2)...(columnValues[columnValues.count - 1] + step(columnValues) / 2))
        let y = FigureAxis(label: FigureLabels.axis(yColumn), scale: .linear,
                           range: (rowValues[0] - step(rowValues) / 2)...(rowValues[rowValues.count - 1] + step(rowValues) / 2),
                           reversed: true)
        let title = columns.isEmpty ? [] : ["Harmonic projections of the eigenvectors of \(FigureLabels.series(groups.keys[0], of: columns))."]
        return Figure(kind: spec.kind, x: x, y: y, heatMap: heat, notes: title)
    }

    // MARK: add-layer, regress

    static func bars(_ spec: FigureSpec, _ t: FigureTableReader) throws(FigureError) -> Figure {
        let groupColumn = spec.x ?? (t.has("model") ? "model" : "kernel")
        let yColumn = spec.y.first ?? ["mean_test_mse", "test_mse", "value"].first(where: t.has) ?? "mean_test_mse"
        let spreadColumn = spec.spread ?? (yColumn == "mean_test_mse" && t.has("test_mse_sd") ? "test_mse_sd" : nil)
        let columns = spec.series ?? (t.has("depth") ? ["depth"] : [])
        let overSeeds = spreadColumn == nil && t.has("seed")
        let groupTexts = try t.texts(groupColumn)
        let ys = try t.numbers(yColumn)
        let spreads: [Double?]? = try spreadColumn.map { (c: String) throws(FigureError) in try t.numbers(c) }
        let members = try groups(t, columns: columns, only: spec.only)
        var groupNames: [String] = []
        for g in groupTexts where !groupNames.contains(g) { groupNames.append(g) }
        var seeds = 0
        let bars: [BarGroups.Member] = members.keys.enumerated().map { m, key in
            var values = [Double?](repeating: nil, count: groupNames.count), sds = values
            for (g, name) in groupNames.enumerated() {
                let rows = members.rows[m].filter { groupTexts[$0] == name }
                let numbers = rows.compactMap { ys[$0] }.filter(\.isFinite)
                guard !numbers.isEmpty else { continue }
                if overSeeds {
                    values[g] = AddLayerStudy.mean(numbers)
                    sds[g] = AddLayerStudy.standardDeviation(numbers)
                    seeds = max(seeds, numbers.count)
                } else {
                    // The first row with a value, and that row's spread (rows without a value,
                    // such as the shallower depth's missing change, are skipped).
                    let row = rows.first { ys[$0]?.isFinite == true }
                    values[g] = numbers[0]
                    sds[g] = row.flatMap { spreads?[$0] }
                }
            }
            return BarGroups.Member(label: columns.isEmpty ? FigureLabels.axis(yColumn).quantity : FigureLabels.series(key, of: columns),
                                    colour: members.keys.count == 1 ? 5 : m, values: values, spreads: sds)
        }
        if !overSeeds, spreadColumn != nil, t.has("seeds") { seeds = Int(try t.numbers("seeds").compactMap { $0 }.max() ?? 0) }
        var yLabel = FigureLabels.axis(yColumn)
        if yColumn == "value" || yColumn == "mean", t.has("metric"), let metric = try t.texts("metric").first {
            yLabel = AxisLabel((yColumn == "mean" ? "mean " : "") + (metric == "accuracy" ? "test accuracy" : metric.replacingOccurrences(of: "mse", with: "MSE")
                .replacingOccurrences(of: "_", with: " ")))
        }
        var all: [Double] = []
        for m in bars {
            // The range covers each bar and both ends of its error bar (a change can be negative).
            for (v, s) in zip(m.values, m.spreads) { if let v { all += [v + (s ?? 0), v - (s ?? 0)] } }
        }
        let labels = groupNames.map { FigureLabels.value($0, of: groupColumn) }
        let figure = Figure(kind: spec.kind, x: FigureAxis(label: FigureLabels.axis(groupColumn), categories: labels),
                            y: FigureAxis(label: yLabel, scale: .linear, covering: all, includingZero: true),
                            bars: BarGroups(groups: labels, members: bars, groupColumn: groupColumn, valueColumn: yColumn,
                                            spreadColumn: overSeeds ? yColumn + "_sd" : spreadColumn),
                            spreadLegend: spreads != nil || overSeeds ? (seeds > 1 ? "±1 sd over \(seeds) seeds" : "±1 sd") : nil)
        guard !all.isEmpty else { throw .nothingToDraw("no finite \(yColumn) values to draw") }
        return figure
    }
}
