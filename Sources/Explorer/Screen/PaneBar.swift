import TermKit

/// The row across the top of every screen naming each pane with the key that focuses it, the focused one marked.
package enum PaneBar {
    /// Draws the bar into `area` (one row); when the full names do not fit, the panes without focus show their key only.
    package static func render(focus: Pane, palette: Palette, area: Rect, buffer: inout Buffer) {
        buffer.fill(area, with: .blank(palette.style(.normal)))
        let tabs = Pane.allCases.map { pane in (pane, Keymap.key(for: .paneFocused(pane))) }
        let full = tabs.map { " \($0.1) \($0.0.rawValue) " }
        let short = tabs.map { $0.0 == focus ? " \($0.1) \($0.0.rawValue) " : " \($0.1) " }
        let labels = full.map(DisplayWidth.of).reduce(0, +) <= area.width ? full : short
        var x = area.x
        for (index, (pane, key)) in tabs.enumerated() {
            let focused = pane == focus
            let label = labels[index]
            if focused {
                x += buffer.write(label, x: x, y: area.y, style: palette.style(.selected).adding(.bold), clip: area)
            } else {
                let keyText = " \(key)"
                x += buffer.write(keyText, x: x, y: area.y, style: palette.style(.accent), clip: area)
                x += buffer.write(String(label.dropFirst(keyText.count)), x: x, y: area.y, style: palette.style(.dim), clip: area)
            }
        }
    }
}
