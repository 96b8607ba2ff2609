import TermKit

/// Renders the whole explorer: a pure function from state to a buffer.
public enum Screen {
    /// The frame for `state` drawn with `palette`.
    public static func render(_ state: AppState, palette: Palette) -> Buffer {
        var buffer = Buffer(width: state.width, height: state.height, fill: .blank(palette.style(.normal)))
        let layout = ScreenLayout(width: state.width, height: state.height)
        guard layout.fits else {
            let lines = ["Terminal too small", "\(state.width)×\(state.height); need at least \(ScreenLayout.minimumWidth)×\(ScreenLayout.minimumHeight)", "q quits"]
            let box = Layout.centered(in: buffer.area, width: lines.map(DisplayWidth.of).max() ?? 0, height: lines.count)
            for (row, line) in lines.enumerated() {
                let x = box.x + (box.width - DisplayWidth.of(line)) / 2
                buffer.write(line, x: max(0, x), y: box.y + row, style: palette.style(row == 0 ? .warning : .normal))
            }
            return buffer
        }
        FeaturesPane.render(state, palette: palette, area: layout.features, buffer: &buffer)
        // The steering pane, and the feature pane while it has focus, take the whole right column.
        if state.focus == .steering {
            SteeringPane.render(state, palette: palette, area: layout.right, buffer: &buffer)
        } else if state.focus == .detail {
            DetailPane.render(state, palette: palette, area: layout.right, buffer: &buffer)
        } else {
            DetailPane.render(state, palette: palette, area: layout.detail, buffer: &buffer)
            NeighboursPane.render(state, palette: palette, area: layout.neighbours, buffer: &buffer)
        }
        HeatmapPane.render(state, palette: palette, area: layout.heatmap, buffer: &buffer)
        StatusLine.render(state, palette: palette, area: layout.status, buffer: &buffer)
        if state.showsHelp { HelpOverlay.render(palette: palette, offset: state.helpOffset, area: layout.screen, buffer: &buffer) }
        return buffer
    }
}
