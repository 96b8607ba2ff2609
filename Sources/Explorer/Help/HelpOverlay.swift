import TermKit

/// The help overlay: every binding of the keymap, grouped by where it applies, in a box over the panes; in several
/// columns when the screen is wide enough, scrolled from `offset` when it is taller than the screen.
package enum HelpOverlay {
    /// Blank columns between two columns of help.
    private static let gap = 3

    /// Lines the help takes at a screen width, written with `glyphs`.
    package static func lineCount(width: Int, glyphs: Glyphs = .unicode) -> Int {
        columns(palette: nil, glyphs: glyphs, width: width).map(\.count).max() ?? 0
    }

    /// Lines of help that fit on a screen of `height` rows (inside the box's border).
    package static func visibleLines(height: Int) -> Int { max(0, height - 2) }

    /// Draws the overlay centred in `area`, from line `offset`.
    package static func render(palette: Palette, offset: Int, area: Rect, buffer: inout Buffer) {
        let columns = columns(palette: palette, glyphs: palette.glyphs, width: area.width)
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
            let scroll = KeyHint.scrollHelpDown.key + "/" + KeyHint.scrollHelpUp.key
            let hint = " \(first + 1)\(palette.glyphs.rangeDash)\(first + inner.height) of \(lineCount), \(scroll) scroll "
            buffer.write(hint, x: inner.x, y: box.maxY - 1, style: palette.style(.dim), clip: box)
        }
    }

    /// The help in as many columns (up to four, sections kept whole, columns balanced) as fit side by side in `width`.
    private static func columns(palette: Palette?, glyphs: Glyphs, width: Int) -> [[[Span]]] {
        let sections = KeymapDocs.sections().map { section in
            (title: section.title, rows: section.rows.map { (keys: glyphs.text($0.keys), help: glyphs.text($0.help)) })
        }
        let keyWidth = sections.flatMap(\.rows).map { DisplayWidth.of($0.keys) }.max() ?? 0
        let style = { (role: StyleRole) in palette?.style(role) ?? .plain }
        let blocks = sections.map { section -> [[Span]] in
            [[Span(section.title, style(.title))]] + section.rows.map { row in
                let pad = String(repeating: " ", count: keyWidth - DisplayWidth.of(row.keys))
                return [Span("  " + row.keys + pad, style(.accent)), Span("  " + row.help, style(.normal))]
            }
        }
        var best = [join(blocks)]
        for count in 2...4 where count <= blocks.count {
            let split = balanced(blocks, into: count)
            let total = split.map { column in column.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0 }.reduce(0, +)
            guard total + gap * (count - 1) + 4 <= width else { break }
            best = split
        }
        return best
    }

    /// The sections cut into `count` runs of consecutive sections whose tallest is as short as possible.
    private static func balanced(_ blocks: [[[Span]]], into count: Int) -> [[[Span]]] {
        let total = join(blocks).count
        var limit = (total + count - 1) / count
        while true {
            var columns: [[[[Span]]]] = [[]]
            for block in blocks {
                if !columns[columns.count - 1].isEmpty, join(columns[columns.count - 1] + [block]).count > limit {
                    columns.append([])
                }
                columns[columns.count - 1].append(block)
            }
            if columns.count <= count { return columns.map(join) }
            limit += 1
        }
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
