import Testing
import TermKit

@Suite struct TextWrapTests {
    @Test func wrapsBetweenWords() {
        #expect(TextWrap.lines("the quick brown fox jumps", columns: 10) == ["the quick", "brown fox", "jumps"])
        #expect(TextWrap.lines("exactly ten", columns: 11) == ["exactly ten"])
    }

    @Test func keepsNewlinesAndEmptyLines() {
        #expect(TextWrap.lines("one\n\ntwo", columns: 10) == ["one", "", "two"])
        #expect(TextWrap.lines("one\r\ntwo\rthree", columns: 10) == ["one", "two", "three"])
        #expect(TextWrap.lines("foo   ", columns: 5) == ["foo"])          // trailing spaces make no empty line
        #expect(TextWrap.lines("", columns: 10) == [""])
    }

    @Test func cutsWordsLongerThanALine() {
        #expect(TextWrap.lines("abcdefghij xy", columns: 4) == ["abcd", "efgh", "ij", "xy"])
    }

    @Test func countsWideCharactersAsTwoColumns() {
        let lines = TextWrap.lines("한국어 텍스트 😀😀😀", columns: 6)
        #expect(lines == ["한국어", "텍스트", "😀😀😀"])
        for line in TextWrap.lines("漢字漢字漢字漢", columns: 5) { #expect(DisplayWidth.of(line) <= 5) }
    }

    @Test func everyLineFitsAndNothingIsLost() {
        let text = "In 1937 the Golden Gate Bridge opened; its main span, 4,200 feet long, was the longest in the world."
        for columns in 1...30 {
            let lines = TextWrap.lines(text, columns: columns)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= columns })
            #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " })
        }
    }
}
