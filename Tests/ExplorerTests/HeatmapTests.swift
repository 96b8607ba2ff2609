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
        state.modelName = model ? "fake-model" : nil
        return state
    }

    func type(_ text: String, into state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        for character in text { effects = Reducer.reduce(&state, .textKeyTyped(.char(character))) }
        return effects
    }

    @Test func typingAsksForAnEncodingOnlyWithAModel() {
        var s = state()
        _ = Reducer.reduce(&s, .paneFocused(.heatmap))
        #expect(type("a漢b", into: &s) == [.encodeText("a漢b")])
        #expect(s.heatmap.pending)
        var without = state(model: false)
        _ = Reducer.reduce(&without, .paneFocused(.heatmap))
        #expect(type("a漢b", into: &without).isEmpty)
        #expect(without.heatmap.text.text == "a漢b" && !without.heatmap.pending)
    }

    @Test func onlyTheEncodingOfTheCurrentTextIsKept() {
        var s = state()
        _ = Reducer.reduce(&s, .paneFocused(.heatmap))
        _ = type("a漢b", into: &s)
        _ = Reducer.reduce(&s, .heatmapEncoded(text: "a漢", []))
        #expect(s.heatmap.tokens.isEmpty && s.heatmap.pending)
        _ = Reducer.reduce(&s, .heatmapEncoded(text: "a漢b", Self.tokens))
        #expect(s.heatmap.tokens == Self.tokens && !s.heatmap.pending && s.heatmap.encodedText == "a漢b")
        _ = Reducer.reduce(&s, .heatmapFailed(text: "a漢b", "model exploded"))
        #expect(s.heatmap.failure == "model exploded")
    }

    @Test func theCursorFindsItsTokenAcrossSplitCharacters() {
        var s = state()
        _ = Reducer.reduce(&s, .paneFocused(.heatmap))
        _ = type("a漢b", into: &s)
        _ = Reducer.reduce(&s, .heatmapEncoded(text: "a漢b", Self.tokens))
        #expect(s.heatmap.tokenAtCursor == 3)         // the cursor after the end stays on the last token
        _ = Reducer.reduce(&s, .textKeyTyped(.left))
        _ = Reducer.reduce(&s, .textKeyTyped(.left))
        #expect(s.heatmap.tokenAtCursor == 1)         // 漢 starts in token 1
        _ = Reducer.reduce(&s, .textKeyTyped(.char("x")))
        #expect(s.heatmap.tokenAtCursor == nil)       // the text changed; the tokens are stale
    }

    @Test func keysTypeIntoTheHeatmapWhenItHasFocus() {
        var s = state()
        _ = Reducer.reduce(&s, .paneFocused(.heatmap))
        #expect(Keymap.action(for: .char("q"), in: s) == .textKeyTyped(.char("q")))
        #expect(Keymap.action(for: .backspace, in: s) == .textKeyTyped(.backspace))
        #expect(Keymap.action(for: .escape, in: s) == .paneFocused(.features))
        #expect(Keymap.action(for: .tab, in: s) == .focusMovedForward)
        #expect(Keymap.action(for: .down, in: s) == .selectionMoved(by: 1))
        _ = Reducer.reduce(&s, .selectionMoved(by: 1))
        #expect(s.selectedFeature == 1)               // the heatmap follows the features list
    }

    @Test func paneAtTwoSizes() {
        for (width, height) in [(80, 24), (120, 30)] {
            var s = state(width: width, height: height)
            _ = Reducer.reduce(&s, .paneFocused(.heatmap))
            _ = type("a漢b", into: &s)
            _ = Reducer.reduce(&s, .heatmapEncoded(text: "a漢b", Self.tokens))
            _ = Reducer.reduce(&s, .textKeyTyped(.home))
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
        _ = Reducer.reduce(&s, .selectionMoved(by: 7))   // feature 7: maximum 0.70 in the fixture statistics
        _ = Reducer.reduce(&s, .paneFocused(.heatmap))
        _ = type("a漢b", into: &s)
        _ = Reducer.reduce(&s, .heatmapEncoded(text: "a漢b", Self.tokens))
        let rows = Screen.render(s, palette: Fixtures.palette).rows()
        let area = ScreenLayout(width: 80, height: 24).heatmap
        #expect(rows[area.y + 2].hasPrefix("┃a漢b "))
        #expect(rows[area.y + 3].hasPrefix("┃   █ "))
    }

    @Test func runnerEncodesThroughTheModelAndTheDictionary() throws {
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 50, seed: 4)
        let model = FakeModel(dictionary: dictionary, feature: 9)
        let runner = EffectRunner(dictionary: dictionary, source: model, mode: .inline)
        runner.run(.encodeText("ab漢"))
        let actions = runner.drain()
        guard case .heatmapEncoded(let text, let tokens) = try #require(actions.first) else {
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

    @Test func appDebouncesTypingAndShowsTheEncoding() {
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 50, seed: 4)
        let model = FakeModel(dictionary: dictionary, feature: 9)
        let app = ExplorerApp(dictionary: dictionary, name: "synthetic", model: model, theme: Theme(), effects: .background)
        let keys: [Key?] = [.char("4"), .char("h"), .char("i"), .char("!")] + Array(repeating: nil, count: 100)
        let device = ScriptedDevice(width: 90, height: 26, keys: keys)
        device.beforeKey = { _, _ in if app.state.heatmap.pending { usleep(5000) } }
        app.run(on: device)
        #expect(app.state.heatmap.encodedText == "hi!")
        #expect(model.calls == ["hi!"])                          // one encoding once typing paused
        #expect(app.state.heatmap.tokens.count == 3)
        #expect(device.frames.last!.text.contains("fake-model"))
    }
}
