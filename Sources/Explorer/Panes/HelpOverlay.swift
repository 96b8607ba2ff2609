import TermKit

/// The help overlay: every binding of the keymap, grouped by where it applies, in a box over the panes; two columns
/// when the screen is wide enough, scrolled from `offset` when it is taller than the screen.
public enum HelpOverlay {
    /// Columns between the two halves.
    private static let gap = 3

    /// Lines the help takes at a screen width.
    public static func lineCount(width: Int) -> Int {
        columns(palette: nil, width: width).map(\.count).max() ?? 0
    }

    /// Lines of help that fit on a screen of `height` rows (inside the box's border).
    public static func visibleLines(height: Int) -> Int { max(0, height - 2) }

    /// Draws the overlay centred in `area`, from line `offset`.
    public static func render(palette: Palette, offset: Int, area: Rect, buffer: inout Buffer) {
        let columns = columns(palette: palette, width: area.width)
        let widths = columns.map { column in column.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0 }
        let lineCount = columns.map(\.count).max() ?? 0
        let box = Layout.centered(in: area, width: widths.reduce(0, +) + gap * (columns.count - 1) + 4,
                                  height: lineCount + 2)
        let block = Block(title: "Keys", focused: true, palette: palette)
        block.render(in: box, buffer: &buffer)
        let inner = block.inner(box).inset(left: 1)
        let first = min(max(0, offset), max(0, lineCount - inner.height))
        var x = inner.x
        for (index, column) in columns.enumerated() {
            for row in 0..<inner.height where first + row < column.count {
                buffer.write(column[first + row], x: x, y: inner.y + row, clip: inner)
            }
            x += widths[index] + gap
        }
        if lineCount > inner.height {
            let hint = " \(first + 1)–\(first + inner.height) of \(lineCount), j/k scroll "
            buffer.write(hint, x: inner.x, y: box.maxY - 1, style: palette.style(.dim), clip: box)
        }
    }

    /// The help as one column, or two when both fit side by side in `width`.
    private static func columns(palette: Palette?, width: Int) -> [[[Span]]] {
        let sections = KeymapDocs.sections()
        let keyWidth = sections.flatMap(\.rows).map { DisplayWidth.of($0.keys) }.max() ?? 0
        let style = { (role: StyleRole) in palette?.style(role) ?? .plain }
        let blocks = sections.map { section -> [[Span]] in
            [[Span(section.title, style(.title))]] + section.rows.map { row in
                let pad = String(repeating: " ", count: keyWidth - DisplayWidth.of(row.keys))
                return [Span("  " + row.keys + pad, style(.accent)), Span("  " + row.help, style(.normal))]
            }
        }
        let single = join(blocks)
        guard blocks.count > 1 else { return [single] }
        var split = 1
        while split < blocks.count - 1, join(Array(blocks[..<split])).count < single.count / 2 { split += 1 }
        let two = [join(Array(blocks[..<split])), join(Array(blocks[split...]))]
        let twoWidth = two.map { column in column.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0 }.reduce(0, +) + gap + 4
        return twoWidth <= width ? two : [single]
    }

    /// Sections one after another with a blank line between them.
    private static func join(_ blocks: [[[Span]]]) -> [[Span]] {
        var lines: [[Span]] = []
        for block in blocks {
            if !lines.isEmpty { lines.append([]) }
            lines += block
        }
        return lines
    }
}
