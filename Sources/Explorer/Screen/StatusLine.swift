import TermKit

/// The status line: model, dictionary, hook point and sizes on the left; what is running (or the last message) and the
/// help key on the right.
package enum StatusLine {
    /// Draws the status line into `area` (one row).
    package static func render(_ state: AppState, palette: Palette, area: Rect, buffer: inout Buffer) {
        let style = palette.style(.status)
        buffer.fill(area, with: .blank(style))
        let shared = state.shared, glyphs = palette.glyphs
        let d = shared.dictionary
        var parts = [d.name]
        if let hook = d.hookName { parts.append(hook) }
        parts.append("\(d.featureCount) features \(glyphs.times) d_in \(d.dIn)")
        if let model = shared.modelName { parts.insert(model, at: 0) }
        // What is running, or the last message, keeps its room and the names give way; the standing note about the
        // model gives way to the names.
        var activity: String?
        var activityFirst = true
        if state.steering.isGenerating {
            activity = "generating" + glyphs.ellipsis
        } else if state.attribution.isComputing {
            activity = "attributing" + (state.attribution.progress.map { " " + $0.percent } ?? "") + glyphs.ellipsis
        } else if state.neighbours.loading {
            activity = "computing neighbours" + glyphs.ellipsis
        } else if state.heatmap.pending {
            activity = "encoding" + glyphs.ellipsis
        } else if let message = shared.message {
            activity = glyphs.text(message)
        } else if shared.modelName == nil {
            activity = glyphs.text(shared.noModelReason)
            activityFirst = false
        }
        let help = "\(KeyHint.help.key) help "
        let ellipsis = glyphs.ellipsis
        let names = " " + parts.joined(separator: " \(glyphs.border[5]) ")
        let room = max(0, area.width - DisplayWidth.of(help) - 1)
        var left: String, right: String
        if let activity, activityFirst {
            right = DisplayWidth.truncate(activity, to: room * 2 / 3, ellipsis: ellipsis) + "  "
            left = DisplayWidth.truncate(names, to: max(0, room - DisplayWidth.of(right)), ellipsis: ellipsis)
        } else {
            left = DisplayWidth.truncate(names, to: room, ellipsis: ellipsis)
            let rest = room - DisplayWidth.of(left) - 3
            right = rest >= 8 ? DisplayWidth.truncate(activity ?? "", to: rest, ellipsis: ellipsis) + "  " : ""
        }
        buffer.write(left, x: area.x, y: area.y, style: style, clip: area)
        let rightX = area.maxX - DisplayWidth.of(help) - DisplayWidth.of(right)
        buffer.write(right, x: max(area.x, rightX), y: area.y, style: style.adding(.bold), clip: area)
        buffer.write(help, x: area.maxX - DisplayWidth.of(help), y: area.y, style: style.adding(.bold), clip: area)
    }
}
