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
        KeyBinding([.char("j"), .down], .selectionMoved(by: 1), "next row"),
        KeyBinding([.char("k"), .up], .selectionMoved(by: -1), "previous row"),
        KeyBinding([.pageDown, .ctrl("d")], .pageMoved(by: 1), "next page"),
        KeyBinding([.pageUp, .ctrl("u")], .pageMoved(by: -1), "previous page"),
        KeyBinding([.char("g"), .home], .selectionMovedToFirst, "first row"),
        KeyBinding([.char("G"), .end], .selectionMovedToLast, "last row"),
        KeyBinding([.char("/")], .searchStarted, "search features by id"),
        KeyBinding([.backspace], .wentBack, "back to the feature before the last jump"),

        KeyBinding([.enter], .paneFocused(.neighbours), "show the feature's neighbours", in: .features),

        KeyBinding([.enter, .char("l")], .neighbourOpened, "open the selected neighbour", in: .neighbours),

        KeyBinding([.enter], .searchFinished, "keep the results and leave the search", in: .search),
        KeyBinding([.escape], .searchCancelled, "clear the search", in: .search),
        KeyBinding([.backspace], .searchKeyTyped(.backspace), "delete the character before the cursor", in: .search),
        KeyBinding([.delete], .searchKeyTyped(.delete), "delete the character under the cursor", in: .search),
        KeyBinding([.left], .searchKeyTyped(.left), "cursor left", in: .search),
        KeyBinding([.right], .searchKeyTyped(.right), "cursor right", in: .search),
        KeyBinding([.home], .searchKeyTyped(.home), "cursor to the start", in: .search),
        KeyBinding([.end], .searchKeyTyped(.end), "cursor to the end", in: .search),
        KeyBinding([.ctrl("w")], .searchKeyTyped(.ctrl("w")), "delete the word before the cursor", in: .search),
        KeyBinding([.ctrl("u")], .searchKeyTyped(.ctrl("u")), "clear the input", in: .search),

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
    /// While searching, printable characters are typed into the search.
    public static func action(for key: Key, in state: AppState) -> Action? {
        if key == .resize { return nil }
        if state.showsHelp { return binding(for: key, in: .help)?.action }
        if state.isSearching {
            if let binding = binding(for: key, in: .search) { return binding.action }
            if case .char = key { return .searchKeyTyped(key) }
            return binding(for: key, in: .global)?.action
        }
        if let pane = paneContext(state.focus), let binding = binding(for: key, in: pane) { return binding.action }
        return binding(for: key, in: .global)?.action
    }

    /// The key context of a pane, if it has bindings of its own.
    public static func paneContext(_ pane: Pane) -> KeyContext? {
        switch pane {
        case .features: return .features
        case .neighbours: return .neighbours
        case .detail: return nil
        }
    }
}
