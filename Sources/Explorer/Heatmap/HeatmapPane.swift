import SAEKit
import TermKit

/// The heatmap pane: a text to type, every token coloured by the selected feature's activation on it (normalised to
/// the feature's maximum), and the features of the token under the cursor.
package enum HeatmapPane {
    /// How many of the cursor token's features are listed.
    static let listedFeatures = 6

    /// Draws the pane into `area`.
    package static func render(feature: Int?, _ h: HeatmapState, _ shared: SharedState, palette: Palette, area: Rect,
                              buffer: inout Buffer) {
        let focused = shared.focus == .heatmap
        let glyphs = palette.glyphs
        let kept = h.kept.map { " \(glyphs.separator) contrast with \(glyphs.openQuote)\(glyphs.text(DisplayWidth.truncate($0.text, to: 24, ellipsis: glyphs.ellipsis)))\(glyphs.closeQuote)" } ?? ""
        let block = Block(title: (feature.map { "Heatmap of #\($0)" } ?? "Heatmap") + kept, focused: focused, palette: palette)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area)
        guard inner.height >= 3 else { return }
        let placeholder = shared.modelName == nil
            ? "heatmap off: " + shared.noModelReason
            : "type text to see where the feature fires (\(KeyHint.focusHeatmap.key) or \(KeyHint.nextPane.key) to focus; "
                + "\(KeyHint.searchByText.key) lists what fires on it)"
        TextInputView(field: h.text, placeholder: placeholder, palette: palette, focused: focused)
            .render(in: inner.row(0), buffer: &buffer)
        let textArea = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 2)
        let infoRow = inner.row(inner.height - 1)
        guard let feature, !h.tokens.isEmpty else {
            if let failure = h.failure {
                buffer.write(palette.glyphs.text(failure), x: infoRow.x, y: infoRow.y, style: palette.style(.error), clip: infoRow)
            }
            return
        }
        let values = h.tokens.map { $0.value(of: feature) }
        // The feature's recorded maximum, or this text's when the dictionary records none (or a dead feature's 0).
        let recorded = shared.dictionary.maxActivation?[feature] ?? 0
        let maximum = recorded > 0 ? recorded : values.max() ?? 0
        let heat = h.tokens.indices.map { HeatToken(bytes: h.tokens[$0].bytes, activation: values[$0]) }
        let cursorToken = h.tokenAtCursor
        HeatmapView(tokens: heat, maximum: maximum, cursorToken: focused ? cursorToken : nil, palette: palette,
                    shadeRows: palette.heat.usesLevels && textArea.height >= 2).render(in: textArea, buffer: &buffer)
        if let failure = h.failure {
            buffer.write(palette.glyphs.text(failure), x: infoRow.x, y: infoRow.y, style: palette.style(.error), clip: infoRow)
        } else if focused, let token = cursorToken {
            buffer.write(describe(h.tokens[token], palette: palette), x: infoRow.x, y: infoRow.y, clip: infoRow)
        } else {
            let peak = values.max() ?? 0
            let cut = h.fullLength.map { "; the first \(h.tokens.count) of its \($0) tokens (the model's context)" } ?? ""
            let text = "max on this text \(Format.number(peak)) of \(Format.number(maximum))" + cut
            buffer.write(text, x: infoRow.x, y: infoRow.y, style: palette.style(.dim), clip: infoRow)
        }
    }

    /// "token «…»: #12 3.40  #7 1.20 …": the cursor token and its strongest features.
    static func describe(_ token: EncodedToken, palette: Palette) -> [Span] {
        let text = DisplayWidth.visibleText(String(decoding: token.bytes, as: UTF8.self))
        var spans = [Span("token \(palette.glyphs.openQuote)\(text)\(palette.glyphs.closeQuote):", palette.style(.dim))]
        if token.features.isEmpty { spans.append(Span(" no feature fires", palette.style(.dim))) }
        for item in token.features.prefix(listedFeatures) {
            spans.append(Span(" #\(item.feature)", palette.style(.accent)))
            spans.append(Span(" " + Format.number(item.value), palette.style(.normal)))
        }
        return spans
    }
}
