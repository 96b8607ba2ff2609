import TermKit

/// Where each pane goes on a screen of a given size.
package struct ScreenLayout: Equatable {
    /// The smallest screen the panes are drawn on; smaller ones get a message.
    package static let minimumWidth = 50
    package static let minimumHeight = 16

    package let screen: Rect
    /// The pane bar across the top.
    package let paneBar: Rect
    /// Everything between the pane bar and the status line, which the overview takes while focused.
    package let body: Rect
    package let features: Rect
    package let detail: Rect
    package let neighbours: Rect
    /// The right column (detail and neighbours), which the steering pane, or the feature pane, takes while focused.
    package let right: Rect
    package let heatmap: Rect
    package let status: Rect

    /// The layout of a `width` × `height` screen: the pane bar on top, features on the left, detail above neighbours
    /// on the right (the focused feature pane, or the steering pane, takes the whole column), the heatmap across the
    /// bottom (a quarter of the height, 6 to 9 rows), the status line below it.
    package init(width: Int, height: Int) {
        screen = Rect(width: width, height: height)
        let rows = Layout.split(screen, .vertical, [.fixed(1), .fill(1), .fixed(max(6, min(9, height / 4))), .fixed(1)])
        paneBar = rows[0]
        body = Rect(x: 0, y: rows[1].y, width: width, height: rows[1].height + rows[2].height)
        heatmap = rows[2]
        status = rows[3]
        let columns = Layout.split(rows[1], .horizontal, [.percent(42), .fill(1)])
        features = columns[0]
        right = columns[1]
        let right = Layout.split(columns[1], .vertical, [.fill(1), .fill(1)])
        detail = right[0]
        neighbours = right[1]
    }

    /// Whether the screen is big enough for the panes.
    package var fits: Bool { screen.width >= Self.minimumWidth && screen.height >= Self.minimumHeight }

    /// What the reducers need to know of this layout drawn with `glyphs`: the rows each list shows as its pane draws
    /// it, and the help's lines.
    package func geometry(glyphs: Glyphs = .unicode) -> ViewGeometry {
        ViewGeometry(width: screen.width, height: screen.height,
                     featureRows: FeaturesPane.listRows(in: features), neighbourRows: NeighboursPane.listRows(in: neighbours),
                     attributionRows: AttributionPane.listRows(in: right),
                     helpLines: HelpOverlay.lineCount(width: screen.width, glyphs: glyphs),
                     visibleHelpLines: HelpOverlay.visibleLines(height: screen.height))
    }

    /// The geometry of a `width` × `height` screen drawn with `glyphs`.
    package static func geometry(width: Int, height: Int, glyphs: Glyphs = .unicode) -> ViewGeometry {
        ScreenLayout(width: width, height: height).geometry(glyphs: glyphs)
    }
}
