import Explorer
import SAEKit
import TermKit
import Testing

/// Whole screens of a dictionary with a feature index (labels, a record with examples, a user's name, notes and star),
/// at two sizes; text only, reviewed by eye and recorded in Snapshots/.
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
        Snapshot.check(Screen.render(Self.state(width: 120, height: 34), palette: Fixtures.palette).text, "IndexedSnapshot.wide")
    }

    @Test func focusedDetailAt120x34() {
        var state = Self.state(width: 120, height: 34)
        Fixtures.reduce(&state, .paneFocused(.detail))
        Snapshot.check(Screen.render(state, palette: Fixtures.palette).text, "IndexedSnapshot.wideDetail")
    }

    @Test func atTheMinimumSize() {
        Snapshot.check(Screen.render(Self.state(width: 50, height: 16), palette: Fixtures.palette).text, "IndexedSnapshot.small")
    }
}
