import Explorer
import Foundation
import TermKit
import Testing

@Suite struct KeymapTests {
    @Test func everyKeyAHintNamesIsBound() {
        for hint in KeyHint.allCases {
            let (action, context) = hint.binding
            let binding = Keymap.bindings.first { $0.context == context && $0.action == action }
            #expect(binding != nil && hint.key != "(unbound)", "\(hint) names a key that nothing binds")
        }
    }

    @Test func theHintLinesNameTheKeysOfTheTable() {
        var state = Fixtures.openedState(width: 200, height: 30)
        Fixtures.reduce(&state, .paneFocused(.steering))
        let text = Screen.render(state, palette: Fixtures.palette).text
        for (hint, words) in [(KeyHint.generate, "generate"), (.stopGenerating, "stop"), (.nextOperation, "operation"), (.editPrompt, "prompt"),
                              (.steer, "adds the selected feature")] {
            #expect(text.contains("\(hint.key) \(words)"), "\(hint)")
        }
        #expect(text.contains("\(KeyHint.help.key) help"))
    }

    @Test func noKeyIsBoundTwiceInAContext() {
        for context in KeyContext.allCases {
            let keys = Keymap.bindings.filter { $0.context == context }.flatMap(\.keys)
            let duplicates = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys
            #expect(duplicates.isEmpty, "\(context): \(duplicates.map(\.description))")
        }
    }

    @Test func paneBindingsDoNotShadowGlobalOnes() {
        let global = Set(Keymap.bindings.filter { $0.context == .global }.flatMap(\.keys))
        for binding in Keymap.bindings where !binding.context.isModal && binding.context != .global {
            let shadowed = binding.keys.filter(global.contains)
            #expect(shadowed.isEmpty, "\(binding.context) shadows global \(shadowed.map(\.description))")
        }
    }

    @Test func typingContextsLeavePrintableCharactersForTyping() {
        for binding in Keymap.bindings where binding.context.isTyping {
            for key in binding.keys {
                if case .char = key { Issue.record("\(binding.context) binds printable \(key)") }
            }
        }
    }

    @Test func editingKeysAreNotShadowedByATypingContext() {
        let editing = Set(Keymap.bindings.filter { $0.context == .editing }.flatMap(\.keys))
        for binding in Keymap.bindings where binding.context.isTyping && binding.context != .editing {
            #expect(editing.isDisjoint(with: binding.keys), "\(binding.context) shadows editing keys")
        }
    }

    @Test func everyContextCanQuitOrLeave() {
        let helpActions = Keymap.bindings.filter { $0.context == .help }.map(\.action)
        #expect(helpActions.contains(.help(.toggled)) && helpActions.contains(.quitRequested))
        #expect(Keymap.bindings.contains { $0.context == .search && $0.action == .features(.searchCancelled) })
        for context in KeyContext.allCases where context.isTyping && context != .editing {
            #expect(Keymap.bindings.contains { $0.context == context && $0.keys.contains(.escape) }, "\(context) has no Esc")
        }
        // Every short input (search, prompt, names, target) confirms with Enter.
        for context in KeyContext.allCases where context.isTyping && context != .editing && context != .heatmap {
            #expect(Keymap.bindings.contains { $0.context == context && $0.keys.contains(.enter) }, "\(context) has no Enter")
        }
        // The heatmap's text is read as it is typed, never confirmed: it has no Enter of its own, and Esc leaves it.
        #expect(Keymap.binding(for: .enter, in: .heatmap) == nil)
        #expect(Keymap.binding(for: .escape, in: .heatmap)?.action == .paneFocused(.features))
    }

    @Test func shortInputsHoldTheKeyboardUntilEnterOrEsc() {
        var state = IndexedReducerTests.indexedState()
        state.shared.annotations = [:]
        Fixtures.reduce(&state, .annotationEditStarted(.name))
        for key in [Key.down, .pageDown, .tab, .char("5")] where key != .char("5") {
            #expect(Keymap.action(for: key, in: state) == nil, "\(key) left the name")
        }
        #expect(Keymap.action(for: .ctrl("c"), in: state) == .quitRequested)
        #expect(Keymap.action(for: .left, in: state) == .textKeyTyped(.left))
    }

    @Test func pastesGoIntoTextsAndNowhereElse() {
        var state = Fixtures.openedState(width: 80, height: 24)
        let paste = Key.paste("line one\nq line two\tend")
        #expect(Keymap.action(for: paste, in: state) == nil)       // a paste is not read as commands
        state.shared.modelName = "toy-model"
        Fixtures.reduce(&state, .paneFocused(.heatmap))
        let action = Keymap.action(for: paste, in: state)
        #expect(action == .textKeyTyped(paste))
        Fixtures.reduce(&state, action!)
        #expect(state.heatmap.text.text == "line one q line two end" && !state.shouldQuit)
    }

    @Test func routingFollowsModeAndFocus() {
        var state = Fixtures.openedState(width: 80, height: 24)
        #expect(Keymap.action(for: .char("j"), in: state) == .selectionMoved(.rows(1)))
        #expect(Keymap.action(for: .enter, in: state) == .paneFocused(.neighbours))
        #expect(Keymap.action(for: .char("z"), in: state) == nil)
        state.shared.focus = .neighbours
        #expect(Keymap.action(for: .enter, in: state) == .neighbourOpened)
        state.shared.focus = .detail
        #expect(Keymap.action(for: .enter, in: state) == nil)
        state.features.isSearching = true
        #expect(Keymap.action(for: .char("j"), in: state) == .textKeyTyped(.char("j")))
        #expect(Keymap.action(for: .char("q"), in: state) == .textKeyTyped(.char("q")))
        #expect(Keymap.action(for: .backspace, in: state) == .textKeyTyped(.backspace))
        #expect(Keymap.action(for: .down, in: state) == .selectionMoved(.rows(1)))
        #expect(Keymap.action(for: .ctrl("c"), in: state) == .quitRequested)
        #expect(Keymap.action(for: .escape, in: state) == .features(.searchCancelled))
        state.help.isShown = true
        #expect(Keymap.action(for: .char("j"), in: state) == .help(.scrolled(by: 1)))
        #expect(Keymap.action(for: .char("/"), in: state) == nil)
        #expect(Keymap.action(for: .escape, in: state) == .help(.toggled))
    }

    /// docs/KEYS.md is generated from the table; set UPDATE_KEYS_DOC=1 to rewrite it.
    @Test func keysDocumentMatchesTheTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/KEYS.md")
        let generated = KeymapDocs.markdown()
        if ProcessInfo.processInfo.environment["UPDATE_KEYS_DOC"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: url, encoding: .utf8)
        #expect(onDisk == generated, "docs/KEYS.md is stale: run UPDATE_KEYS_DOC=1 swift test --filter KeymapTests")
        #expect(generated.contains("| `j ↓` | next row |"))
    }
}
