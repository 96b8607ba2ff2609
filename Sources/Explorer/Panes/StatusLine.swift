import TermKit

/// The status line: model, dictionary, hook point and sizes on the left; what is running (or the last message) and the
/// help key on the right.
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
        let activity: String?
        if state.steering.isGenerating {
            activity = "generating…"
        } else if state.neighbours.loading {
            activity = "computing neighbours…"
        } else if state.heatmap.pending {
            activity = "encoding…"
        } else if let message = state.message {
            activity = message
        } else if state.modelName == nil {
            activity = state.noModelReason
        } else {
            activity = nil
        }
        // What is running (or the last message) keeps its room at the right; the names give way first.
        let help = "? help "
        let separator = " \(palette.glyphs.border[5]) "
        let right = activity.map { DisplayWidth.truncate($0, to: max(0, area.width * 2 / 3), ellipsis: palette.glyphs.ellipsis) + "  " } ?? ""
        let room = area.width - DisplayWidth.of(help) - DisplayWidth.of(right) - 1
        let left = DisplayWidth.truncate(" " + parts.joined(separator: separator), to: max(0, room), ellipsis: palette.glyphs.ellipsis)
        buffer.write(left, x: area.x, y: area.y, style: style, clip: area)
        let rightX = area.maxX - DisplayWidth.of(help) - DisplayWidth.of(right)
        buffer.write(right, x: max(area.x, rightX), y: area.y, style: style.adding(.bold), clip: area)
        buffer.write(help, x: area.maxX - DisplayWidth.of(help), y: area.y, style: style.adding(.bold), clip: area)
    }
}
