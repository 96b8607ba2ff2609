import Explorer
import Foundation
import SAEKit
import TermKit
import Testing

/// The explorer on a terminal whose locale is not UTF-8: every glyph it draws (borders, pointer, bars, shades, star,
/// prompt mark, quotes, times, separator, missing number, range dash, ellipsis, line break, arrows) comes through
/// `Glyphs` with an ASCII stand-in. Each screen below shows some of them; together they show all.
@Suite struct AsciiGlyphTests {
    static let ascii = Palette(theme: Theme(), depth: .monochrome, glyphs: .ascii)

    /// The indexed fixture at feature 42: starred and named, a record whose examples hold a line break, a heatmap text
    /// encoded with the cursor on a token, and a message that multiplies.
    static func browsing() -> AppState {
        var state = IndexedSnapshotTests.state(width: 100, height: 40)
        state.shared.modelName = "toy-model"
        var record = IndexedReducerTests.record(42)
        record.topExamples = [FeatureExample(ids: [1, 2, 3], tokens: ["law", "\n", " court"], activations: [4, 1, 2], maxActivation: 4)]
        Fixtures.reduce(&state, .detail(.recordArrived(record)), .paneFocused(.heatmap))
        for c in "ab" { Fixtures.reduce(&state, .textKeyTyped(.char(c))) }
        let tokens = [EncodedToken(bytes: Array("a".utf8), features: [FeatureValue(feature: 42, value: 4)]),
                      EncodedToken(bytes: Array("b".utf8), features: [FeatureValue(feature: 42, value: 1)])]
        Fixtures.reduce(&state, .heatmap(.encoded(text: "ab", tokens)), .textKeyTyped(.left), .steeringFeatureAdded)
        return state
    }

    /// The steering pane mid-run, no statistics for its feature (a missing number), its settings separated.
    static func steering() -> AppState {
        var summary = Fixtures.summary
        summary.density = nil
        var state = Fixtures.measured(summary, width: 100, height: 30)
        state.shared.modelName = "toy-model"
        Fixtures.reduce(&state, .selectionMoved(.rows(40)), .steeringFeatureAdded, .paneFocused(.detail))
        return state
    }

    static func render(_ state: AppState) -> String { Screen.render(state, palette: ascii).text }

    @Test func everyScreenIsASCII() {
        var help = Fixtures.openedState(width: 100, height: 20)
        Fixtures.reduce(&help, .help(.toggled))
        var running = Self.steering()
        Fixtures.reduce(&running, .paneFocused(.steering), .steering(.generationStarted))
        let small = Fixtures.openedState(width: 40, height: 10)
        var record = Self.browsing()
        Fixtures.reduce(&record, .paneFocused(.detail))
        for (name, state) in [("browsing", Self.browsing()), ("record", record), ("detail", Self.steering()), ("steering", running),
                              ("help", help), ("small", small)] {
            let text = Self.render(state)
            let strays = Set(text.unicodeScalars.filter { !$0.isASCII }.map(String.init))
            #expect(strays.isEmpty, "\(name) draws \(strays.sorted())")
            if ProcessInfo.processInfo.environment["PRINT_ASCII_SCREENS"] != nil { print("== \(name)\n\(text)") }
        }
        // Where the stand-ins of the glyphs not in the snapshots below show.
        let heatmap = Self.render(Self.browsing())
        #expect(heatmap.contains("token 'b': #42 1.00"))                      // quotes
        #expect(heatmap.contains("steering #42: clamp 3x max (5 shows the edits)  ? help"))     // times, in a message
        let detail = Self.render(Self.steering())
        #expect(detail.contains("# density          -"))                       // a missing number
        let steering = Self.render(running)
        #expect(steering.contains("#> #40   clamp 3x max"))
        #expect(steering.contains("#span generated | chat | greedy | up to 96 tokens"))        // separators
        #expect(steering.contains("#prompt > What should I do this weekend?"))                 // the prompt mark
        #expect(steering.contains("#steered ~                   unsteered ~"))                 // a run going on
        #expect(Self.render(small).contains("40x10; need at least 50x16"))
        // Borders (focused and not), the pointer, the star, separators in a label, bars, a line break in an example.
        Snapshot.check(Self.render(record), "AsciiGlyph.record")
        // Arrows in key names, the range dash, the ellipsis where the status line is cut.
        Snapshot.check(Self.render(help), "AsciiGlyph.help")
    }
}
