/// The help overlay: whether it is shown, and the first line shown when it is taller than the screen.
package struct HelpState: Equatable, Sendable {
    package var isShown = false
    package var offset = 0

    /// Hidden.
    package init() {}
}

/// What happens to the help overlay.
package enum HelpAction: Equatable, Sendable {
    case toggled
    /// Scrolled by this many lines.
    case scrolled(by: Int)
}

/// The help overlay's reducer.
package enum HelpReducer {
    /// Applies `action`, scrolling no further than the last screenful of `geometry`'s help.
    package static func reduce(_ state: inout HelpState, _ action: HelpAction, _ geometry: ViewGeometry) {
        switch action {
        case .toggled:
            state.isShown.toggle()
            state.offset = 0
        case .scrolled(let lines):
            state.offset = min(lastOffset(geometry), max(0, state.offset + lines))
        }
    }

    /// The first line of the last screenful of help.
    package static func lastOffset(_ geometry: ViewGeometry) -> Int { max(0, geometry.helpLines - geometry.visibleHelpLines) }
}
