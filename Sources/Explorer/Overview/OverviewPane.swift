import Foundation
import SAEKit
import TermKit

/// The dictionary overview: what the dictionary is, how its features fire, the last eval figures, and three plots (the
/// log-density histogram of all features, the spread of decoder norms, and of each feature's highest cosine to
/// another), side by side on a wide screen and stacked on a narrow one.
package enum OverviewPane {
    /// Draws the pane into `area`.
    package static func render(_ state: OverviewState, _ shared: SharedState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let glyphs = palette.glyphs, d = shared.dictionary
        let block = Block(title: "Overview \(glyphs.separator) \(d.name)", focused: shared.focus == .overview, palette: palette)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area).inset(left: 1, right: 1)
        guard !inner.isEmpty else { return }
        var y = inner.y
        for (name, parts, style) in facts(state, d, glyphs: glyphs) {
            // A fact too long for the row goes on over the next rows, broken between its parts.
            for (row, line) in packed(parts, width: inner.width - 11, separator: " \(glyphs.separator) ").enumerated() where y < inner.maxY {
                buffer.write([Span(Format.left(row == 0 ? name : "", 11), palette.style(.dim)),
                              Span(glyphs.text(line), palette.style(style))], x: inner.x, y: y, clip: inner)
                y += 1
            }
        }
        let plots = self.plots(state, glyphs: glyphs)
        let room = Rect(x: inner.x, y: y + 1, width: inner.width, height: max(0, inner.maxY - y - 1))
        let sideBySide = room.width >= 90 || room.height < 3 * 4
        // Bars taller than this say no more; the plots keep to the top of the pane.
        let plotsArea = room.inset(bottom: max(0, room.height - (sideBySide ? 1 : 3) * (maximumChartRows + 3)))
        let places = Layout.split(plotsArea, sideBySide ? .horizontal : .vertical, plots.map { _ in .fill(1) },
                                  spacing: sideBySide ? 3 : 0)
        for (plot, place) in zip(plots, places) { draw(plot, in: place, palette: palette, buffer: &buffer) }
        // Below the plots, when there is room: the densest features, the first suspects of an unhealthy dictionary.
        let below = Rect(x: inner.x, y: plotsArea.maxY + 1, width: inner.width, height: max(0, inner.maxY - plotsArea.maxY - 1))
        if let firing = state.firing, below.height >= 2, !firing.densest.isEmpty {
            densest(firing.densest, shared, palette: palette, area: below, buffer: &buffer)
        }
    }

    /// "densest features" and a row for each (id, density, label), as many as fit.
    private static func densest(_ features: [Int], _ shared: SharedState, palette: Palette, area: Rect, buffer: inout Buffer) {
        buffer.write("densest features", x: area.x, y: area.y, style: palette.style(.title), clip: area)
        let idWidth = max(2, String(max(0, shared.dictionary.featureCount - 1)).count)
        for (row, feature) in features.prefix(area.height - 1).enumerated() {
            let numbers = Format.right(String(feature), idWidth) + "  " + Format.right(Format.percent(shared.dictionary.density?[feature]), 8) + "  "
            buffer.write([Span(numbers, palette.style(.normal))]
                         + FeatureLabelSpans.of(feature, in: shared.dictionary, annotations: shared.annotations, palette: palette),
                         x: area.x, y: area.y + 1 + row, clip: area)
        }
    }

    /// The most rows a plot's bars take.
    static let maximumChartRows = 10

    /// The lines above the plots: name, the parts of the value (kept whole when the line breaks) and its style.
    private static func facts(_ state: OverviewState, _ d: DictionarySummary, glyphs: Glyphs) -> [(String, [String], StyleRole)] {
        var lines: [(String, [String], StyleRole)] = [
            ("dictionary", [d.architecture, "\(d.featureCount) features \(glyphs.times) d_in \(d.dIn)"], .normal),
            ("hook", [d.hookName ?? "hook point not named"] + [d.trainedOn].compactMap { $0 }, .normal),
        ]
        if let firing = state.firing {
            let share = { (count: Int) in Format.percent(d.featureCount > 0 ? Float(count) / Float(d.featureCount) : nil) }
            lines.append(("firing", [String(format: "L0 %.1f", firing.meanL0), "dead \(firing.dead) (\(share(firing.dead)))",
                                     "dense \(firing.dense) (fire on > \(Format.percent(DictionaryHealth.denseThreshold)) of tokens)"]
                          + [d.statisticsSource.map { "measured on " + $0 }].compactMap { $0 }, .normal))
        } else {
            lines.append(("firing", ["no firing statistics: saescope index build measures them"], .dim))
        }
        if let recorded = d.evaluation {
            let e = recorded.figures
            let source = ["\(e.tokens) tokens" + (recorded.text.map { " of " + $0 } ?? ""), recorded.date.map { String($0.prefix(10)) }]
            lines.append(("eval", [String(format: "FVE %.3f", e.fve), String(format: "loss recovered %.1f%%", e.ce_loss_recovered * 100),
                                   String(format: "KL %.3f", e.kl), String(format: "L0 %.1f", e.l0),
                                   source.compactMap { $0 }.joined(separator: ", ")], .normal))
        } else {
            lines.append(("eval", ["none recorded:", "saescope eval --dict \(d.name) records its figures for you"], .dim))
        }
        return lines
    }

    /// `parts` joined by `separator` into lines of at most `width` columns where they fit (a part longer than a line
    /// has a line of its own and is cut where it is drawn).
    static func packed(_ parts: [String], width: Int, separator: String) -> [String] {
        var lines: [String] = []
        for part in parts {
            if let last = lines.last, DisplayWidth.of(last + separator + part) <= width {
                lines[lines.count - 1] = last + separator + part
            } else {
                lines.append(part)
            }
        }
        return lines
    }

    /// One plot: its title, its bins (nil: a note in their place) and how its axis ends are written.
    private struct Plot {
        var title: String
        var bins: Bins?
        var note: String
        var axis: (Float) -> String
    }

    /// The three plots, each with what stands in for it until its figures are in.
    private static func plots(_ state: OverviewState, glyphs: Glyphs) -> [Plot] {
        let computing = "computing" + (state.progress.map { " " + $0.percent } ?? "") + glyphs.ellipsis
        let twins = state.twins.map { " \(glyphs.separator) \($0) above \(Format.cosine(OverviewState.twinCosine))" } ?? ""
        return [
            Plot(title: "log10 density of live features", bins: state.firing?.logDensity, note: "no firing statistics",
                 axis: { String(format: "%g", Double($0)) }),
            Plot(title: "decoder norm" + spread(state.decoderNorms, glyphs: glyphs), bins: state.decoderNorms, note: computing, axis: { _ in "" }),
            Plot(title: "max cosine to another" + twins, bins: state.redundancy, note: computing, axis: { _ in "" }),
        ]
    }

    /// " · all within 0.01% of 7.53" when the norms hardly differ (a dictionary trained with unit-norm decoder rows, or
    /// one whose norms were folded in), else nothing.
    private static func spread(_ bins: Bins?, glyphs: Glyphs) -> String {
        guard let bins, bins.high > 0 else { return "" }
        let middle = (bins.low + bins.high) / 2, relative = (bins.high - bins.low) / 2 / middle
        guard relative < 0.01 else { return "" }
        return " \(glyphs.separator) all within \(Format.percent(relative)) of " + String(format: "%.4g", Double(middle))
    }

    /// Draws `plot` in `area`: the title, the bars stretched over the width, and the axis's two ends (and its middle).
    private static func draw(_ plot: Plot, in area: Rect, palette: Palette, buffer: inout Buffer) {
        guard area.height >= 1, area.width >= 1 else { return }
        buffer.write(DisplayWidth.truncate(plot.title, to: area.width, ellipsis: palette.glyphs.ellipsis),
                     x: area.x, y: area.y, style: palette.style(.title), clip: area)
        guard area.height >= 2 else { return }
        guard let bins = plot.bins, bins.total > 0 else {
            buffer.write(plot.bins == nil ? plot.note : "nothing to plot", x: area.x, y: area.y + 1,
                         style: palette.style(.dim), clip: area)
            return
        }
        let chartHeight = max(1, min(maximumChartRows, area.height - 2))
        let chart = Rect(x: area.x, y: area.y + 1, width: area.width, height: chartHeight)
        // Each bin is drawn as wide as the width allows, so a plot fills its place at any size.
        let stretched = (0..<chart.width).map { Float(bins.counts[$0 * bins.counts.count / chart.width]) }
        Histogram(counts: stretched, palette: palette).render(in: chart, buffer: &buffer)
        guard area.height >= 3 else { return }
        let axisY = chart.maxY
        // The axis is written with as many digits as its span needs for its ends to differ.
        let written = { (value: Float) in plot.axis(value).isEmpty ? Format.axis(value, low: bins.low, high: bins.high) : plot.axis(value) }
        let low = written(bins.low), high = written(bins.high), middle = written((bins.low + bins.high) / 2)
        buffer.write(low, x: area.x, y: axisY, style: palette.style(.dim), clip: area)
        let middleX = area.x + (area.width - DisplayWidth.of(middle)) / 2
        if middleX > area.x + DisplayWidth.of(low) + 1, middleX + DisplayWidth.of(middle) + 1 < area.maxX - DisplayWidth.of(high) {
            buffer.write(middle, x: middleX, y: axisY, style: palette.style(.dim), clip: area)
        }
        guard DisplayWidth.of(low) + 1 + DisplayWidth.of(high) <= area.width else { return }
        buffer.write(high, x: area.maxX - DisplayWidth.of(high), y: axisY, style: palette.style(.dim), clip: area)
    }
}
