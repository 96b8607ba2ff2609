import TermKit

/// The neighbours pane: the nearest features by decoder cosine, with a bar for each cosine.
public enum NeighboursPane {
    /// Draws the pane into `area`.
    public static func render(_ state: AppState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let n = state.neighbours
        let focused = state.focus == .neighbours
        let title = n.feature.map { "Neighbours of #\($0)" } ?? "Neighbours"
        let block = Block(title: title, focused: focused, palette: palette)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area)
        guard inner.height >= 2 else { return }
        if n.loading || n.failure != nil || n.items.isEmpty {
            let text = n.failure ?? (n.loading ? "computing…" : "no neighbours")
            let style = palette.style(n.failure == nil ? .dim : .error)
            buffer.write(text, x: inner.x + 1, y: inner.y, style: style, clip: inner)
            return
        }
        let idWidth = max(2, String(max(0, state.dictionary.featureCount - 1)).count)
        buffer.write("  " + Format.right("id", idWidth) + "  cosine", x: inner.x, y: inner.y,
                     style: palette.style(.dim), clip: inner)
        let listArea = inner.inset(top: 1)
        let barWidth = max(0, listArea.width - idWidth - 12)
        let bars = palette.glyphs.bars
        let items = n.items.map { neighbour -> [Span] in
            let eighths = Int((max(0, neighbour.cosine) * Float(barWidth * 8)).rounded())
            let bar = String(repeating: bars[8], count: eighths / 8) + (eighths % 8 > 0 ? bars[eighths % 8] : "")
            return [Span(Format.right(String(neighbour.feature), idWidth) + "  " + Format.right(Format.cosine(neighbour.cosine), 6) + " ",
                         palette.style(.normal)),
                    Span(bar, palette.style(.accent))]
        }
        ListView(items: items, state: n.list, palette: palette, focused: focused).render(in: listArea, buffer: &buffer)
    }
}
