/// The sizes the reducers need from the screen (rows of each scrolling list, lines of help), measured by the render
/// layer from the layout it draws and handed to the state with `Action.geometryChanged`; no reducer measures a pane.
package struct ViewGeometry: Equatable, Sendable {
    /// The terminal size.
    package var width: Int
    package var height: Int
    /// Rows the features list shows.
    package var featureRows: Int
    /// Rows the neighbours list shows.
    package var neighbourRows: Int
    /// Rows the attribution list shows.
    package var attributionRows: Int
    /// Lines the help takes at this width.
    package var helpLines: Int
    /// Lines of help the screen shows at once.
    package var visibleHelpLines: Int

    /// A geometry with every size given.
    package init(width: Int, height: Int, featureRows: Int, neighbourRows: Int, attributionRows: Int, helpLines: Int,
                visibleHelpLines: Int) {
        self.width = width
        self.height = height
        self.featureRows = featureRows
        self.neighbourRows = neighbourRows
        self.attributionRows = attributionRows
        self.helpLines = helpLines
        self.visibleHelpLines = visibleHelpLines
    }

    /// No screen yet (before the first measurement): every list one row.
    package static let none = ViewGeometry(width: 0, height: 0, featureRows: 1, neighbourRows: 1, attributionRows: 1, helpLines: 0,
                                          visibleHelpLines: 0)
}
