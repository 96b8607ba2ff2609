import Testing
import TermKit

@Suite struct LayoutTests {
    @Test func fixedPercentAndFillTileTheRectangle() {
        let parts = Layout.split(Rect(width: 100, height: 10), .horizontal, [.fixed(20), .percent(30), .fill(1)])
        #expect(parts.map(\.width) == [20, 30, 50])
        #expect(parts.map(\.x) == [0, 20, 50])
        #expect(parts.allSatisfy { $0.height == 10 })
    }

    @Test func fillsShareByWeightAndTakeTheRemainder() {
        let parts = Layout.split(Rect(x: 0, y: 2, width: 5, height: 11), .vertical, [.fill(1), .fill(2), .fixed(1)])
        #expect(parts.map(\.height) == [3, 7, 1])
        #expect(parts.map(\.y) == [2, 5, 12])
    }

    @Test func tooLittleRoomShrinksFromTheEnd() {
        let parts = Layout.split(Rect(width: 10, height: 1), .horizontal, [.fixed(6), .fixed(6), .fill(1)])
        #expect(parts.map(\.width) == [6, 4, 0])
    }

    @Test func spacingIsLeftBetweenParts() {
        let parts = Layout.split(Rect(width: 11, height: 1), .horizontal, [.fill(1), .fill(1)], spacing: 1)
        #expect(parts.map(\.x) == [0, 6])
        #expect(parts.map(\.width) == [5, 5])
    }

    @Test func rectangles() {
        let r = Rect(x: 2, y: 3, width: 10, height: 4)
        #expect(r.inset(by: 1) == Rect(x: 3, y: 4, width: 8, height: 2))
        #expect(r.inset(by: 5).isEmpty)
        #expect(r.intersection(Rect(x: 10, y: 0, width: 10, height: 5)) == Rect(x: 10, y: 3, width: 2, height: 2))
        #expect(r.intersection(Rect(x: 50, y: 50, width: 1, height: 1)).isEmpty)
        #expect(Layout.centered(in: Rect(width: 20, height: 10), width: 6, height: 2) == Rect(x: 7, y: 4, width: 6, height: 2))
    }
}
