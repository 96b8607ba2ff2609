import TermKit

/// The steering pane: the edits in force, the run's settings, the prompt, and the steered and unsteered continuations
/// side by side (each showing its latest lines as it streams).
package enum SteeringPane {
    /// Most edit rows shown before the list scrolls.
    static let editRows = 4

    /// Draws the pane into `area`.
    package static func render(_ s: SteeringState, _ shared: SharedState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let glyphs = palette.glyphs
        let title = "Steering" + (s.presetName.map { " \(glyphs.separator) " + $0 } ?? "")
        let block = Block(title: title, focused: shared.focus == .steering, palette: palette)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area)
        guard inner.height >= 6, inner.width >= 10 else { return }
        var y = inner.y
        let listHeight = max(1, min(editRows, s.edits.count))
        edits(s, shared, palette: palette, area: Rect(x: inner.x, y: y, width: inner.width, height: listHeight), buffer: &buffer)
        y += listHeight
        buffer.write(settings(s, glyphs: glyphs), x: inner.x, y: y, style: palette.style(.dim), clip: inner)
        y += 1
        if let draft = s.presetDraft {
            let label = "save as \(glyphs.promptMark) "
            let x = inner.x + buffer.write(label, x: inner.x, y: y, style: palette.style(.accent), clip: inner)
            TextInputView(field: draft, palette: palette).render(in: Rect(x: x, y: y, width: inner.maxX - x, height: 1), buffer: &buffer)
        } else {
            let label = "prompt \(glyphs.promptMark) "
            let x = inner.x + buffer.write(label, x: inner.x, y: y, style: palette.style(.accent), clip: inner)
            let placeholder = "\(KeyHint.editPrompt.key) to type a prompt"
            TextInputView(field: s.prompt, placeholder: placeholder, palette: palette, focused: s.isEditingPrompt)
                .render(in: Rect(x: x, y: y, width: inner.maxX - x, height: 1), buffer: &buffer)
        }
        y += 1
        let outputs = Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - 1 - y)
        if outputs.height >= 2 { sideBySide(s, palette: palette, area: outputs, buffer: &buffer) }
        let footer = inner.row(inner.height - 1)
        if let failure = s.failure {
            buffer.write(glyphs.text(failure), x: footer.x, y: footer.y, style: palette.style(.error), clip: footer)
        } else {
            let hint = (s.isEditingPrompt ? promptHints : paneHints).joined(separator: " \(glyphs.separator) ")
            buffer.write(DisplayWidth.truncate(hint, to: footer.width, ellipsis: glyphs.ellipsis),
                         x: footer.x, y: footer.y, style: palette.style(.dim), clip: footer)
        }
    }

    /// The footer while the pane has focus: its main keys, from the keymap.
    static var paneHints: [String] {
        ["\(KeyHint.generate.key) generate", "\(KeyHint.sweep.key) sweep", "\(KeyHint.stopGenerating.key) stop",
         "\(KeyHint.stronger.key)/\(KeyHint.weaker.key) strength", "\(KeyHint.nextOperation.key) operation",
         "\(KeyHint.removeEdit.key) remove", "\(KeyHint.editPrompt.key) prompt",
         "\(KeyHint.savePreset.key)/\(KeyHint.loadPreset.key) save/load preset"]
    }

    /// The footer while the prompt is being typed.
    static var promptHints: [String] {
        ["\(KeyHint.generateFromPrompt.key) generates", "\(KeyHint.stopEditingPrompt.key) stops editing"]
    }

    /// The edits list (or how to add one).
    private static func edits(_ s: SteeringState, _ shared: SharedState, palette: Palette, area: Rect, buffer: inout Buffer) {
        guard !s.edits.isEmpty else {
            let hint = "no edits: \(KeyHint.steer.key) adds the selected feature (from Features or Neighbours)"
            buffer.write(hint, x: area.x, y: area.y,
                         style: palette.style(.dim), clip: area)
            return
        }
        let idWidth = max(2, String(max(0, shared.dictionary.featureCount - 1)).count)
        let items = s.edits.map { edit -> [Span] in
            let summary = Format.left(palette.glyphs.text(edit.summary), 16)
            return [Span("#" + Format.left(String(edit.feature), idWidth) + "  ", palette.style(.accent)),
                    Span(summary + "  ", palette.style(.normal))]
                + FeatureLabelSpans.of(edit.feature, in: shared.dictionary, annotations: shared.annotations, palette: palette)
        }
        var list = s.list
        list.scrollToSelection(height: area.height, count: items.count)
        let visible = list.offset..<min(items.count, list.offset + area.height)
        var shown = list
        shown.offset = 0
        shown.selected = list.selected.map { $0 - list.offset }
        ListView(items: Array(items[visible]), state: shown, palette: palette, focused: shared.focus == .steering)
            .render(in: area, buffer: &buffer)
    }

    /// "span generated · chat · greedy · up to 96 tokens".
    static func settings(_ s: SteeringState, glyphs: Glyphs) -> String {
        let sampling = s.temperature == 0 ? "greedy" : "temperature \(Format.number(s.temperature)), seed \(s.seed)"
        return ["span \(s.span.text)", s.chat ? "chat" : "plain text", sampling, "up to \(s.maxTokens) tokens"]
            .joined(separator: " \(glyphs.separator) ")
    }

    /// Narrowest a column of text is drawn before the columns go on a second row.
    static let minimumColumnWidth = 22

    /// The continuations side by side (steered left of unsteered; a sweep's in order of strength), each wrapped and
    /// showing its last lines; when they do not fit across, they go on as many rows as they need.
    private static func sideBySide(_ s: SteeringState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let count = max(1, s.columns.count)
        let across = max(1, min(count, (area.width + 1) / (minimumColumnWidth + 1)))
        // Rows of at least a heading and a line each; the columns that find no room are left out, the last first.
        let shownRows = max(1, min((count + across - 1) / across, area.height / 2))
        let rows = Layout.split(area, .vertical, Array(repeating: .fill(1), count: shownRows))
        let places = rows.flatMap { Layout.split($0, .horizontal, Array(repeating: .fill(1), count: across), spacing: 1) }
        for (column, place) in zip(s.columns, places) {
            let running = s.isGenerating ? " " + palette.glyphs.ellipsis : ""
            buffer.write(DisplayWidth.truncate(palette.glyphs.text(column.heading) + running, to: place.width, ellipsis: palette.glyphs.ellipsis),
                         x: place.x, y: place.y, style: palette.style(.title), clip: place)
            let body = place.inset(top: 1)
            let lines = TextWrap.lines(column.text, columns: body.width)
            for (row, line) in lines.suffix(body.height).enumerated() {
                buffer.write(line, x: body.x, y: body.y + row, style: palette.style(.normal), clip: body)
            }
        }
    }
}
