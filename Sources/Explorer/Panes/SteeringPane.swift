import TermKit

/// The steering pane: the edits in force, the run's settings, the prompt, and the steered and unsteered continuations
/// side by side (each showing its latest lines as it streams).
public enum SteeringPane {
    /// Most edit rows shown before the list scrolls.
    static let editRows = 4

    /// Draws the pane into `area`.
    public static func render(_ state: AppState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let s = state.steering
        let title = "Steering" + (s.presetName.map { " · " + $0 } ?? "")
        let block = Block(title: title, focused: state.focus == .steering, palette: palette)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area)
        guard inner.height >= 6, inner.width >= 10 else { return }
        var y = inner.y
        let listHeight = max(1, min(editRows, s.edits.count))
        edits(state, palette: palette, area: Rect(x: inner.x, y: y, width: inner.width, height: listHeight), buffer: &buffer)
        y += listHeight
        buffer.write(settings(s), x: inner.x, y: y, style: palette.style(.dim), clip: inner)
        y += 1
        if let draft = s.presetDraft {
            let label = "save as › "
            let x = inner.x + buffer.write(label, x: inner.x, y: y, style: palette.style(.accent), clip: inner)
            TextInputView(field: draft, palette: palette).render(in: Rect(x: x, y: y, width: inner.maxX - x, height: 1), buffer: &buffer)
        } else {
            let label = "prompt › "
            let x = inner.x + buffer.write(label, x: inner.x, y: y, style: palette.style(.accent), clip: inner)
            TextInputView(field: s.prompt, placeholder: "p to type a prompt", palette: palette, focused: s.isEditingPrompt)
                .render(in: Rect(x: x, y: y, width: inner.maxX - x, height: 1), buffer: &buffer)
        }
        y += 1
        let outputs = Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - 1 - y)
        if outputs.height >= 2 { sideBySide(s, palette: palette, area: outputs, buffer: &buffer) }
        let footer = inner.row(inner.height - 1)
        if let failure = s.failure {
            buffer.write(failure, x: footer.x, y: footer.y, style: palette.style(.error), clip: footer)
        } else {
            let hint = s.isEditingPrompt ? "Enter generates · Esc stops editing"
                : "Enter generate · Esc stop · +/- strength · m mode · x remove · p prompt · w/l save/load preset"
            buffer.write(DisplayWidth.truncate(hint, to: footer.width, ellipsis: palette.glyphs.ellipsis),
                         x: footer.x, y: footer.y, style: palette.style(.dim), clip: footer)
        }
    }

    /// The edits list (or how to add one).
    private static func edits(_ state: AppState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let s = state.steering
        guard !s.edits.isEmpty else {
            buffer.write("no edits: a adds the selected feature (from Features or Neighbours)", x: area.x, y: area.y,
                         style: palette.style(.dim), clip: area)
            return
        }
        let idWidth = max(2, String(max(0, state.dictionary.featureCount - 1)).count)
        let items = s.edits.map { edit -> [Span] in
            let summary = Format.left(edit.summary, 16)
            let label = state.dictionary.labels?[edit.feature] ?? ""
            return [Span("#" + Format.left(String(edit.feature), idWidth) + "  ", palette.style(.accent)),
                    Span(summary + "  ", palette.style(.normal)), Span(label, palette.style(.dim))]
        }
        var list = s.list
        list.scrollToSelection(height: area.height, count: items.count)
        let visible = list.offset..<min(items.count, list.offset + area.height)
        var shown = list
        shown.offset = 0
        shown.selected = list.selected.map { $0 - list.offset }
        ListView(items: Array(items[visible]), state: shown, palette: palette, focused: state.focus == .steering)
            .render(in: area, buffer: &buffer)
    }

    /// "span generated · chat · greedy · up to 96 tokens".
    static func settings(_ s: SteeringState) -> String {
        let sampling = s.temperature == 0 ? "greedy" : "temperature \(Format.number(s.temperature)), seed \(s.seed)"
        return "span \(s.span.text) · \(s.chat ? "chat" : "plain text") · \(sampling) · up to \(s.maxTokens) tokens"
    }

    /// The steered continuation on the left, the unsteered on the right, each wrapped and showing its last lines.
    private static func sideBySide(_ s: SteeringState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let halves = Layout.split(area, .horizontal, [.fill(1), .fill(1)], spacing: 1)
        let columns = [(s.steered, s.edits.isEmpty ? "steered (no edits)" : "steered", halves[0]),
                       (s.unsteered, "unsteered", halves[1])]
        for (text, heading, half) in columns {
            let running = s.isGenerating ? " …" : ""
            buffer.write(heading + running, x: half.x, y: half.y, style: palette.style(.title), clip: half)
            let body = half.inset(top: 1)
            let lines = TextWrap.lines(text, columns: body.width)
            for (row, line) in lines.suffix(body.height).enumerated() {
                buffer.write(line, x: body.x, y: body.y + row, style: palette.style(.normal), clip: body)
            }
        }
    }
}
