import Foundation

/// Where everything of an SVG figure goes before anything is drawn: the size of the legend and
/// where it fits (a free corner of the plot, beside it or below it), the room tick and axis labels
/// take (rotated category labels included), the notes wrapped to the figure's width, and the
/// plot rectangle that is left.
extension SVGFigureDrawing {
    var legendSize: (width: Double, height: Double) {
        guard !entries.isEmpty else { return (0, 0) }
        let rows = (legendSlots.map(\.row).max() ?? 0) + 1
        return (legendColumnWidths.reduce(0, +), 8 + Self.legendLine * Double(rows))
    }

    /// Each legend column as wide as its longest entry.
    var legendColumnWidths: [Double] {
        let slots = legendSlots
        let columns = (slots.map(\.column).max() ?? 0) + 1
        return (0..<columns).map { c in
            12 + 22 + 6 + (entries.indices.filter { slots[$0].column == c }
                .map { FigureText.width(entries[$0].label, size: Self.legendSize) }.max() ?? 0)
        }
    }

    /// (column, row) of each entry: column by column, a group never split, columns about equal.
    var legendSlots: [(column: Int, row: Int)] {
        var groups: [[Int]] = []
        for (i, e) in entries.enumerated() {
            if let last = groups.last?.last, entries[last].group == e.group { groups[groups.count - 1].append(i) } else { groups.append([i]) }
        }
        var rows = max(groups.map(\.count).max() ?? 1, (entries.count + legendColumns - 1) / legendColumns)
        while true {
            var slots = [(column: Int, row: Int)](repeating: (0, 0), count: entries.count)
            var column = 0, row = 0
            for group in groups {
                if row > 0, row + group.count > rows {
                    column += 1
                    row = 0
                }
                for i in group {
                    slots[i] = (column, row)
                    row += 1
                }
            }
            if column < legendColumns { return slots }
            rows += 1
        }
    }

    var yTickLabelWidth: Double {
        let labels = figure.y.majorTicks.compactMap(\.label)
        return labels.map { Self.labelWidth($0, size: Self.tickSize) }.max() ?? 0
    }

    static func labelWidth(_ label: FigureAxis.TickLabel, size: Double) -> Double {
        switch label {
        case .text(let s): return FigureText.width(s, size: size)
        case .powerOfTen(let e): return FigureText.width("10", size: size) + FigureText.width(exponentText(e), size: size * 0.75)
        }
    }

    static func exponentText(_ e: Int) -> String { e < 0 ? "\u{2212}\(-e)" : "\(e)" }

    mutating func layout() {
        var top = 10.0, right = 14.0
        var bottom = 5 + 4 + Self.tickSize + 6 + Self.labelSize + 8
        let left = 8 + Self.labelSize + 6 + yTickLabelWidth + 6
        if let heat = figure.heatMap {
            let ticks = FigureAxis(label: heat.valueLabel, scale: .linear, range: heat.range).majorTicks.compactMap(\.label)
            right += 14 + 5 + (ticks.map { Self.labelWidth($0, size: Self.tickSize) }.max() ?? 0) + 8 + Self.labelSize
        }
        if let categories = figure.x.categories {
            let slot = (width - left - right) / Double(max(categories.count, 1))
            let widest = categories.map { FigureText.width($0, size: Self.tickSize) }.max() ?? 0
            if widest > slot - 6 {
                rotatedCategories = true
                bottom += widest * 0.5
            }
        }
        noteLines = figure.notes.flatMap { Self.wrap($0, width: width - 16, size: Self.noteSize) }
        bottom += Double(noteLines.count) * (Self.noteSize + 3)
        height = 300 + Double(noteLines.count) * (Self.noteSize + 3)
        if figure.heatMap == nil { top = 10 }
        plot = PixelRect(x: left, y: top, width: width - left - right, height: height - top - bottom)
        keepRotatedLabelsInside()
        guard !entries.isEmpty else { return }
        let box = legendSize
        // Inside: the first corner whose box touches no data.
        for corner in 0..<4 {
            let x = corner % 2 == 0 ? plot.maxX - 6 - box.width : plot.x + 6
            let y = corner < 2 ? plot.y + 6 : plot.maxY - 6 - box.height
            let rect = PixelRect(x: x, y: y, width: box.width, height: box.height)
            if figure.heatMap == nil, box.width < plot.width - 12, box.height < plot.height - 12,
               !obstacles().contains(where: { rect.contains($0, margin: 3) }) {
                legendOrigin = (x, y)
                legendPlacement = .inside(top: corner < 2, right: corner % 2 == 0)
                return
            }
        }
        // Beside the plot when that leaves it two thirds of its width; else below it, in as
        // many columns as fit.
        if figure.heatMap == nil, box.width + 10 < plot.width / 3 {   // a heat map's colour bar takes the right side
            plot.width -= box.width + 10
            keepRotatedLabelsInside()
            legendOrigin = (plot.maxX + 10, plot.y)
            legendPlacement = .right
        } else {
            for columns in stride(from: 4, through: 1, by: -1) {
                legendColumns = columns
                if legendSize.width <= width - 16 { break }
            }
            let below = legendSize
            height += below.height + 6
            legendOrigin = (max(8, (width - below.width) / 2), plot.maxY + bottom - Double(noteLines.count) * (Self.noteSize + 3) + 2)
            legendPlacement = .below(columns: legendColumns)
        }
    }

    /// A rotated category label ends at its category and reaches left by its width x cos 30°:
    /// moves the plot's left edge (keeping its right edge) so that no label reaches past 4 px
    /// from the figure's edge. Category i sits at plot.x + (i + 1/2) (R - plot.x) / n for the
    /// right edge R, so each label gives the smallest plot.x in closed form.
    mutating func keepRotatedLabelsInside() {
        guard rotatedCategories, let categories = figure.x.categories, !categories.isEmpty else { return }
        let right = plot.maxX, n = Double(categories.count)
        let needed = categories.enumerated().map { i, label -> Double in
            let c = (Double(i) + 0.5) / n
            let reach = 4 + FigureText.width(label, size: Self.tickSize) * 3.0.squareRoot() / 2
            return (reach - c * right) / (1 - c)
        }.max() ?? 0
        guard needed > plot.x else { return }
        plot = PixelRect(x: needed, y: plot.y, width: right - needed, height: plot.height)
    }

    /// Greedy line breaking at spaces so that no line exceeds `width`.
    static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if FigureText.width(candidate, size: size) > width, !line.isEmpty {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
