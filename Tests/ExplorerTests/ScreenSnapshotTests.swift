import Explorer
import TermKit
import Testing

/// Whole-screen snapshots, reviewed by eye and recorded here; text only (styles are checked in pane tests).
@Suite struct ScreenSnapshotTests {
    func frame(_ state: AppState, palette: Palette = Fixtures.palette) -> String {
        Screen.render(state, palette: palette).text
    }

    @Test func openedAt80x24() {
        #expect(frame(Fixtures.openedState(width: 80, height: 24)) == Self.opened80x24)
    }

    @Test func searchingAt120x30() {
        var state = Fixtures.openedState(width: 120, height: 30)
        Fixtures.reduce(&state, .features(.searchStarted))
        Fixtures.reduce(&state, .textKeyTyped(.char("1")))
        Fixtures.reduce(&state, .textKeyTyped(.char("2")))
        Fixtures.reduce(&state, .neighbours(.arrived(feature: 12, Fixtures.neighbours(of: 12, count: 3))))
        Fixtures.reduce(&state, .neighbours(.decoderNormArrived(feature: 12, 1)))
        #expect(frame(state) == Self.searching120x30)
    }

    @Test func asciiAtTheMinimumSize() {
        var state = Fixtures.openedState(width: 50, height: 16)
        Fixtures.reduce(&state, .paneFocused(.neighbours))
        let ascii = Palette(theme: Theme(), depth: .monochrome, glyphs: .ascii)
        let text = frame(state, palette: ascii)
        #expect(text == Self.ascii50x16)
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    static let opened80x24 = """
        ┏ Features 1000/1000 ━━━━━━━━━━━┓┌ Feature #0 ─────────────────────────────────┐
        ┃/ search by id                 ┃│ density          0%                         │
        ┃   id    density      max      ┃│ max activation   0.00                       │
        ┃▶   0         0%     0.00      ┃│ mean activation  0.00                       │
        ┃    1     0.100%     0.10      ┃│ decoder norm     1.00                       │
        ┃    2     0.200%     0.20      ┃│                                             │
        ┃    3     0.300%     0.30      ┃│ neighbour cosines █▇▆▅▄                     │
        ┃    4     0.400%     0.40      ┃└─────────────────────────────────────────────┘
        ┃    5     0.500%     0.50      ┃┌ Neighbours of #0 ───────────────────────────┐
        ┃    6     0.600%     0.60      ┃│   id  cosine                                │
        ┃    7     0.700%     0.70      ┃│▶   1   0.900 ███████████████████████████    │
        ┃    8     0.800%     0.80      ┃│    8   0.800 ████████████████████████       │
        ┃    9     0.900%     0.90      ┃│   15   0.700 █████████████████████          │
        ┃   10         0%     1.00      ┃│   22   0.600 ██████████████████             │
        ┃   11     0.100%     1.10      ┃│   29   0.500 ███████████████                │
        ┃   12     0.200%     1.20      ┃│                                             │
        ┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛└─────────────────────────────────────────────┘
        ┌ Heatmap of #0 ───────────────────────────────────────────────────────────────┐
        │heatmap off: no model (saescope model fetch)                                  │
        │                                                                              │
        │                                                                              │
        │                                                                              │
        └──────────────────────────────────────────────────────────────────────────────┘
         toy-1k │ blocks.3.hook_resid_post │ 1000 features × d_in 64  no model…  ? help 
        """

    static let searching120x30 = """
        ┏ Features 11/1000 ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓┌ Feature #12 ───────────────────────────────────────────────────────┐
        ┃12                                              ┃│ density          0.200%                                            │
        ┃   id    density      max                       ┃│ max activation   1.20                                              │
        ┃▶  12     0.200%     1.20                       ┃│ mean activation  0.12                                              │
        ┃  120         0%    12.00                       ┃│ decoder norm     1.00                                              │
        ┃  121     0.100%    12.10                       ┃│                                                                    │
        ┃  122     0.200%    12.20                       ┃│ neighbour cosines █▇▆                                              │
        ┃  123     0.300%    12.30                       ┃│                                                                    │
        ┃  124     0.400%    12.40                       ┃│ labels and examples need the feature index                         │
        ┃  125     0.500%    12.50                       ┃│                                                                    │
        ┃  126     0.600%    12.60                       ┃└────────────────────────────────────────────────────────────────────┘
        ┃  127     0.700%    12.70                       ┃┌ Neighbours of #12 ─────────────────────────────────────────────────┐
        ┃  128     0.800%    12.80                       ┃│   id  cosine                                                       │
        ┃  129     0.900%    12.90                       ┃│▶  13   0.900 ███████████████████████████████████████████████▆      │
        ┃                                                ┃│   20   0.800 ██████████████████████████████████████████▃           │
        ┃                                                ┃│   27   0.700 █████████████████████████████████████▁                │
        ┃                                                ┃│                                                                    │
        ┃                                                ┃│                                                                    │
        ┃                                                ┃│                                                                    │
        ┃                                                ┃│                                                                    │
        ┃                                                ┃│                                                                    │
        ┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛└────────────────────────────────────────────────────────────────────┘
        ┌ Heatmap of #12 ──────────────────────────────────────────────────────────────────────────────────────────────────────┐
        │heatmap off: no model (saescope model fetch)                                                                          │
        │                                                                                                                      │
        │                                                                                                                      │
        │                                                                                                                      │
        │                                                                                                                      │
        └──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘
         toy-1k │ blocks.3.hook_resid_post │ 1000 features × d_in 64                    no model (saescope model fetch)  ? help 
        """

    static let ascii50x16 = """
        + Features 1000/10~ ++ Feature #0 ---------------+
        |/ search by id     || density          0%       |
        |   id    density   || max activation   0.00     |
        |>   0         0%   |+---------------------------+
        |    1     0.100%   |# Neighbours of #0 =========#
        |    2     0.200%   |#   id  cosine              #
        |    3     0.300%   |#>   1   0.900 ##########+  #
        |    4     0.400%   |#    8   0.800 #########=   #
        +-------------------+#===========================#
        + Heatmap of #0 ---------------------------------+
        |heatmap off: no model (saescope model fetch)    |
        |                                                |
        |                                                |
        |                                                |
        +------------------------------------------------+
         toy-1k | blocks.3.hook_resid_post | 1000~ ? help 
        """
}
