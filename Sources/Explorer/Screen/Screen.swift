import TermKit

/// Renders the whole explorer: a pure function from state to a buffer.
package enum Screen {
    /// The frame for `state` drawn with `palette`.
    package static func render(_ state: AppState, palette: Palette) -> Buffer {
        let width = state.shared.geometry.width, height = state.shared.geometry.height, times = palette.glyphs.times
        var buffer = Buffer(width: width, height: height, fill: .blank(palette.style(.normal)))
        let layout = ScreenLayout(width: width, height: height)
        guard layout.fits else {
            let lines = ["Terminal too small",
                         "\(width)\(times)\(height); need at least \(ScreenLayout.minimumWidth)\(times)\(ScreenLayout.minimumHeight)",
                         "\(KeyHint.quit.key) quits"]
            let box = Layout.centered(in: buffer.area, width: lines.map(DisplayWidth.of).max() ?? 0, height: lines.count)
            for (row, line) in lines.enumerated() {
                let x = box.x + (box.width - DisplayWidth.of(line)) / 2
                buffer.write(line, x: max(0, x), y: box.y + row, style: palette.style(row == 0 ? .warning : .normal))
            }
            return buffer
        }
        let shared = state.shared, feature = state.selectedFeature
        PaneBar.render(focus: shared.focus, palette: palette, area: layout.paneBar, buffer: &buffer)
        StatusLine.render(state, palette: palette, area: layout.status, buffer: &buffer)
        if shared.focus == .overview {
            OverviewPane.render(state.overview, shared, palette: palette, area: layout.body, buffer: &buffer)
            return overlay(state, palette: palette, layout: layout, buffer: buffer)
        }
        FeaturesPane.render(state.features, shared, palette: palette, area: layout.features, buffer: &buffer)
        func detail(in area: Rect) {
            DetailPane.render(feature: feature, state.detail, neighbours: state.neighbours, shared, palette: palette,
                              area: area, buffer: &buffer)
        }
        // The steering and attribution panes, and the feature pane while it has focus, take the whole right column.
        switch shared.focus {
        case .steering: SteeringPane.render(state.steering, shared, palette: palette, area: layout.right, buffer: &buffer)
        case .attribution: AttributionPane.render(state.attribution, shared, palette: palette, area: layout.right, buffer: &buffer)
        case .detail: detail(in: layout.right)
        case .features, .neighbours, .heatmap, .overview:
            detail(in: layout.detail)
            NeighboursPane.render(state.neighbours, shared, palette: palette, area: layout.neighbours, buffer: &buffer)
        }
        HeatmapPane.render(feature: feature, state.heatmap, shared, palette: palette, area: layout.heatmap, buffer: &buffer)
        return overlay(state, palette: palette, layout: layout, buffer: buffer)
    }

    /// `buffer` with the help drawn over it when it is shown.
    private static func overlay(_ state: AppState, palette: Palette, layout: ScreenLayout, buffer: Buffer) -> Buffer {
        var buffer = buffer
        if state.help.isShown {
            HelpOverlay.render(palette: palette, offset: state.help.offset, area: layout.screen, buffer: &buffer)
        }
        return buffer
    }
}
