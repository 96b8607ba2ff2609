import SAEKit
import TermKit

/// The feature pane: the selected feature's numbers and the profile of its neighbours' cosines.
public enum DetailPane {
    /// Draws the pane into `area`.
    public static func render(_ state: AppState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let feature = state.selectedFeature
        let block = Block(title: feature.map { "Feature #\($0)" } ?? "Feature", focused: state.focus == .detail,
                          palette: palette)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area).inset(left: 1, right: 1)
        guard let feature, !inner.isEmpty else { return }
        let d = state.dictionary
        let record = state.record?.id == feature ? state.record : nil
        var y = inner.y
        if let label = d.labels?[feature], !label.isEmpty, y < inner.maxY {
            buffer.write(DisplayWidth.truncate(label, to: inner.width), x: inner.x, y: y, style: palette.style(.title), clip: inner)
            y += 2
        }
        let rows: [(String, String)] = [
            ("density", Format.percent(d.density?[feature])),
            ("max activation", Format.number(d.maxActivation?[feature])),
            ("mean activation", Format.number(d.meanActivation?[feature])),
            ("decoder norm", Format.number(state.neighbours.feature == feature ? state.neighbours.decoderNorm : nil)),
        ]
        for (name, value) in rows where y < inner.maxY {
            buffer.write([Span(Format.left(name, 17), palette.style(.dim)), Span(value, palette.style(.normal))],
                         x: inner.x, y: y, clip: inner)
            y += 1
        }
        let cosines = state.neighbours.feature == feature ? state.neighbours.items.map(\.cosine) : []
        if !cosines.isEmpty, y + 1 < inner.maxY {
            y += 1
            let label = Format.left("neighbour cosines", 18)
            buffer.write(label, x: inner.x, y: y, style: palette.style(.dim), clip: inner)
            let spark = Rect(x: inner.x + label.count, y: y, width: inner.width - label.count, height: 1)
            Sparkline(values: cosines.map { max(0, $0) }, palette: palette).render(in: spark, buffer: &buffer)
            y += 1
        }
        if !d.hasStatistics, y + 1 < inner.maxY {
            let note = DisplayWidth.truncate("no firing statistics in this dictionary", to: inner.width)
            buffer.write(note, x: inner.x, y: y + 1, style: palette.style(.dim), clip: inner)
            y += 1
        }
        if let record {
            renderRecord(record, palette: palette, area: Rect(x: inner.x, y: y + 1, width: inner.width, height: inner.maxY - y - 1),
                         buffer: &buffer)
        } else if d.labels == nil, y + 1 < inner.maxY {
            let note = DisplayWidth.truncate("labels and examples need the feature index", to: inner.width)
            buffer.write(note, x: inner.x, y: y + 1, style: palette.style(.dim), clip: inner)
        }
    }

    /// The index's part of the dashboard: promoted and suppressed tokens, the histogram, the top examples as heat lines.
    private static func renderRecord(_ record: FeatureRecord, palette: Palette, area: Rect, buffer: inout Buffer) {
        var y = area.y
        func line(_ name: String, _ text: String) {
            guard y < area.maxY else { return }
            buffer.write([Span(Format.left(name, 11), palette.style(.dim)),
                          Span(DisplayWidth.truncate(text, to: max(0, area.width - 11)), palette.style(.normal))],
                         x: area.x, y: y, clip: area)
            y += 1
        }
        line("promotes", record.promoted.prefix(8).map { AutoLabel.visible($0.token) }.joined(separator: " "))
        line("suppresses", record.suppressed.prefix(8).map { AutoLabel.visible($0.token) }.joined(separator: " "))
        if y < area.maxY {
            buffer.write(Format.left("activations", 11), x: area.x, y: y, style: palette.style(.dim), clip: area)
            Histogram(counts: record.histogram.map(Float.init), palette: palette)
                .render(in: Rect(x: area.x + 11, y: y, width: max(0, area.width - 11), height: 1), buffer: &buffer)
            y += 2
        }
        for example in record.topExamples where y < area.maxY {
            let tokens = zip(example.tokens, example.activations).map { HeatToken($0.0.replacingOccurrences(of: "\n", with: "⏎"), activation: $0.1) }
            HeatmapView(tokens: tokens, maximum: record.maxActivation, palette: palette)
                .render(in: Rect(x: area.x, y: y, width: area.width, height: 1), buffer: &buffer)
            y += 1
        }
    }
}
