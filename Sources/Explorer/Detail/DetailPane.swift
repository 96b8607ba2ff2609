import SAEKit
import TermKit

/// The feature pane: the selected feature's name (or label) and notes, its numbers, the profile of its neighbours'
/// cosines, and the index's dashboard.
package enum DetailPane {
    /// Draws the pane for the selected `feature` into `area`, with its decoder norm and neighbour cosines from
    /// `neighbours`.
    package static func render(feature: Int?, _ state: DetailState, neighbours: NeighboursState, _ shared: SharedState,
                              palette: Palette, area: Rect, buffer: inout Buffer) {
        let block = Block(title: feature.map { "Feature #\($0)" } ?? "Feature", focused: shared.focus == .detail,
                          palette: palette)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area).inset(left: 1, right: 1)
        guard let feature, !inner.isEmpty else { return }
        let d = shared.dictionary
        let record = state.record?.id == feature ? state.record : nil
        var y = annotations(state, shared, feature: feature, palette: palette, area: inner, buffer: &buffer)
        let rows: [(String, String)] = [
            ("density", Format.percent(d.density?[feature])),
            ("max activation", Format.number(d.maxActivation?[feature])),
            ("mean activation", Format.number(d.meanActivation?[feature])),
            ("decoder norm", Format.number(neighbours.feature == feature ? neighbours.decoderNorm : nil)),
        ] + (d.importedFrom.map { [("imported from", $0)] } ?? [])
        for (name, value) in rows where y < inner.maxY {
            buffer.write([Span(Format.left(name, 17), palette.style(.dim)), Span(palette.glyphs.text(value), palette.style(.normal))],
                         x: inner.x, y: y, clip: inner)
            y += 1
        }
        let cosines = neighbours.feature == feature ? neighbours.items.map(\.cosine) : []
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
            // The command that builds it, where there is a row for it.
            let lines = y + 2 < inner.maxY ? ["labels and examples need the feature index:", "saescope index build --dict \(d.name)"]
                : ["labels and examples need the feature index"]
            for (offset, line) in lines.enumerated() {
                buffer.write(DisplayWidth.truncate(line, to: inner.width), x: inner.x, y: y + 1 + offset, style: palette.style(.dim),
                             clip: inner)
            }
        }
    }

    /// The title lines: the user's name (or the automatic label, or the name being typed), an imported explanation
    /// with its source, the notes (or the notes being typed) and a blank line; returns the row below them.
    private static func annotations(_ state: DetailState, _ shared: SharedState, feature: Int, palette: Palette, area: Rect,
                                    buffer: inout Buffer) -> Int {
        var y = area.y
        let draft = state.draft?.feature == feature ? state.draft : nil
        let label = palette.glyphs.text(shared.dictionary.labels.flatMap { feature < $0.count ? $0[feature] : nil } ?? "")
        func input(_ prompt: String, _ field: TextField, placeholder: String) {
            let x = area.x + buffer.write(prompt, x: area.x, y: y, style: palette.style(.accent), clip: area)
            TextInputView(field: field, placeholder: placeholder, palette: palette)
                .render(in: Rect(x: x, y: y, width: max(0, area.maxX - x), height: 1), buffer: &buffer)
            y += 1
        }
        if let draft, draft.field == .name {
            input("name \(palette.glyphs.promptMark) ", draft.text, placeholder: label)
        } else if let name = shared.userName(of: feature) {
            let spans = [Span(name, palette.style(.title)), Span(label.isEmpty ? "" : "  (\(label))", palette.style(.dim))]
            buffer.write(spans, x: area.x, y: y, clip: area.row(y - area.y))
            y += 1
        } else if !label.isEmpty {
            buffer.write(DisplayWidth.truncate(label, to: area.width), x: area.x, y: y, style: palette.style(.title), clip: area)
            y += 1
        }
        if let imported = shared.dictionary.imported(feature) {
            for line in TextWrap.lines(palette.glyphs.text(imported.text), columns: area.width).prefix(2) where y < area.maxY {
                buffer.write(line, x: area.x, y: y, style: palette.style(.accent), clip: area)
                y += 1
            }
            if y < area.maxY {
                buffer.write(DisplayWidth.truncate(" \(palette.glyphs.rangeDash) " + imported.source, to: area.width, ellipsis: palette.glyphs.ellipsis),
                             x: area.x, y: y, style: palette.style(.dim), clip: area)
                y += 1
            }
        }
        if let draft, draft.field == .notes {
            input("notes \(palette.glyphs.promptMark) ", draft.text, placeholder: "what this feature means to you")
        } else if let notes = shared.annotations?[feature]?.notes, !notes.isEmpty {
            for line in TextWrap.lines(notes, columns: area.width).prefix(2) where y < area.maxY {
                buffer.write(line, x: area.x, y: y, style: palette.style(.normal), clip: area)
                y += 1
            }
        }
        return y == area.y ? y : y + 1
    }

    /// The index's part of the dashboard: promoted and suppressed tokens, the histogram, the top examples as heat lines.
    private static func renderRecord(_ record: FeatureRecord, palette: Palette, area: Rect, buffer: inout Buffer) {
        var y = area.y
        let labelWidth = 12
        func line(_ name: String, _ text: String) {
            guard y < area.maxY else { return }
            buffer.write([Span(Format.left(name, labelWidth), palette.style(.dim)),
                          Span(DisplayWidth.truncate(text, to: max(0, area.width - labelWidth)), palette.style(.normal))],
                         x: area.x, y: y, clip: area)
            y += 1
        }
        line("promotes", palette.glyphs.text(record.promoted.prefix(8).map { AutoLabel.visible($0.token) }.joined(separator: " ")))
        line("suppresses", palette.glyphs.text(record.suppressed.prefix(8).map { AutoLabel.visible($0.token) }.joined(separator: " ")))
        if let neighbours = record.neighbours, !neighbours.isEmpty {
            line("listed near", neighbours.prefix(6).map { "#\($0.feature) " + Format.cosine($0.cosine) }.joined(separator: "  "))
        }
        if y < area.maxY {
            buffer.write(Format.left("activations", labelWidth), x: area.x, y: y, style: palette.style(.dim), clip: area)
            Histogram(counts: record.histogram.map(Float.init), palette: palette)
                .render(in: Rect(x: area.x + labelWidth, y: y, width: max(0, area.width - labelWidth), height: 1), buffer: &buffer)
            y += 2
        }
        if !record.topExamples.isEmpty, y < area.maxY {
            buffer.write("top examples", x: area.x, y: y, style: palette.style(.dim), clip: area)
            y += 1
        }
        for example in record.topExamples where y < area.maxY {
            let tokens = zip(example.tokens, example.activations).map { HeatToken($0.0.replacingOccurrences(of: "\n", with: palette.glyphs.newline), activation: $0.1) }
            HeatmapView(tokens: tokens, maximum: record.maxActivation, palette: palette)
                .render(in: Rect(x: area.x, y: y, width: area.width, height: 1), buffer: &buffer)
            y += 1
        }
    }
}
