import Testing
import TermKit
import TermNcurses

@Suite struct ColorPairsTests {
    @Test func pairsAreSharedAndLimited() {
        var pairs = ColorPairs(capacity: 3)
        #expect(pairs.pair(fg: -1, bg: -1)! == (0, false))
        #expect(pairs.pair(fg: 1, bg: 2)! == (1, true))
        #expect(pairs.pair(fg: 1, bg: 2)! == (1, false))
        #expect(pairs.pair(fg: 2, bg: 1)! == (2, true))
        #expect(pairs.pair(fg: 3, bg: 1) == nil)       // pairs 1 and 2 are all there are
        pairs.reset()
        #expect(pairs.pair(fg: 3, bg: 1)! == (1, true))
    }

    @Test func colourNumbersPerDepth() {
        let orange = RGB(255, 128, 0)
        #expect(ColorPairs.colorNumber(.default, depth: .colors256) == -1)
        #expect(ColorPairs.colorNumber(.rgb(orange), depth: .monochrome) == -1)
        #expect(ColorPairs.colorNumber(.rgb(orange), depth: .trueColor) == 0xFF8000)
        #expect(ColorPairs.colorNumber(.rgb(RGB(0, 0, 3)), depth: .trueColor) == 8)   // not read as basic colour 3
        #expect(ColorPairs.colorNumber(.rgb(orange), depth: .colors256) == Int32(ColorReduction.index256(orange)))
        #expect(ColorPairs.colorNumber(.indexed(196), depth: .colors256) == 196)
        #expect(ColorPairs.colorNumber(.indexed(196), depth: .trueColor) == 0xFF0000)
        #expect((0..<16).contains(ColorPairs.colorNumber(.rgb(orange), depth: .colors16)))
    }
}
