import Testing
import TermKit

@Suite struct DiffTests {
    @Test func identicalBuffersHaveNoChanges() {
        var a = Buffer(width: 5, height: 2)
        a.write("漢字", x: 0, y: 1)
        #expect(Buffer.diff(a, a).isEmpty)
    }

    @Test func onlyChangedCellsAreSent() {
        let old = Buffer(width: 5, height: 2)
        var new = old
        new.write("hi", x: 2, y: 1)
        let changes = Buffer.diff(old, new)
        #expect(changes.map { [$0.x, $0.y] } == [[2, 1], [3, 1]])
        #expect(changes.map(\.cell.symbol) == ["h", "i"])
    }

    @Test func styleChangesAreChanges() {
        let old = Buffer(width: 2, height: 1)
        var new = old
        new.setStyle(Rect(x: 1, y: 0, width: 1, height: 1), Style(attributes: .reverse))
        #expect(Buffer.diff(old, new).map(\.x) == [1])
    }

    @Test func wideCharactersSendTheLeadingCellOnly() {
        let old = Buffer(width: 4, height: 1)
        var new = old
        new.write("漢", x: 1, y: 0)
        let changes = Buffer.diff(old, new)
        #expect(changes.map(\.x) == [1])
        #expect(changes[0].cell.width == 2)
    }

    @Test func replacingAWideCharacterSendsBothHalves() {
        var old = Buffer(width: 4, height: 1)
        old.write("漢", x: 1, y: 0)
        var new = Buffer(width: 4, height: 1)
        new.write("ab", x: 1, y: 0)
        #expect(Buffer.diff(old, new).map(\.x) == [1, 2])
    }

    @Test func resizeSendsEverything() {
        let old = Buffer(width: 2, height: 2)
        let new = Buffer(width: 3, height: 2)
        #expect(Buffer.diff(old, new).count == 6)
    }
}
