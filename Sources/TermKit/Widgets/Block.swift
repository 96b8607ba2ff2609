/// A bordered box with an optional title; panes draw their content inside `inner(_:)`.
public struct Block: Widget {
    public var title: String
    public var focused: Bool
    public var palette: Palette

    /// A block titled `title`, drawn with the focused border when `focused`.
    public init(title: String = "", focused: Bool = false, palette: Palette) {
        self.title = title
        self.focused = focused
        self.palette = palette
    }

    /// The area left inside the border.
    public func inner(_ area: Rect) -> Rect { Block.innerArea(area) }

    /// The area left inside the border of a block drawn in `area` (what `inner` gives, without a block at hand).
    public static func innerArea(_ area: Rect) -> Rect { area.inset(by: 1) }

    /// Fills the area, draws the border (heavy when focused) and the title cut to fit.
    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let normal = palette.style(.normal)
        buffer.fill(area, with: .blank(normal))
        guard area.width >= 2, area.height >= 2 else { return }
        let g = focused ? palette.glyphs.focusedBorder : palette.glyphs.border
        let style = palette.style(focused ? .borderFocused : .border)
        let horizontal = String(repeating: g[4], count: area.width - 2)
        buffer.write(g[0] + horizontal + g[1], x: area.x, y: area.y, style: style, clip: area)
        buffer.write(g[2] + horizontal + g[3], x: area.x, y: area.maxY - 1, style: style, clip: area)
        for y in (area.y + 1)..<(area.maxY - 1) {
            buffer.write(g[5], x: area.x, y: y, style: style, clip: area)
            buffer.write(g[5], x: area.maxX - 1, y: y, style: style, clip: area)
        }
        guard !title.isEmpty, area.width > 4 else { return }
        let label = " " + DisplayWidth.truncate(title, to: area.width - 4, ellipsis: palette.glyphs.ellipsis) + " "
        buffer.write(label, x: area.x + 1, y: area.y, style: palette.style(.title), clip: area.inset(left: 1, right: 1))
    }
}
