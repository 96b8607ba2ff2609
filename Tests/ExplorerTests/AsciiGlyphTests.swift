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
        #expect(Self.render(record) == Self.record)
        #expect(Self.render(help) == Self.help)
    }

    /// Borders (focused and not), the pointer, the star, separators in a label, bars, a line break in an example.
    static let record = """
        + Features 1000/1000 --------------------+# Feature #42 ===========================================#
        |/ search by id or label                 |# Legal  (law | charter | decree)                        #
        |   id    density      max  label        |# courts and statutes                                    #
        |   17     0.700%     1.70  feature 17   |#                                                        #
        |   18     0.800%     1.80  feature 18   |# density          0.200%                                #
        |   19     0.900%     1.90  feature 19   |# max activation   4.20                                  #
        |   20         0%     2.00  feature 20   |# mean activation  0.42                                  #
        |   21     0.100%     2.10  feature 21   |# decoder norm     1.00                                  #
        |   22     0.200%     2.20  feature 22   |#                                                        #
        |   23     0.300%     2.30  feature 23   |# neighbour cosines #*+=-                                #
        |   24     0.400%     2.40  feature 24   |#                                                        #
        |   25     0.500%     2.50  feature 25   |# promotes    legal                                      #
        |   26     0.600%     2.60  feature 26   |# suppresses  cat                                        #
        |   27     0.700%     2.70  feature 27   |# activations #=_                                        #
        |   28     0.800%     2.80  feature 28   |#                                                        #
        |   29     0.900%     2.90  feature 29   |# top examples                                           #
        |   30         0%     3.00  feature 30   |# law$ court                                             #
        |   31     0.100%     3.10  feature 31   |#                                                        #
        |   32     0.200%     3.20  feature 32   |#                                                        #
        |   33     0.300%     3.30  feature 33   |#                                                        #
        |   34     0.400%     3.40  feature 34   |#                                                        #
        |   35     0.500%     3.50  feature 35   |#                                                        #
        |   36     0.600%     3.60  feature 36   |#                                                        #
        |   37     0.700%     3.70  feature 37   |#                                                        #
        |   38     0.800%     3.80  feature 38   |#                                                        #
        |   39     0.900%     3.90  feature 39   |#                                                        #
        |   40         0%     4.00  feature 40   |#                                                        #
        |   41     0.100%     4.10  feature 41   |#                                                        #
        |>  42     0.200%     4.20  * Legal      |#                                                        #
        +----------------------------------------+#========================================================#
        + Heatmap of #42 ----------------------------------------------------------------------------------+
        |ab                                                                                                |
        |ab                                                                                                |
        |#.                                                                                                |
        |                                                                                                  |
        |                                                                                                  |
        |                                                                                                  |
        |max on this text 4.00 of 4.20                                                                     |
        +--------------------------------------------------------------------------------------------------+
         toy-model | toy-1k | blocks.3.hook_resid_p~ steering #42: clamp 3x max (5 shows the edits)  ? help 
        """

    /// Arrows in key names, the range dash, the ellipsis where the status line is cut.
    static let help = """
        # Features 1000# Keys =============================================================#---------------+
        #/ search by id# Everywhere                                                        #               |
        #   id    densi#   q Ctrl-C     quit                                               #               |
        #>   0         #   ?            show or hide this help                             #               |
        #    1     0.10#   Tab          focus the next pane                                #               |
        #    2     0.20#   Shift-Tab    focus the previous pane                            #---------------+
        #    3     0.30#   1            focus the features pane                            #---------------+
        #    4     0.40#   2            focus the feature pane                             #               |
        #    5     0.50#   3            focus the neighbours pane                          ##########*     |
        #    6     0.60#   4            focus the heatmap (keys type there)                ######+         |
        #    7     0.70#   5            focus the steering pane                            ##+             |
        #    8     0.80#   j Down       next row                                           #               |
        #==============#   k Up         previous row                                       #---------------+
        + Heatmap of #0#   PgDn Ctrl-D  next page                                          #---------------+
        |heatmap off: n#   PgUp Ctrl-U  previous page                                      #               |
        |              #   g Home       first row                                          #               |
        |              #   G End        last row                                           #               |
        |              #   /            search by id or label                              #               |
        +--------------#   s            star or unstar                                     #---------------+
         toy-1k | block#= 1-18 of 80, j/k scroll ==========================================#el fet~  ? help 
        """
}
