import TermKit

/// The one table of key bindings; key handling, the help overlay and docs/KEYS.md all come from it.
package enum Keymap {
    package static let bindings: [KeyBinding] = [
        KeyBinding([.char("q"), .ctrl("c")], .quitRequested, "quit"),
        KeyBinding([.char("?")], .help(.toggled), "show or hide this help"),
        KeyBinding([.tab], .focusMovedForward, "focus the next pane"),
        KeyBinding([.backTab], .focusMovedBackward, "focus the previous pane"),
        KeyBinding([.char("1")], .paneFocused(.features), "focus the features pane"),
        KeyBinding([.char("2")], .paneFocused(.detail), "focus the feature pane"),
        KeyBinding([.char("3")], .paneFocused(.neighbours), "focus the neighbours pane"),
        KeyBinding([.char("4")], .paneFocused(.heatmap), "focus the heatmap (keys type there)"),
        KeyBinding([.char("5")], .paneFocused(.steering), "focus the steering pane"),
        KeyBinding([.char("6")], .paneFocused(.overview), "the dictionary's overview: firing, decoder norms, redundancy"),
        KeyBinding([.char("7")], .paneFocused(.attribution), "focus the attribution pane"),
        KeyBinding([.char("j"), .down], .selectionMoved(.rows(1)), "next row"),
        KeyBinding([.char("k"), .up], .selectionMoved(.rows(-1)), "previous row"),
        KeyBinding([.pageDown, .ctrl("d")], .selectionMoved(.pages(1)), "next page"),
        KeyBinding([.pageUp, .ctrl("u")], .selectionMoved(.pages(-1)), "previous page"),
        KeyBinding([.char("g"), .home], .selectionMoved(.first), "first row"),
        KeyBinding([.char("G"), .end], .selectionMoved(.last), "last row"),
        KeyBinding([.char("/")], .features(.searchStarted), "search by id or label"),
        KeyBinding([.char("s")], .starToggled, "star or unstar"),
        KeyBinding([.char("*")], .features(.starFilterToggled), "list only the starred features, or all again"),
        KeyBinding([.char("n")], .annotationEditStarted(.name), "name the feature (your label)"),
        KeyBinding([.char("N")], .annotationEditStarted(.notes), "write notes on the feature"),
        KeyBinding([.char("a")], .steeringFeatureAdded, "steer the feature (a clamp edit; or the neighbour)"),
        KeyBinding([.backspace], .features(.wentBack), "back to the feature before the jump"),
        KeyBinding([.char("d")], .dictionariesSwapped, "lead with the other dictionary (--against), on the nearest counterpart"),

        KeyBinding([.enter], .paneFocused(.neighbours), "show the feature's neighbours", in: .features),

        KeyBinding([.enter, .char("l")], .neighbourOpened, "open the selected neighbour (in the other dictionary: lead with it)", in: .neighbours),
        KeyBinding([.right], .neighbours(.columnChosen(.other)), "the neighbours in the other dictionary", in: .neighbours),
        KeyBinding([.left], .neighbours(.columnChosen(.here)), "the neighbours here", in: .neighbours),

        KeyBinding([.enter], .steering(.generationStarted), "generate, steered beside unsteered", in: .steering),
        KeyBinding([.char("h")], .continuationToHeatmap, "put the prompt and the steered text in the heatmap (to attribute its tokens)", in: .steering),
        KeyBinding([.char("v")], .steering(.sweepStarted), "sweep the edit: unsteered beside ½, 1, 2 and 4 times its strength", in: .steering),
        KeyBinding([.escape], .steering(.generationCancelled), "stop generating", in: .steering),
        KeyBinding([.char("+"), .char("=")], .steering(.strengthChanged(by: 1)), "stronger edit", in: .steering),
        KeyBinding([.char("-")], .steering(.strengthChanged(by: -1)), "weaker edit", in: .steering),
        KeyBinding([.char("m")], .steering(.operationCycled), "next operation: clamp, scale, ablate, add", in: .steering),
        KeyBinding([.char("x"), .delete], .steering(.editRemoved), "remove the edit", in: .steering),
        KeyBinding([.char("p"), .char("i")], .steering(.promptEditStarted), "edit the prompt", in: .steering),
        KeyBinding([.char("c")], .steering(.chatToggled), "chat template or plain text", in: .steering),
        KeyBinding([.char("o")], .steering(.spanCycled), "edit positions: generated, all, prompt", in: .steering),
        KeyBinding([.char("t")], .steering(.samplingToggled), "greedy or sampled (same seed both sides)", in: .steering),
        KeyBinding([.char("w")], .steering(.presetNamingStarted), "save the edits as a preset", in: .steering),
        KeyBinding([.char("l")], .steering(.presetLoadRequested), "load the next preset", in: .steering),

        KeyBinding([.enter], .attributedFeatureOpened, "open the feature", in: .attribution),
        KeyBinding([.char("t")], .attribution(.targetEditStarted), "type a target token (empty: the default)", in: .attribution),
        KeyBinding([.escape], .attribution(.cancelled), "stop the attribution", in: .attribution),
        KeyBinding([.enter], .attribution(.targetEditFinished), "attribute this target", in: .attributionTarget),
        KeyBinding([.escape], .attribution(.targetEditCancelled), "keep the last target", in: .attributionTarget),
        KeyBinding([.ctrl("c")], .quitRequested, "quit", in: .attributionTarget),

        KeyBinding([.enter], .features(.searchFinished), "keep the results, leave the search", in: .search),
        KeyBinding([.escape], .features(.searchCancelled), "clear the search", in: .search),
        KeyBinding([.escape], .paneFocused(.features), "leave the heatmap", in: .heatmap),
        KeyBinding([.ctrl("f")], .heatmap(.textSearchRequested(by: .peak)), "list the features firing most on this text", in: .heatmap),
        KeyBinding([.ctrl("g")], .heatmap(.textSearchRequested(by: .mean)), "list the features firing throughout this text (its topic, for steering)",
                   in: .heatmap),
        KeyBinding([.ctrl("k")], .heatmap(.keptForContrast), "keep this text to contrast with (again: forget it)", in: .heatmap),
        KeyBinding([.ctrl("t")], .attributionRequested, "attribute the next token after the cursor's to features", in: .heatmap),
        KeyBinding([.enter], .steering(.generationStarted), "generate with this prompt", in: .prompt),
        KeyBinding([.escape], .steering(.promptEditFinished), "stop editing the prompt", in: .prompt),
        KeyBinding([.enter], .steering(.presetSaveRequested), "save the preset under this name", in: .presetName),
        KeyBinding([.escape], .steering(.presetNamingCancelled), "do not save", in: .presetName),
        KeyBinding([.ctrl("c")], .quitRequested, "quit", in: .presetName),
        KeyBinding([.enter], .detail(.editFinished), "save (an empty name brings the label back)", in: .annotation),
        KeyBinding([.escape], .detail(.editCancelled), "do not save", in: .annotation),
        KeyBinding([.ctrl("c")], .quitRequested, "quit", in: .annotation),

        KeyBinding([.backspace], .textKeyTyped(.backspace), "delete the character before", in: .editing),
        KeyBinding([.delete], .textKeyTyped(.delete), "delete the character under", in: .editing),
        KeyBinding([.left], .textKeyTyped(.left), "cursor left (heatmap: shows its token)", in: .editing),
        KeyBinding([.right], .textKeyTyped(.right), "cursor right", in: .editing),
        KeyBinding([.home], .textKeyTyped(.home), "cursor to the start", in: .editing),
        KeyBinding([.end], .textKeyTyped(.end), "cursor to the end", in: .editing),
        KeyBinding([.ctrl("w")], .textKeyTyped(.ctrl("w")), "delete the word before", in: .editing),
        KeyBinding([.ctrl("u")], .textKeyTyped(.ctrl("u")), "clear the text", in: .editing),

        KeyBinding([.char("?"), .escape], .help(.toggled), "close the help", in: .help),
        KeyBinding([.char("j"), .down], .help(.scrolled(by: 1)), "scroll the help down", in: .help),
        KeyBinding([.char("k"), .up], .help(.scrolled(by: -1)), "scroll the help up", in: .help),
        KeyBinding([.char("q"), .ctrl("c")], .quitRequested, "quit", in: .help),
    ]

    /// The first key bound to `action` in `context`, as help writes it ("Enter", "/"); the hint lines and messages that
    /// name a key take it from here, so they follow the table. "(unbound)" when nothing is bound (a test keeps every hint bound).
    package static func key(for action: Action, in context: KeyContext = .global) -> String {
        bindings.first { $0.context == context && $0.action == action }?.keys.first?.description ?? "(unbound)"
    }

    /// The binding for `key` in `context`, if any.
    package static func binding(for key: Key, in context: KeyContext) -> KeyBinding? {
        bindings.first { $0.context == context && $0.keys.contains(key) }
    }

    /// The action a key press means in `state`: modal contexts first, then the focused pane, then global bindings.
    /// While a text is being typed (search, heatmap, prompt, preset name), printable characters go into it.
    package static func action(for key: Key, in state: AppState) -> Action? {
        if key == .resize { return nil }
        // A paste outside a text is dropped rather than read as commands.
        if case .paste = key, state.typingTarget == nil { return nil }
        if state.help.isShown { return binding(for: key, in: .help)?.action }
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
        if let pane = paneContext(state.shared.focus), let binding = binding(for: key, in: pane) { return binding.action }
        return binding(for: key, in: .global)?.action
    }

    /// The key context of a pane whose bindings sit on top of the global ones (the heatmap's are modal: see `action`).
    package static func paneContext(_ pane: Pane) -> KeyContext? {
        switch pane {
        case .features: return .features
        case .neighbours: return .neighbours
        case .steering: return .steering
        case .attribution: return .attribution
        case .detail, .heatmap, .overview: return nil
        }
    }
}
