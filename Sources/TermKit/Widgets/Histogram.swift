/// Counts as vertical bars filling the area's height in eighths of a row, scaled to the largest count.
public struct Histogram: Widget {
    public var counts: [Float]
    public var palette: Palette

    /// A histogram of `counts`, one column per bin (bins grouped by maximum when they outnumber the columns).
    public init(counts: [Float], palette: Palette) {
        self.counts = counts
        self.palette = palette
    }

    /// Draws one bar per column from the bottom of the area up.
    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let shown = Sparkline.buckets(counts, count: area.width)
        let top = shown.max() ?? 0
        let bars = palette.glyphs.bars
        let style = palette.style(.accent)
        for (i, value) in shown.enumerated() {
            var eighths = top > 0 ? Int((max(0, value) / top * Float(8 * area.height)).rounded()) : 0
            if value > 0 { eighths = max(1, eighths) }
            for row in 0..<area.height {
                let fill = min(8, max(0, eighths - 8 * row))
                guard fill > 0 else { break }
                buffer.write(bars[fill], x: area.x + i, y: area.maxY - 1 - row, style: style, clip: area)
            }
        }
    }
}
