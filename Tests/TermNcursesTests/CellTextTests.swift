import CNcursesW
import Testing
import TermNcurses

/// CellText follows wcwidth, which follows the locale: these run in C.UTF-8, as the explorer does.
@Suite struct CellTextTests {
    init() { setlocale(LC_ALL, "C.UTF-8") }

    func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    @Test func plainAndWideCharactersGoInOneColumn() {
        #expect(CellText.columns("a", width: 1) == [[0x61]])
        #expect(CellText.columns("漢", width: 2) == [scalars("漢")])
        #expect(CellText.columns("e\u{301}", width: 1) == [scalars("e\u{301}")])
        #expect(CellText.columns("", width: 1) == [[0x20]])
    }

    @Test func emojiPresentationIsSplitToMatchWcwidth() {
        #expect(CellText.columns("❤️", width: 2) == [[0x2764], [0x20]])
        #expect(CellText.columns("🇰🇷", width: 2) == [[0x1F1F0], [0x1F1F7]])
    }

    @Test func sequencesKeepTheirFirstSpacingCharacterAndMarks() {
        // A ZWJ family: ncurses takes one spacing character per cell, so the first person stays, without the joiner
        // (which would glue the next cell on).
        #expect(CellText.columns("👨‍👩‍👧", width: 2) == [[0x1F468]])
        #expect(CellText.columns("👍🏽", width: 2) == [[0x1F44D]])   // the skin-tone modifier is a spacing character
    }
}
