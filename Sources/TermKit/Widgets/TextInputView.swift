/// Draws a text field on one row, scrolled sideways so the cursor is always visible, the cursor cell reversed.
public struct TextInputView: Widget {
    public var field: TextField
    public var placeholder: String
    public var palette: Palette
    public var focused: Bool

    /// A view of `field`; `placeholder` shows dimmed while it is empty.
    public init(field: TextField, placeholder: String = "", palette: Palette, focused: Bool = true) {
        self.field = field
        self.placeholder = placeholder
        self.palette = palette
        self.focused = focused
    }

    /// The first character shown so that the cursor (and one cell for it) fits in `width` columns.
    public func firstVisible(width: Int) -> Int {
        guard width > 0 else { return field.cursor }
        var start = field.cursor
        var used = 1
        while start > 0 {
            let w = DisplayWidth.of(DisplayWidth.visible(field.characters[start - 1]))
            if used + w > width { break }
            used += w
            start -= 1
        }
        return start
    }

    /// Draws the visible part of the text on the area's first row, the cursor cell reversed when focused.
    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let line = area.row(0)
        let style = palette.style(.input)
        buffer.fill(line, with: .blank(style))
        if field.characters.isEmpty, !placeholder.isEmpty {
            buffer.write(placeholder, x: line.x, y: line.y, style: palette.style(.dim), clip: line)
        }
        var x = line.x
        let chars = field.characters
        for index in firstVisible(width: line.width)..<chars.count {
            let cellStyle = focused && index == field.cursor ? style.adding(.reverse) : style
            guard x < line.maxX else { break }
            x += buffer.write(String(chars[index]), x: x, y: line.y, style: cellStyle, clip: line)
        }
        if focused, field.cursor == chars.count, x < line.maxX {
            buffer.write(" ", x: x, y: line.y, style: style.adding(.reverse), clip: line)
        }
    }
}
