/// A key that a hint line or a message names, as the action it is bound to and where; its name comes from the keymap,
/// so a change of binding changes every hint that names it (a test checks that each one is bound).
package enum KeyHint: CaseIterable, Sendable {
    case search, cancelSearch, star, openNeighbour
    case focusHeatmap, nextPane, showSteering
    case searchByText, attribute, attributionTarget, openAttributed, stopAttribution
    case steer, generate, sweep, stopGenerating, stronger, weaker, nextOperation, removeEdit, editPrompt, savePreset, loadPreset
    case generateFromPrompt, stopEditingPrompt
    case help, scrollHelpDown, scrollHelpUp, quit

    /// The action the key sends and the context it is bound in.
    package var binding: (action: Action, context: KeyContext) {
        switch self {
        case .search: return (.features(.searchStarted), .global)
        case .cancelSearch: return (.features(.searchCancelled), .search)
        case .star: return (.starToggled, .global)
        case .openNeighbour: return (.neighbourOpened, .neighbours)
        case .focusHeatmap: return (.paneFocused(.heatmap), .global)
        case .nextPane: return (.focusMovedForward, .global)
        case .showSteering: return (.paneFocused(.steering), .global)
        case .searchByText: return (.heatmap(.textSearchRequested(by: .peak)), .heatmap)
        case .attribute: return (.attributionRequested, .heatmap)
        case .attributionTarget: return (.attribution(.targetEditStarted), .attribution)
        case .openAttributed: return (.attributedFeatureOpened, .attribution)
        case .stopAttribution: return (.attribution(.cancelled), .attribution)
        case .steer: return (.steeringFeatureAdded, .global)
        case .generate: return (.steering(.generationStarted), .steering)
        case .sweep: return (.steering(.sweepStarted), .steering)
        case .stopGenerating: return (.steering(.generationCancelled), .steering)
        case .stronger: return (.steering(.strengthChanged(by: 1)), .steering)
        case .weaker: return (.steering(.strengthChanged(by: -1)), .steering)
        case .nextOperation: return (.steering(.operationCycled), .steering)
        case .removeEdit: return (.steering(.editRemoved), .steering)
        case .editPrompt: return (.steering(.promptEditStarted), .steering)
        case .savePreset: return (.steering(.presetNamingStarted), .steering)
        case .loadPreset: return (.steering(.presetLoadRequested), .steering)
        case .generateFromPrompt: return (.steering(.generationStarted), .prompt)
        case .stopEditingPrompt: return (.steering(.promptEditFinished), .prompt)
        case .help: return (.help(.toggled), .global)
        case .scrollHelpDown: return (.help(.scrolled(by: 1)), .help)
        case .scrollHelpUp: return (.help(.scrolled(by: -1)), .help)
        case .quit: return (.quitRequested, .global)
        }
    }

    /// The first key bound to the action, as help writes it ("Enter", "/"); "(unbound)" when nothing is bound.
    package var key: String { Keymap.key(for: binding.action, in: binding.context) }
}
