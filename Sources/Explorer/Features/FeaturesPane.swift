import TermKit

/// The features pane: the search input, a header, and the matching features with their density and maximum.
package enum FeaturesPane {
    /// Rows of the features list in a pane drawn in `area` (inside the border, below the search input and the header).
    package static func listRows(in area: Rect) -> Int { max(1, listArea(Block.innerArea(area)).height) }

    /// Where the list goes inside the border.
    private static func listArea(_ inner: Rect) -> Rect { inner.inset(top: 2) }

    /// Draws the pane into `area`.
    package static func render(_ state: FeaturesState, _ shared: SharedState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let focused = shared.focus == .features
        let notes = [state.matchesNote, state.starredOnly ? "starred" : nil].compactMap { $0 }
        let note = notes.map { " \(palette.glyphs.separator) " + $0 }.joined()
        let block = Block(title: "Features \(state.matches.count)/\(shared.dictionary.featureCount)" + note,
                          focused: focused, palette: palette)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area)
        guard inner.height >= 3 else { return }
        let search = KeyHint.search.key
        let placeholder = search + (shared.dictionary.hasLabels ? " search by id or label" : " search by id")
        TextInputView(field: state.search, placeholder: placeholder, palette: palette,
                      focused: state.isSearching).render(in: inner.row(0), buffer: &buffer)
        let idWidth = max(2, String(max(0, shared.dictionary.featureCount - 1)).count)
        let header = "  " + Format.right("id", idWidth) + "  " + Format.right("density", 9) + "  " + Format.right("max", 7)
            + (shared.dictionary.hasLabels ? "  label" : "")
        buffer.write(header, x: inner.x, y: inner.y + 1, style: palette.style(.dim), clip: inner)
        let listArea = listArea(inner)
        guard !state.matches.isEmpty else {
            let text = shared.message.map(palette.glyphs.text) ?? "no feature matches"
            buffer.write(text, x: listArea.x, y: listArea.y, style: palette.style(.dim), clip: listArea)
            return
        }
        // Only the visible rows are formatted, so a million features cost nothing here.
        var list = state.list
        list.scrollToSelection(height: listArea.height, count: state.matches.count)
        let visible = list.offset..<min(state.matches.count, list.offset + listArea.height)
        let dictionary = shared.dictionary
        let items = visible.map { row -> [Span] in
            let id = state.matches[row]
            let text = palette.glyphs.text(Format.right(String(id), idWidth) + "  "
                + Format.right(Format.percent(dictionary.density?[id]), 9) + "  "
                + Format.right(Format.number(dictionary.maxActivation?[id]), 7))
            guard dictionary.hasLabels else { return [Span(text, palette.style(.normal))] }
            return [Span(text + "  ", palette.style(.normal))]
                + FeatureLabelSpans.of(id, in: dictionary, annotations: shared.annotations, palette: palette)
        }
        var shown = list
        shown.offset = 0
        shown.selected = list.selected.map { $0 - list.offset }
        ListView(items: items, state: shown, palette: palette, focused: focused).render(in: listArea, buffer: &buffer)
    }
}
