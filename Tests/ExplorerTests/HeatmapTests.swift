import Explorer
import Foundation
import SAEKit
import TermKit
import Testing

/// A stand-in model: one token per character (a wide character split in two tokens), and activation rows that are
/// multiples of a chosen feature's decoder direction, so the dictionary finds that feature on the tokens.
final class FakeModel: ActivationSource, @unchecked Sendable {
    let name = "fake-model"
    let dictionary: SparseDictionary
    let feature: Int
    private(set) var calls: [String] = []

    init(dictionary: SparseDictionary, feature: Int) {
        self.dictionary = dictionary
        self.feature = feature
    }

    func activations(of text: String) throws -> TokenActivations {
        calls.append(text)
        var tokens: [[UInt8]] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if bytes.count == 3 { tokens += [Array(bytes[..<2]), [bytes[2]]] } else { tokens.append(bytes) }
        }
        let matrix = Matrix(rows: tokens.count, cols: dictionary.dIn)
        for row in 0..<tokens.count {
            let scale = Float(row % 3) * 4
            for column in 0..<dictionary.dIn { matrix[row, column] = scale * dictionary.decoder[feature, column] }
        }
        return TokenActivations(tokens: tokens, activations: matrix)
    }
}

@Suite struct HeatmapTests {
    static let tokens = [
        EncodedToken(bytes: Array("a".utf8), features: [FeatureValue(feature: 0, value: 2), FeatureValue(feature: 5, value: 1)]),
        EncodedToken(bytes: Array(Array("漢".utf8)[..<2]), features: [FeatureValue(feature: 0, value: 4)]),
        EncodedToken(bytes: [Array("漢".utf8)[2]], features: []),
        EncodedToken(bytes: Array("b".utf8), features: [FeatureValue(feature: 7, value: 3)]),
    ]

    func state(width: Int = 80, height: Int = 24, model: Bool = true) -> AppState {
        var state = Fixtures.openedState(width: width, height: height)
        state.shared.modelName = model ? "fake-model" : nil
        return state
    }

    func type(_ text: String, into state: inout AppState) {
        for character in text { Fixtures.reduce(&state, .textKeyTyped(.char(character))) }
    }

    @Test func typingAsksForAnEncodingOnlyWithAModel() {
        var store = TestStore(state())
        store.skip(.paneFocused(.heatmap), .textKeyTyped(.char("a")), .textKeyTyped(.char("漢")))
        store.send(.textKeyTyped(.char("b")), effects: [HeatmapState.encoding("a漢b")]) { $0.heatmap.text = TextField("a漢b") }
        #expect(store.state.heatmap.pending)
        var without = TestStore(state(model: false))
        without.skip(.paneFocused(.heatmap), .textKeyTyped(.char("a")))
        without.send(.textKeyTyped(.char("b"))) { $0.heatmap.text = TextField("ab") }
        #expect(!without.state.heatmap.pending)
    }

    @Test func onlyTheEncodingOfTheCurrentTextIsKept() {
        var s = state()
        Fixtures.reduce(&s, .paneFocused(.heatmap))
        type("a漢b", into: &s)
        var store = TestStore(s)
        store.send(.heatmap(.encoded(text: "a漢", [])))
        store.send(.heatmap(.encoded(text: "a漢b", Self.tokens))) {
            $0.heatmap.tokens = Self.tokens
            $0.heatmap.encodedText = "a漢b"
            $0.heatmap.pending = false
        }
        store.send(.heatmap(.failed(text: "a漢b", "model exploded"))) { $0.heatmap.failure = "model exploded" }
        store.send(.heatmap(.failed(text: "a漢", "old news")))
    }

    @Test func theCursorFindsItsTokenAcrossSplitCharacters() {
        var s = state()
        Fixtures.reduce(&s, .paneFocused(.heatmap))
        type("a漢b", into: &s)
        Fixtures.reduce(&s, .heatmap(.encoded(text: "a漢b", Self.tokens)))
        #expect(s.heatmap.tokenAtCursor == 3)         // the cursor after the end stays on the last token
        Fixtures.reduce(&s, .textKeyTyped(.left), .textKeyTyped(.left))
        #expect(s.heatmap.tokenAtCursor == 1)         // 漢 starts in token 1
        Fixtures.reduce(&s, .textKeyTyped(.char("x")))
        #expect(s.heatmap.tokenAtCursor == nil)       // the text changed; the tokens are stale
    }

    @Test func keysTypeIntoTheHeatmapWhenItHasFocus() {
        var s = state()
        Fixtures.reduce(&s, .paneFocused(.heatmap))
        #expect(Keymap.action(for: .char("q"), in: s) == .textKeyTyped(.char("q")))
        #expect(Keymap.action(for: .backspace, in: s) == .textKeyTyped(.backspace))
        #expect(Keymap.action(for: .escape, in: s) == .paneFocused(.features))
        #expect(Keymap.action(for: .tab, in: s) == .focusMovedForward)
        #expect(Keymap.action(for: .down, in: s) == .selectionMoved(.rows(1)))
        Fixtures.reduce(&s, .selectionMoved(.rows(1)))
        #expect(s.selectedFeature == 1)               // the heatmap follows the features list
    }

    @Test func paneAtTwoSizes() {
        for (width, height) in [(80, 24), (120, 30)] {
            var s = state(width: width, height: height)
            Fixtures.reduce(&s, .paneFocused(.heatmap))
            type("a漢b", into: &s)
            Fixtures.reduce(&s, .heatmap(.encoded(text: "a漢b", Self.tokens)), .textKeyTyped(.home))
            let rich = Palette(theme: Theme(), depth: .trueColor)
            let buffer = Screen.render(s, palette: rich)
            let area = ScreenLayout(width: width, height: height).heatmap
            let rows = buffer.rows()
            #expect(rows[area.y].contains("Heatmap of #0"))
            #expect(rows[area.y + 1].hasPrefix("┃a漢b "))
            #expect(rows[area.y + 2].hasPrefix("┃a漢b "))
            #expect(rows[area.maxY - 2].hasPrefix("┃token «a»: #0 2.00 #5 1.00 "))
            // Feature 0 records a maximum of 0.00 in the fixture, so the text's own maximum (4, on 漢) is full heat.
            #expect(buffer[area.x + 2, area.y + 2].style.bg == .rgb(Theme()[.heatEnd]))
            #expect(buffer[area.x + 4, area.y + 2].style.bg == .rgb(Theme()[.heatStart]))
            #expect(buffer[area.x + 1, area.y + 2].style.attributes.contains(.underline))   // the cursor token
        }
    }

    @Test func monochromeHeatmapUsesShadeRows() {
        var s = state()
        Fixtures.reduce(&s, .selectionMoved(.rows(7)), .paneFocused(.heatmap))   // feature 7: maximum 0.70 in the fixture statistics
        type("a漢b", into: &s)
        Fixtures.reduce(&s, .heatmap(.encoded(text: "a漢b", Self.tokens)))
        let rows = Screen.render(s, palette: Fixtures.palette).rows()
        let area = ScreenLayout(width: 80, height: 24).heatmap
        #expect(rows[area.y + 2].hasPrefix("┃a漢b "))
        #expect(rows[area.y + 3].hasPrefix("┃   █ "))
    }

    @Test func runnerEncodesThroughTheModelAndTheDictionary() throws {
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 50, seed: 4)
        let model = FakeModel(dictionary: dictionary, feature: 9)
        let clock = ManualClock()
        let runner = EffectRunner(dictionary: dictionary, source: model, mode: .inline, clock: clock)
        runner.run(HeatmapState.encoding("ab漢"))
        #expect(runner.drain().isEmpty && runner.isBusy && model.calls.isEmpty)     // typing has not paused yet
        clock.advance(by: 0.06)
        let actions = runner.drain()
        guard case .heatmap(.encoded(let text, let tokens, nil)) = try #require(actions.first) else {
            Issue.record("expected an encoding, got \(actions)")
            return
        }
        #expect(text == "ab漢" && model.calls == ["ab漢"])
        #expect(tokens.map(\.bytes) == [[0x61], [0x62], Array(Array("漢".utf8)[..<2]), [Array("漢".utf8)[2]]])
        let expected = dictionary.encode(try model.activations(of: "ab漢").activations)
        for (index, token) in tokens.enumerated() {
            #expect(token.features.map(\.feature) == expected.row(index).map(\.feature))
        }
        #expect(tokens[0].value(of: 9) == 0)                     // a zero row fires nothing
        #expect(tokens[1].value(of: 9) > tokens[1].features.dropFirst().map(\.value).max() ?? 0)
    }

    @Test func appDebouncesTypingAndShowsTheEncoding() throws {
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 50, seed: 4)
        let model = FakeModel(dictionary: dictionary, feature: 9)
        let clock = ManualClock()
        let app = try ExplorerApp(dictionary: dictionary, name: "synthetic", model: model, theme: Theme(), effects: .inline,
                              clock: clock)
        // A key every 1/32 s, then nothing: the text is encoded once, on the first tick 60 ms after the last key.
        let keys: [Key?] = [.char("4"), .char("h"), .char("i"), .char("!")] + Array(repeating: nil, count: 10)
        let device = ScriptedDevice(width: 90, height: 26, keys: keys)
        var encodedAt: Double?
        device.beforeKey = { _, _ in
            if encodedAt == nil, !model.calls.isEmpty { encodedAt = clock.now }
            clock.advance(by: 1.0 / 32)
        }
        app.run(on: device)
        #expect(encodedAt == 6.0 / 32)      // "!" typed at 4/32 s; 5/32 is less than 60 ms later, 6/32 is more
        #expect(app.state.heatmap.encodedText == "hi!")
        #expect(model.calls == ["hi!"])                          // one encoding once typing paused
        #expect(app.state.heatmap.tokens.count == 3)
        #expect(device.frames.last!.text.contains("fake-model"))
    }
}
