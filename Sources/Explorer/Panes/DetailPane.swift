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
        let rows: [(String, String)] = [
            ("density", Format.percent(d.density?[feature])),
            ("max activation", Format.number(d.maxActivation?[feature])),
            ("mean activation", Format.number(d.meanActivation?[feature])),
            ("decoder norm", Format.number(state.neighbours.feature == feature ? state.neighbours.decoderNorm : nil)),
        ]
        var y = inner.y
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
        if y + 1 < inner.maxY {
            let note = DisplayWidth.truncate("labels and examples need the feature index", to: inner.width)
            buffer.write(note, x: inner.x, y: y + 1, style: palette.style(.dim), clip: inner)
        }
    }
}
