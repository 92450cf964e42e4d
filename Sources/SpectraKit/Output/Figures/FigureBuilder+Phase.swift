import Foundation

/// The phase diagram of finite networks: a quantity (the relative spread of the empirical NTK
/// at initialisation, its relative change in training, the training loss) coloured over a grid
/// of depth and weight variance, with the edge of chaos chi_1 = 1 drawn on it.
extension FigureBuilder {
    /// Columns that pick one diagram out of a table with several (one per activation, width or bias).
    static let phaseSelectionColumns = ["activation", "width", "bias_var"]

    /// Cell boundaries of a sorted grid: midpoints between neighbours, the ends half an adjacent
    /// gap beyond the first and last value (one value: ±1/2). Uneven grids get uneven cells.
    public static func cellEdges(_ values: [Double]) -> [Double] {
        guard values.count > 1 else { return values.first.map { [$0 - 0.5, $0 + 0.5] } ?? [] }
        var edges = [values[0] - (values[1] - values[0]) / 2]
        for (a, b) in zip(values, values.dropFirst()) { edges.append((a + b) / 2) }
        let n = values.count
        edges.append(values[n - 1] + (values[n - 1] - values[n - 2]) / 2)
        return edges
    }

    /// Values spanning more than this ratio (all positive) are coloured by their base-10 logarithm.
    static let logColourRatio = 30.0

    static func phase(_ spec: FigureSpec, _ t: FigureTableReader) throws(FigureError) -> Figure {
        let xColumn = spec.x ?? "depth", yColumn = spec.y.first ?? "weight_var"
        let valueColumn = spec.y.count > 1 ? spec.y[1]
            : ["relative_spread", "kernel_change", "train_mse", "mean_relative_error"].first(where: t.has) ?? "relative_spread"
        var columns = spec.series ?? []
        if spec.series == nil { columns = try t.varying(phaseSelectionColumns) }
        let groups = try groups(t, columns: columns, only: spec.only)
        guard groups.keys.count == 1 else {
            throw .severalSeries(kind: spec.kind, column: columns.joined(separator: ", "),
                                 values: groups.keys.map { FigureLabels.series($0, of: columns) })
        }
        let rows = groups.rows[0]
        let xs = try t.numbers(xColumn), ys = try t.numbers(yColumn), values = try t.numbers(valueColumn)
        let columnValues = Array(Set(rows.compactMap { xs[$0] })).sorted(), rowValues = Array(Set(rows.compactMap { ys[$0] })).sorted()
        guard !columnValues.isEmpty, !rowValues.isEmpty else { throw .nothingToDraw("no rows with both \(xColumn) and \(yColumn)") }
        let columnIndex = Dictionary(uniqueKeysWithValues: columnValues.enumerated().map { ($1, $0) })
        let rowIndex = Dictionary(uniqueKeysWithValues: rowValues.enumerated().map { ($1, $0) })
        // Several rows in one cell (seeds, or a sweep column not chosen): their mean.
        var sums = [[Double]](repeating: [Double](repeating: 0, count: columnValues.count), count: rowValues.count)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: columnValues.count), count: rowValues.count)
        for r in rows {
            guard let x = xs[r], let y = ys[r], let v = values[r], v.isFinite, let i = rowIndex[y], let j = columnIndex[x] else { continue }
            sums[i][j] += v
            counts[i][j] += 1
        }
        var grid: [[Double?]] = zip(sums, counts).map { s, c in zip(s, c).map { $1 > 0 ? $0 / Double($1) : nil } }
        let finite = grid.flatMap { $0.compactMap { $0 } }
        guard let low = finite.min(), let high = finite.max() else { throw .nothingToDraw("no finite \(valueColumn) values to draw") }
        var notes: [String] = []
        var valueLabel = FigureLabels.axis(valueColumn)
        let logarithmic = low > 0 && high / low > logColourRatio
        if logarithmic {
            grid = grid.map { $0.map { $0.map(log10) } }
            valueLabel = AxisLabel("log\u{2081}\u{2080} " + valueLabel.quantity)
        }
        let cellValues = grid.flatMap { $0.compactMap { $0 } }
        let range = logarithmic || !cellValues.allSatisfy({ (0...1).contains($0) })
            ? FigureAxis.snappedRange(cellValues, scale: .linear, includingZero: !logarithmic) : 0...1
        if let most = counts.flatMap({ $0 }).max(), most > 1 { notes.append("Each cell is the mean of up to \(most) rows.") }
        let heat = HeatMap(xs: columnValues, ys: rowValues, values: grid, valueLabel: valueLabel, range: range,
                           xColumn: xColumn, yColumn: yColumn, valueColumn: valueColumn)
        let xEdges = cellEdges(columnValues), yEdges = cellEdges(rowValues)
        let x = FigureAxis(label: FigureLabels.axis(xColumn), scale: .linear, range: xEdges[0]...xEdges[xEdges.count - 1])
        let y = FigureAxis(label: FigureLabels.axis(yColumn), scale: .linear, range: yEdges[0]...yEdges[yEdges.count - 1])

        // The edge of chaos: the weight variance where chi_1 = 1, for this activation and bias
        // variance (the same at every depth), when the table names one of each.
        var series: [FigureSeries] = []
        if yColumn == "weight_var", t.has("activation"), t.has("bias_var") {
            let activationTexts = try t.texts("activation"), biasValues = try t.numbers("bias_var")
            let activations = Set(rows.map { activationTexts[$0] }), biases = Set(rows.compactMap { biasValues[$0] })
            if activations.count == 1, biases.count == 1, let name = activations.first, let bias = biases.first,
               let activation = try? NetworkKernel.Activation(parsing: name),
               let edge = NetworkPhase.criticalWeightVariance(activation: activation, biasVariance: bias) {
                let text = "edge of chaos \u{03C7}\u{2081} = 1 (weight_var = \(FigureLabels.exponent(edge)))"
                if y.range.contains(edge) {
                    series.append(FigureSeries(label: text, style: .dashed,
                                               points: [FigurePoint(x: x.range.lowerBound, y: edge), FigurePoint(x: x.range.upperBound, y: edge)],
                                               colour: 6, xColumn: xColumn, yColumn: yColumn, setsRange: false))
                    notes.append("Below the dashed line: the ordered phase (\u{03C7}\u{2081} < 1); above it: the chaotic phase (\u{03C7}\u{2081} > 1).")
                } else {
                    notes.append("The \(text) lies outside the grid's weight variances.")
                }
            }
        }
        return Figure(kind: spec.kind, x: x, y: y, series: series, heatMap: heat, notes: notes)
    }
}
