import Explorer
import SAEKit
import TermKit
import Testing

/// Whole screens of a dictionary with a feature index (labels, a record with examples, a user's name, notes and star),
/// at two sizes; text only, reviewed by eye and recorded here.
@Suite struct IndexedSnapshotTests {
    static func state(width: Int, height: Int) -> AppState {
        var state = IndexedReducerTests.indexedState(width: width, height: height)
        state.shared.annotations = [42: Annotation(name: "Legal", notes: "courts and statutes", starred: true)]
        Fixtures.reduce(&state, .selectionMoved(.rows(42)))
        Fixtures.reduce(&state, .neighbours(.arrived(feature: 42, Fixtures.neighbours(of: 42))))
        Fixtures.reduce(&state, .neighbours(.decoderNormArrived(feature: 42, 1)))
        Fixtures.reduce(&state, .detail(.recordArrived(IndexedReducerTests.record(42))))
        return state
    }

    @Test func at120x34() {
        #expect(Screen.render(Self.state(width: 120, height: 34), palette: Fixtures.palette).text == Self.wide)
    }

    @Test func focusedDetailAt120x34() {
        var state = Self.state(width: 120, height: 34)
        Fixtures.reduce(&state, .paneFocused(.detail))
        #expect(Screen.render(state, palette: Fixtures.palette).text == Self.wideDetail)
    }

    @Test func atTheMinimumSize() {
        #expect(Screen.render(Self.state(width: 50, height: 16), palette: Fixtures.palette).text == Self.small)
    }

    static let wide = """
        ┏ Features 1000/1000 ━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓┌ Feature #42 ───────────────────────────────────────────────────────┐
        ┃/ search by id or label                         ┃│ Legal  (law · charter · decree)                                    │
        ┃   id    density      max  label                ┃│ courts and statutes                                                │
        ┃   22     0.200%     2.20  feature 22           ┃│                                                                    │
        ┃   23     0.300%     2.30  feature 23           ┃│ density          0.200%                                            │
        ┃   24     0.400%     2.40  feature 24           ┃│ max activation   4.20                                              │
        ┃   25     0.500%     2.50  feature 25           ┃│ mean activation  0.42                                              │
        ┃   26     0.600%     2.60  feature 26           ┃│ decoder norm     1.00                                              │
        ┃   27     0.700%     2.70  feature 27           ┃│                                                                    │
        ┃   28     0.800%     2.80  feature 28           ┃│ neighbour cosines █▇▆▅▄                                            │
        ┃   29     0.900%     2.90  feature 29           ┃│                                                                    │
        ┃   30         0%     3.00  feature 30           ┃└────────────────────────────────────────────────────────────────────┘
        ┃   31     0.100%     3.10  feature 31           ┃┌ Neighbours of #42 ─────────────────────────────────────────────────┐
        ┃   32     0.200%     3.20  feature 32           ┃│   id  cosine                                                       │
        ┃   33     0.300%     3.30  feature 33           ┃│▶  43   0.900 ███████████████████████████████████████████████▆      │
        ┃   34     0.400%     3.40  feature 34           ┃│   50   0.800 ██████████████████████████████████████████▃           │
        ┃   35     0.500%     3.50  feature 35           ┃│   57   0.700 █████████████████████████████████████▁                │
        ┃   36     0.600%     3.60  feature 36           ┃│   64   0.600 ███████████████████████████████▆                      │
        ┃   37     0.700%     3.70  feature 37           ┃│   71   0.500 ██████████████████████████▄                           │
        ┃   38     0.800%     3.80  feature 38           ┃│                                                                    │
        ┃   39     0.900%     3.90  feature 39           ┃│                                                                    │
        ┃   40         0%     4.00  feature 40           ┃│                                                                    │
        ┃   41     0.100%     4.10  feature 41           ┃│                                                                    │
        ┃▶  42     0.200%     4.20  ★ Legal              ┃│                                                                    │
        ┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛└────────────────────────────────────────────────────────────────────┘
        ┌ Heatmap of #42 ──────────────────────────────────────────────────────────────────────────────────────────────────────┐
        │heatmap off: no model (saescope model fetch)                                                                          │
        │                                                                                                                      │
        │                                                                                                                      │
        │                                                                                                                      │
        │                                                                                                                      │
        │                                                                                                                      │
        └──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘
         toy-1k │ blocks.3.hook_resid_post │ 1000 features × d_in 64                    no model (saescope model fetch)  ? help 
        """

    static let wideDetail = """
        ┌ Features 1000/1000 ────────────────────────────┐┏ Feature #42 ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
        │/ search by id or label                         │┃ Legal  (law · charter · decree)                                    ┃
        │   id    density      max  label                │┃ courts and statutes                                                ┃
        │   22     0.200%     2.20  feature 22           │┃                                                                    ┃
        │   23     0.300%     2.30  feature 23           │┃ density          0.200%                                            ┃
        │   24     0.400%     2.40  feature 24           │┃ max activation   4.20                                              ┃
        │   25     0.500%     2.50  feature 25           │┃ mean activation  0.42                                              ┃
        │   26     0.600%     2.60  feature 26           │┃ decoder norm     1.00                                              ┃
        │   27     0.700%     2.70  feature 27           │┃                                                                    ┃
        │   28     0.800%     2.80  feature 28           │┃ neighbour cosines █▇▆▅▄                                            ┃
        │   29     0.900%     2.90  feature 29           │┃                                                                    ┃
        │   30         0%     3.00  feature 30           │┃ promotes    legal                                                  ┃
        │   31     0.100%     3.10  feature 31           │┃ suppresses  cat                                                    ┃
        │   32     0.200%     3.20  feature 32           │┃ activations █▅▃                                                    ┃
        │   33     0.300%     3.30  feature 33           │┃                                                                    ┃
        │   34     0.400%     3.40  feature 34           │┃ top examples                                                       ┃
        │   35     0.500%     3.50  feature 35           │┃  civil law                                                         ┃
        │   36     0.600%     3.60  feature 36           │┃                                                                    ┃
        │   37     0.700%     3.70  feature 37           │┃                                                                    ┃
        │   38     0.800%     3.80  feature 38           │┃                                                                    ┃
        │   39     0.900%     3.90  feature 39           │┃                                                                    ┃
        │   40         0%     4.00  feature 40           │┃                                                                    ┃
        │   41     0.100%     4.10  feature 41           │┃                                                                    ┃
        │▶  42     0.200%     4.20  ★ Legal              │┃                                                                    ┃
        └────────────────────────────────────────────────┘┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛
        ┌ Heatmap of #42 ──────────────────────────────────────────────────────────────────────────────────────────────────────┐
        │heatmap off: no model (saescope model fetch)                                                                          │
        │                                                                                                                      │
        │                                                                                                                      │
        │                                                                                                                      │
        │                                                                                                                      │
        │                                                                                                                      │
        └──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘
         toy-1k │ blocks.3.hook_resid_post │ 1000 features × d_in 64                    no model (saescope model fetch)  ? help 
        """

    static let small = """
        ┏ Features 1000/10… ┓┌ Feature #42 ──────────────┐
        ┃/ search by id or l┃│ Legal  (law · charter · d │
        ┃   id    density   ┃│ courts and statutes       │
        ┃   38     0.800%   ┃└───────────────────────────┘
        ┃   39     0.900%   ┃┌ Neighbours of #42 ────────┐
        ┃   40         0%   ┃│   id  cosine              │
        ┃   41     0.100%   ┃│▶  43   0.900 ██████████▆  │
        ┃▶  42     0.200%   ┃│   50   0.800 █████████▅   │
        ┗━━━━━━━━━━━━━━━━━━━┛└───────────────────────────┘
        ┌ Heatmap of #42 ────────────────────────────────┐
        │heatmap off: no model (saescope model fetch)    │
        │                                                │
        │                                                │
        │                                                │
        └────────────────────────────────────────────────┘
         toy-1k │ blocks.3.hook_resid_post │ 1000… ? help 
        """
}
