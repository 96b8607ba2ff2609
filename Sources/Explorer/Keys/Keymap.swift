import TermKit

/// The one table of key bindings; key handling, the help overlay and docs/KEYS.md all come from it.
public enum Keymap {
    public static let bindings: [KeyBinding] = [
        KeyBinding([.char("q"), .ctrl("c")], .quitRequested, "quit"),
        KeyBinding([.char("?")], .helpToggled, "show or hide this help"),
        KeyBinding([.tab], .focusMovedForward, "focus the next pane"),
        KeyBinding([.backTab], .focusMovedBackward, "focus the previous pane"),
        KeyBinding([.char("1")], .paneFocused(.features), "focus the features pane"),
        KeyBinding([.char("2")], .paneFocused(.detail), "focus the feature pane"),
        KeyBinding([.char("3")], .paneFocused(.neighbours), "focus the neighbours pane"),
        KeyBinding([.char("4")], .paneFocused(.heatmap), "focus the heatmap (keys type there)"),
        KeyBinding([.char("5")], .paneFocused(.steering), "focus the steering pane"),
        KeyBinding([.char("j"), .down], .selectionMoved(by: 1), "next row"),
        KeyBinding([.char("k"), .up], .selectionMoved(by: -1), "previous row"),
        KeyBinding([.pageDown, .ctrl("d")], .pageMoved(by: 1), "next page"),
        KeyBinding([.pageUp, .ctrl("u")], .pageMoved(by: -1), "previous page"),
        KeyBinding([.char("g"), .home], .selectionMovedToFirst, "first row"),
        KeyBinding([.char("G"), .end], .selectionMovedToLast, "last row"),
        KeyBinding([.char("/")], .searchStarted, "search by id or label"),
        KeyBinding([.char("s")], .starToggled, "star or unstar"),
        KeyBinding([.char("n")], .annotationEditStarted(.name), "name the feature (your label)"),
        KeyBinding([.char("N")], .annotationEditStarted(.notes), "write notes on the feature"),
        KeyBinding([.char("a")], .steeringFeatureAdded, "steer the feature (a clamp edit; or the neighbour)"),
        KeyBinding([.backspace], .wentBack, "back to the feature before the jump"),

        KeyBinding([.enter], .paneFocused(.neighbours), "show the feature's neighbours", in: .features),

        KeyBinding([.enter, .char("l")], .neighbourOpened, "open the selected neighbour", in: .neighbours),

        KeyBinding([.enter], .generationStarted, "generate, steered beside unsteered", in: .steering),
        KeyBinding([.escape], .generationCancelled, "stop generating", in: .steering),
        KeyBinding([.char("+"), .char("=")], .steeringStrengthChanged(by: 1), "stronger edit", in: .steering),
        KeyBinding([.char("-")], .steeringStrengthChanged(by: -1), "weaker edit", in: .steering),
        KeyBinding([.char("m")], .steeringModeCycled, "next mode: clamp, scale, ablate, add", in: .steering),
        KeyBinding([.char("x"), .delete], .steeringEditRemoved, "remove the edit", in: .steering),
        KeyBinding([.char("p"), .char("i")], .steeringPromptEditStarted, "edit the prompt", in: .steering),
        KeyBinding([.char("c")], .steeringChatToggled, "chat template or plain text", in: .steering),
        KeyBinding([.char("o")], .steeringSpanCycled, "edit positions: generated, all, prompt", in: .steering),
        KeyBinding([.char("t")], .steeringSamplingToggled, "greedy or sampled (same seed both sides)", in: .steering),
        KeyBinding([.char("w")], .presetNamingStarted, "save the edits as a preset", in: .steering),
        KeyBinding([.char("l")], .presetLoadRequested, "load the next preset", in: .steering),

        KeyBinding([.enter], .searchFinished, "keep the results, leave the search", in: .search),
        KeyBinding([.escape], .searchCancelled, "clear the search", in: .search),
        KeyBinding([.escape], .paneFocused(.features), "leave the heatmap", in: .heatmap),
        KeyBinding([.ctrl("f")], .textSearchRequested, "list the features firing most on this text", in: .heatmap),
        KeyBinding([.enter], .generationStarted, "generate with this prompt", in: .prompt),
        KeyBinding([.escape], .steeringPromptEditFinished, "stop editing the prompt", in: .prompt),
        KeyBinding([.enter], .presetSaveRequested, "save the preset under this name", in: .presetName),
        KeyBinding([.escape], .presetNamingCancelled, "do not save", in: .presetName),
        KeyBinding([.ctrl("c")], .quitRequested, "quit", in: .presetName),
        KeyBinding([.enter], .annotationEditFinished, "save (an empty name brings the label back)", in: .annotation),
        KeyBinding([.escape], .annotationEditCancelled, "do not save", in: .annotation),
        KeyBinding([.ctrl("c")], .quitRequested, "quit", in: .annotation),

        KeyBinding([.backspace], .textKeyTyped(.backspace), "delete the character before", in: .editing),
        KeyBinding([.delete], .textKeyTyped(.delete), "delete the character under", in: .editing),
        KeyBinding([.left], .textKeyTyped(.left), "cursor left (heatmap: shows its token)", in: .editing),
        KeyBinding([.right], .textKeyTyped(.right), "cursor right", in: .editing),
        KeyBinding([.home], .textKeyTyped(.home), "cursor to the start", in: .editing),
        KeyBinding([.end], .textKeyTyped(.end), "cursor to the end", in: .editing),
        KeyBinding([.ctrl("w")], .textKeyTyped(.ctrl("w")), "delete the word before", in: .editing),
        KeyBinding([.ctrl("u")], .textKeyTyped(.ctrl("u")), "clear the text", in: .editing),

        KeyBinding([.char("?"), .escape], .helpToggled, "close the help", in: .help),
        KeyBinding([.char("j"), .down], .helpScrolled(by: 1), "scroll the help down", in: .help),
        KeyBinding([.char("k"), .up], .helpScrolled(by: -1), "scroll the help up", in: .help),
        KeyBinding([.char("q"), .ctrl("c")], .quitRequested, "quit", in: .help),
    ]

    /// The binding for `key` in `context`, if any.
    public static func binding(for key: Key, in context: KeyContext) -> KeyBinding? {
        bindings.first { $0.context == context && $0.keys.contains(key) }
    }

    /// The action a key press means in `state`: modal contexts first, then the focused pane, then global bindings.
    /// While a text is being typed (search, heatmap, prompt, preset name), printable characters go into it.
    public static func action(for key: Key, in state: AppState) -> Action? {
        if key == .resize { return nil }
        // A paste outside a text is dropped rather than read as commands.
        if case .paste = key, state.typingTarget == nil { return nil }
        if state.showsHelp { return binding(for: key, in: .help)?.action }
        if let target = state.typingTarget {
            let typing = KeyContext(typing: target)
            if let binding = binding(for: key, in: typing) ?? binding(for: key, in: .editing) { return binding.action }
            switch key {
            case .char, .paste: return .textKeyTyped(key)
            default: break
            }
            // Short inputs (a name, notes) hold the keyboard until Enter or Esc; longer ones let other keys through.
            return typing.passesKeysThrough ? binding(for: key, in: .global)?.action : nil
        }
        if let pane = paneContext(state.focus), let binding = binding(for: key, in: pane) { return binding.action }
        return binding(for: key, in: .global)?.action
    }

    /// The key context of a pane whose bindings sit on top of the global ones (the heatmap's are modal: see `action`).
    public static func paneContext(_ pane: Pane) -> KeyContext? {
        switch pane {
        case .features: return .features
        case .neighbours: return .neighbours
        case .steering: return .steering
        case .detail, .heatmap: return nil
        }
    }
}
