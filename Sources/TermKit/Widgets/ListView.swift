/// A scrolling list of rows of spans, the selected row marked and highlighted.
public struct ListView: Widget {
    public var items: [[Span]]
    public var state: ListState
    public var palette: Palette
    /// Whether the selection is shown as active (the list's pane has focus).
    public var focused: Bool

    /// A list of `items` shown at `state`.
    public init(items: [[Span]], state: ListState, palette: Palette, focused: Bool = true) {
        self.items = items
        self.state = state
        self.palette = palette
        self.focused = focused
    }

    /// Draws the rows that fit, scrolled to show the selection, the selected row marked and highlighted.
    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        var state = state
        state.scrollToSelection(height: area.height, count: items.count)
        let pointer = palette.glyphs.pointer
        let gutter = DisplayWidth.of(pointer) + 1
        for row in 0..<area.height {
            let index = state.offset + row
            guard index < items.count else { break }
            let line = area.row(row)
            let isSelected = index == state.selected
            if isSelected {
                let style = focused ? palette.style(.selected) : palette.style(.dim).adding(.reverse)
                buffer.fill(line, with: .blank(style))
                buffer.write(pointer, x: line.x, y: line.y, style: style, clip: line)
                let spans = items[index].map { Span($0.text, style) }
                buffer.write(spans, x: line.x + gutter, y: line.y, clip: line)
            } else {
                buffer.write(items[index], x: line.x + gutter, y: line.y, clip: line)
            }
        }
    }
}
