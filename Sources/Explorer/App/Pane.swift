/// The panes that can have focus, in Tab order.
package enum Pane: String, CaseIterable, Equatable, Sendable {
    case features = "Features"
    case detail = "Feature"
    case neighbours = "Neighbours"
    case heatmap = "Heatmap"
    case steering = "Steering"
    case overview = "Overview"
    case attribution = "Attribution"

    /// The next pane in Tab order (wrapping).
    package var next: Pane { Pane.allCases[(index + 1) % Pane.allCases.count] }
    /// The previous pane in Tab order (wrapping).
    package var previous: Pane { Pane.allCases[(index + Pane.allCases.count - 1) % Pane.allCases.count] }

    private var index: Int { Pane.allCases.firstIndex(of: self)! }
}
