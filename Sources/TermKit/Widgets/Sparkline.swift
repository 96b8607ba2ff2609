/// Values as one row of bars in eighths, scaled to the largest value; extra values are grouped by their maximum.
public struct Sparkline: Widget {
    public var values: [Float]
    public var palette: Palette

    /// A sparkline of `values`.
    public init(values: [Float], palette: Palette) {
        self.values = values
        self.palette = palette
    }

    /// The values grouped into at most `count` buckets, each the maximum of its group.
    public static func buckets(_ values: [Float], count: Int) -> [Float] {
        guard count > 0, values.count > count else { return values }
        return (0..<count).map { bucket in
            let start = bucket * values.count / count, end = (bucket + 1) * values.count / count
            return values[start..<max(end, start + 1)].max() ?? 0
        }
    }

    /// Draws the bars on the area's bottom row.
    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let shown = Self.buckets(values, count: area.width)
        let top = shown.max() ?? 0
        let bars = palette.glyphs.bars
        for (i, value) in shown.enumerated() {
            let eighths = top > 0 ? Int((max(0, value) / top * 8).rounded()) : 0
            buffer.write(bars[eighths], x: area.x + i, y: area.maxY - 1, style: palette.style(.accent), clip: area)
        }
    }
}
