import TermKit

/// The attribution pane: the token and its target, how far the ablations have come (or how well the two rankings
/// agree), and the active features ranked by their exact effect on the target's logit, each with a bar for the exact
/// effect and one for the linear estimate, and its label.
package enum AttributionPane {
    /// Rows above the list (the target, the target input or status, the column names) and below it (the hints).
    private static let headRows = 3, footRows = 1

    /// Rows of the list in a pane drawn in `area`.
    package static func listRows(in area: Rect) -> Int { max(1, Block.innerArea(area).height - headRows - footRows) }

    /// Draws the pane into `area`.
    package static func render(_ s: AttributionState, _ shared: SharedState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let glyphs = palette.glyphs
        let block = Block(title: "Attribution", focused: shared.focus == .attribution, palette: palette)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area)
        guard inner.height >= headRows + footRows + 1, inner.width >= 20 else { return }
        let quote = { (text: String) in glyphs.openQuote + glyphs.text(text) + glyphs.closeQuote }
        // The target line.
        if let result = s.result {
            let line = "after \(quote(result.after)) comes \(quote(result.target)) (\(result.targetSource))"
                + " \(glyphs.separator) logit " + Format.number(result.targetLogit)
            buffer.write(DisplayWidth.truncate(line, to: inner.width, ellipsis: glyphs.ellipsis), x: inner.x, y: inner.y,
                         style: palette.style(.title), clip: inner)
        }
        // The target input, or what is under way, or how the two rankings agree.
        let second = inner.row(1)
        if let draft = s.targetDraft {
            let label = "target \(glyphs.promptMark) "
            let x = second.x + buffer.write(label, x: second.x, y: second.y, style: palette.style(.accent), clip: second)
            TextInputView(field: draft, placeholder: "the text's next token", palette: palette)
                .render(in: Rect(x: x, y: second.y, width: second.maxX - x, height: 1), buffer: &buffer)
        } else {
            let (text, style): (String, StyleRole)
            if let failure = s.failure {
                (text, style) = (failure, .error)
            } else if s.isComputing {
                (text, style) = ("ablating each active feature" + (s.progress.map { " \($0.percent) (\($0.done)/\($0.total))" } ?? "") + glyphs.ellipsis, .dim)
            } else if let result = s.result {
                (text, style) = (String(format: "rank agreement of exact and linear %.2f over %d active features", result.rankAgreement,
                                        result.entries.count), .dim)
            } else {
                (text, style) = ("\(KeyHint.attribute.key) in the heatmap attributes the next token after the cursor's", .dim)
            }
            buffer.write(DisplayWidth.truncate(glyphs.text(text), to: second.width, ellipsis: glyphs.ellipsis),
                         x: second.x, y: second.y, style: palette.style(style), clip: second)
        }
        let listArea = Rect(x: inner.x, y: inner.y + headRows, width: inner.width, height: inner.height - headRows - footRows)
        if let result = s.result { table(result, s.list, shared, palette: palette, header: inner.row(2), area: listArea, buffer: &buffer) }
        let hints = ["\(KeyHint.attributionTarget.key) target", "\(KeyHint.openAttributed.key) opens", "\(KeyHint.steer.key) steers",
                     "\(KeyHint.stopAttribution.key) stops"].joined(separator: " \(glyphs.separator) ")
        let footer = inner.row(inner.height - 1)
        buffer.write(DisplayWidth.truncate(hints, to: footer.width, ellipsis: glyphs.ellipsis), x: footer.x, y: footer.y,
                     style: palette.style(.dim), clip: footer)
    }

    /// The column names and the rows: id, activation, the exact effect and its bar, the linear estimate and its bar
    /// (both bars on one scale, accent for a push toward the target, warning for one away), and the label.
    private static func table(_ result: AttributionResult, _ list: ListState, _ shared: SharedState, palette: Palette,
                              header: Rect, area: Rect, buffer: inout Buffer) {
        let idWidth = max(2, String(max(0, shared.dictionary.featureCount - 1)).count)
        let barWidth = max(3, min(12, (area.width - idWidth - 30) / 4))
        let numbers = "  " + Format.right("id", idWidth) + "  " + Format.right("act", 6) + "  " + Format.left(Format.right("exact", 7), 8 + barWidth)
            + Format.left(Format.right("linear", 7), 8 + barWidth) + "label"
        buffer.write(DisplayWidth.truncate(numbers, to: header.width), x: header.x, y: header.y, style: palette.style(.dim), clip: header)
        let largest = result.entries.map { max(abs($0.exact), abs($0.linear)) }.max() ?? 0
        let bars = palette.glyphs.bars
        func bar(_ value: Float) -> Span {
            let eighths = largest > 0 ? Int((abs(value) / largest * Float(barWidth * 8)).rounded()) : 0
            let text = String(repeating: bars[8], count: eighths / 8) + (eighths % 8 > 0 ? bars[eighths % 8] : "")
            return Span(Format.left(text, barWidth) + " ", palette.style(value >= 0 ? .accent : .warning))
        }
        let rows = result.entries.map { entry -> [Span] in
            let id = Format.right(String(entry.feature), idWidth) + "  " + Format.right(Format.number(entry.activation), 6) + "  "
            return [Span(id, palette.style(.normal)), Span(String(format: "%+7.2f ", entry.exact), palette.style(.normal)), bar(entry.exact),
                    Span(String(format: "%+7.2f ", entry.linear), palette.style(.normal)), bar(entry.linear)]
                + FeatureLabelSpans.of(entry.feature, in: shared.dictionary, annotations: shared.annotations, palette: palette)
        }
        ListView(items: rows, state: list, palette: palette, focused: shared.focus == .attribution).render(in: area, buffer: &buffer)
    }
}
