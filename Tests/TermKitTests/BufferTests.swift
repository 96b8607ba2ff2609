import Testing
import TermKit

@Suite struct BufferTests {
    @Test func writesAndClipsAtTheRightEdge() {
        var buffer = Buffer(width: 6, height: 2)
        let used = buffer.write("hello world", x: 1, y: 0)
        #expect(used == 5)
        #expect(buffer.rows() == [" hello", "      "])
    }

    @Test func wideCharactersTakeTwoCellsWithAContinuation() {
        var buffer = Buffer(width: 6, height: 1)
        #expect(buffer.write("a漢b", x: 0, y: 0) == 4)
        #expect(buffer[1, 0].symbol == "漢")
        #expect(buffer[1, 0].width == 2)
        #expect(buffer[2, 0].isContinuation)
        #expect(buffer.rows() == ["a漢b  "])
    }

    @Test func wideCharacterThatDoesNotFitLeavesABlank() {
        var buffer = Buffer(width: 4, height: 1, fill: Cell("."))
        #expect(buffer.write("ab漢", x: 1, y: 0) == 3)
        #expect(buffer.rows() == [".ab "])
        #expect(buffer[3, 0].width == 1)
    }

    @Test func clipRectangleLimitsBothSides() {
        var buffer = Buffer(width: 8, height: 1, fill: Cell("."))
        let clip = Rect(x: 2, y: 0, width: 3, height: 1)
        buffer.write("漢字abc", x: 1, y: 0, clip: clip)
        // 漢 straddles the left edge (blank at 2), 字 fills 3–4, nothing past 4.
        #expect(buffer.rows() == [".. 字..."])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = Buffer(width: 5, height: 1)
        buffer.write("漢字", x: 0, y: 0)
        buffer.write("x", x: 1, y: 0)          // right half of 漢
        #expect(buffer.rows() == [" x字 "])
        buffer.write("y", x: 2, y: 0)          // left half of 字
        #expect(buffer.rows() == [" xy  "])
        #expect(!buffer[3, 0].isContinuation)
    }

    @Test func combiningMarksStayWithTheirBase() {
        var buffer = Buffer(width: 4, height: 1)
        #expect(buffer.write("e\u{301}x", x: 0, y: 0) == 2)
        #expect(buffer[0, 0].symbol == "e\u{301}")
        #expect(buffer[1, 0].symbol == "x")
    }

    @Test func emojiZWJSequencesAreDrawnAsTheirParts() {
        var buffer = Buffer(width: 8, height: 1)
        #expect(buffer.write("👨‍👩‍👧!", x: 0, y: 0) == 7)
        #expect(buffer.rows() == ["👨👩👧! "])
        #expect(buffer[2, 0].symbol == "👩" && buffer[2, 0].width == 2)
    }

    @Test func writingOutsideIsIgnored() {
        var buffer = Buffer(width: 3, height: 1)
        #expect(buffer.write("abc", x: 0, y: 5) == 0)
        #expect(buffer.write("abc", x: 9, y: 0) == 0)
        buffer[7, 7] = Cell("z")
        #expect(buffer.rows() == ["   "])
    }

    @Test func fillAndStyle() {
        var buffer = Buffer(width: 4, height: 2)
        let bold = Style(attributes: .bold)
        buffer.fill(Rect(x: 1, y: 0, width: 2, height: 2), with: Cell("#", style: bold))
        #expect(buffer.rows() == [" ## ", " ## "])
        #expect(buffer[1, 1].style == bold)
        #expect(buffer[0, 1].style == .plain)
    }

    @Test func spansKeepTheirStyles() {
        var buffer = Buffer(width: 8, height: 1)
        let red = Style(fg: .indexed(1))
        #expect(buffer.write([Span("ab"), Span("漢", red)], x: 0, y: 0) == 4)
        #expect(buffer[2, 0].style == red)
        #expect(buffer[0, 0].style == .plain)
    }
}
