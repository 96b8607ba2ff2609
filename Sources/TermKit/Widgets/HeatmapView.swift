/// Text whose every grapheme is coloured by its token's activation against a maximum, wrapped over the area's rows;
/// line breaks inside tokens show as a glyph and start a new row; the token under the cursor is underlined.
public struct HeatmapView: Widget {
    public var tokens: [HeatToken]
    /// The activation that shows at full heat (the feature's maximum).
    public var maximum: Float
    /// The token the cursor is on, if any.
    public var cursorToken: Int?
    public var palette: Palette
    /// With few colours, draw a row of shade glyphs under each text row (halving the text rows).
    public var shadeRows: Bool

    /// A heatmap of `tokens` normalised to `maximum`.
    public init(tokens: [HeatToken], maximum: Float, cursorToken: Int? = nil, palette: Palette, shadeRows: Bool = false) {
        self.tokens = tokens
        self.maximum = maximum
        self.cursorToken = cursorToken
        self.palette = palette
        self.shadeRows = shadeRows
    }

    /// Graphemes laid out in rows of at most `width` columns: (row, column, grapheme).
    public func layout(width: Int) -> [(row: Int, column: Int, grapheme: HeatGrapheme)] {
        guard width > 0 else { return [] }
        var placed: [(row: Int, column: Int, grapheme: HeatGrapheme)] = []
        var row = 0, column = 0
        for var grapheme in HeatText.graphemes(tokens) {
            let isBreak = grapheme.character == "\n" || grapheme.character == "\r\n"
            if isBreak { grapheme.character = Character(palette.glyphs.newline) }
            let w = max(1, DisplayWidth.of(DisplayWidth.visible(grapheme.character)))
            if column + w > width {
                row += 1
                column = 0
            }
            placed.append((row, column, grapheme))
            column += w
            if isBreak {
                row += 1
                column = 0
            }
        }
        return placed
    }

    /// Draws the graphemes row by row in their heat styles, with shade rows under them when asked.
    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let stride = shadeRows ? 2 : 1
        for item in layout(width: area.width) {
            let y = area.y + item.row * stride
            guard y < area.maxY else { break }
            let g = item.grapheme
            var style = palette.heat.style(g.activation, max: maximum)
            if g.token == cursorToken { style = style.adding(.underline) }
            let used = buffer.write(String(g.character), x: area.x + item.column, y: y, style: style, clip: area)
            if shadeRows, y + 1 < area.maxY {
                let shade = String(repeating: palette.heat.shade(g.activation, max: maximum), count: used)
                buffer.write(shade, x: area.x + item.column, y: y + 1, style: palette.style(.normal), clip: area)
            }
        }
    }
}
