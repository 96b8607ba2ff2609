import TermKit

/// The status line: dictionary, hook point, sizes, what is running or the last message, and the help key.
public enum StatusLine {
    /// Draws the status line into `area` (one row).
    public static func render(_ state: AppState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let style = palette.style(.status)
        buffer.fill(area, with: .blank(style))
        let d = state.dictionary
        var parts = [d.name]
        if let hook = d.hookName { parts.append(hook) }
        parts.append("\(d.featureCount) features × d_in \(d.dIn)")
        if let model = state.modelName { parts.insert(model, at: 0) }
        if state.steering.isGenerating {
            parts.append("generating…")
        } else if state.neighbours.loading {
            parts.append("computing neighbours…")
        } else if state.heatmap.pending {
            parts.append("encoding…")
        } else if let message = state.message {
            parts.append(message)
        } else if state.modelName == nil {
            parts.append(state.noModelReason)
        }
        let help = "? help "
        let room = area.width - DisplayWidth.of(help) - 1
        let text = DisplayWidth.truncate(" " + parts.joined(separator: " \(palette.glyphs.border[5]) "), to: max(0, room), ellipsis: palette.glyphs.ellipsis)
        buffer.write(text, x: area.x, y: area.y, style: style, clip: area)
        buffer.write(help, x: area.maxX - DisplayWidth.of(help), y: area.y, style: style.adding(.bold), clip: area)
    }
}
