import TermKit

/// The help overlay: every binding of the keymap, grouped by where it applies, in a box over the panes.
public enum HelpOverlay {
    /// Draws the overlay centred in `area`.
    public static func render(palette: Palette, area: Rect, buffer: inout Buffer) {
        let sections = KeymapDocs.sections()
        let keyWidth = sections.flatMap(\.rows).map { DisplayWidth.of($0.keys) }.max() ?? 0
        var lines: [[Span]] = []
        for section in sections {
            if !lines.isEmpty { lines.append([]) }
            lines.append([Span(section.title, palette.style(.title))])
            for row in section.rows {
                let pad = String(repeating: " ", count: keyWidth - DisplayWidth.of(row.keys))
                lines.append([Span("  " + row.keys + pad, palette.style(.accent)), Span("  " + row.help, palette.style(.normal))])
            }
        }
        let width = (lines.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0) + 4
        let box = Layout.centered(in: area, width: width, height: lines.count + 2)
        let block = Block(title: "Keys", focused: true, palette: palette)
        block.render(in: box, buffer: &buffer)
        let inner = block.inner(box).inset(left: 1)
        for (row, line) in lines.enumerated() where row < inner.height {
            buffer.write(line, x: inner.x, y: inner.y + row, clip: inner)
        }
        if lines.count > inner.height, inner.height > 0 {
            let more = " more: enlarge the terminal "
            buffer.write(more, x: inner.x, y: box.maxY - 1, style: palette.style(.dim), clip: box)
        }
    }
}
