import SAEKit
import TermKit

/// The neighbours pane: the nearest features by decoder cosine, with a bar for each cosine and each neighbour's label;
/// beside them, when a second dictionary is open, the nearest features there with their labels.
package enum NeighboursPane {
    /// Rows of the neighbours list in a pane drawn in `area` (inside the border, below the header).
    package static func listRows(in area: Rect) -> Int { max(1, Block.innerArea(area).height - 1) }

    /// Draws the pane into `area`.
    package static func render(_ n: NeighboursState, _ shared: SharedState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let focused = shared.focus == .neighbours
        let title = n.feature.map { "Neighbours of #\($0)" } ?? "Neighbours"
        let block = Block(title: title, focused: focused, palette: palette)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area)
        guard inner.height >= 2 else { return }
        if n.loading || n.failure != nil || n.items.isEmpty {
            let text = n.failure ?? (n.loading ? "computing" + palette.glyphs.ellipsis : "no neighbours")
            let style = palette.style(n.failure == nil ? .dim : .error)
            buffer.write(text, x: inner.x + 1, y: inner.y, style: style, clip: inner)
            return
        }
        let here = Column(items: n.items, dictionary: shared.dictionary, annotations: shared.annotations)
        guard let other = shared.other else {
            list(here, heading: "", state: n.list, focused: focused, in: inner, palette, &buffer)
            return
        }
        let halves = Layout.split(inner, .horizontal, [.fill(1), .fill(1)], spacing: 1)
        list(here, heading: "here", state: n.list, focused: focused && n.column == .here, in: halves[0], palette, &buffer)
        let there = Column(items: n.others, dictionary: other, annotations: shared.otherAnnotations)
        list(there, heading: "in " + other.name, state: n.otherList, focused: focused && n.column == .other, in: halves[1],
             palette, &buffer)
    }

    /// One list of neighbours and the dictionary they belong to (for their labels).
    private struct Column {
        var items: [NeighbourItem]
        var dictionary: DictionarySummary
        var annotations: [Int: Annotation]?
    }

    /// One list of neighbours under a header row of column names (and a heading, when two lists share the pane); with
    /// labels the bar is kept short so that the label has the room.
    private static func list(_ column: Column, heading: String, state list: ListState, focused: Bool,
                             in area: Rect, _ palette: Palette, _ buffer: inout Buffer) {
        let items = column.items
        let largest = max(column.dictionary.featureCount - 1, items.map(\.feature).max() ?? 0)
        let idWidth = max(2, String(largest).count)
        let labelled = column.dictionary.hasLabels || column.annotations?.isEmpty == false
        let header = "  " + Format.right("id", idWidth) + "  cosine" + (heading.isEmpty ? "" : "  " + heading)
        buffer.write(DisplayWidth.truncate(header, to: area.width, ellipsis: palette.glyphs.ellipsis),
                     x: area.x, y: area.y, style: palette.style(.dim), clip: area)
        let listArea = area.inset(top: 1)
        let room = max(0, listArea.width - idWidth - 12)
        let barWidth = labelled ? min(room, max(4, room / 4)) : room
        let bars = palette.glyphs.bars
        let rows = items.map { neighbour -> [Span] in
            let eighths = Int((max(0, neighbour.cosine) * Float(barWidth * 8)).rounded())
            var bar = String(repeating: bars[8], count: eighths / 8) + (eighths % 8 > 0 ? bars[eighths % 8] : "")
            if labelled { bar += String(repeating: " ", count: max(0, barWidth - DisplayWidth.of(bar)) + 1) }
            let text = Format.right(String(neighbour.feature), idWidth) + "  " + Format.right(Format.cosine(neighbour.cosine), 6) + " "
            return [Span(text, palette.style(.normal)), Span(bar, palette.style(.accent))]
                + FeatureLabelSpans.of(neighbour.feature, in: column.dictionary, annotations: column.annotations, palette: palette)
        }
        let shown = items.isEmpty ? ListState() : list
        ListView(items: rows, state: shown, palette: palette, focused: focused).render(in: listArea, buffer: &buffer)
    }
}
