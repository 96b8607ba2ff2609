import Explorer
import TermKit
import Testing

/// Whole-screen snapshots, reviewed by eye and recorded in Snapshots/; text only (styles are checked in pane tests).
@Suite struct ScreenSnapshotTests {
    func frame(_ state: AppState, palette: Palette = Fixtures.palette) -> String {
        Screen.render(state, palette: palette).text
    }

    @Test func openedAt80x24() {
        Snapshot.check(frame(Fixtures.openedState(width: 80, height: 24)), "ScreenSnapshot.opened80x24")
    }

    @Test func searchingAt120x30() {
        var state = Fixtures.openedState(width: 120, height: 30)
        Fixtures.reduce(&state, .features(.searchStarted))
        Fixtures.reduce(&state, .textKeyTyped(.char("1")))
        Fixtures.reduce(&state, .textKeyTyped(.char("2")))
        Fixtures.reduce(&state, .neighbours(.arrived(feature: 12, Fixtures.neighbours(of: 12, count: 3))))
        Fixtures.reduce(&state, .neighbours(.decoderNormArrived(feature: 12, 1)))
        Snapshot.check(frame(state), "ScreenSnapshot.searching120x30")
    }

    @Test func asciiAtTheMinimumSize() {
        var state = Fixtures.openedState(width: 50, height: 16)
        Fixtures.reduce(&state, .paneFocused(.neighbours))
        let ascii = Palette(theme: Theme(), depth: .monochrome, glyphs: .ascii)
        let text = frame(state, palette: ascii)
        Snapshot.check(text, "ScreenSnapshot.ascii50x16")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }
}
