import Testing
import TermKit

@Suite struct WidgetTests {
    let palette = Palette(theme: Theme(), depth: .colors256)

    func draw(_ widget: some Widget, width: Int, height: Int) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        widget.render(in: buffer.area, buffer: &buffer)
        return buffer
    }

    @Test func blockAtTwoSizes() {
        let block = Block(title: "Features", palette: palette)
        #expect(draw(block, width: 14, height: 3).rows() == [
            "┌ Features ──┐",
            "│            │",
            "└────────────┘",
        ])
        #expect(draw(block, width: 9, height: 2).rows() == [
            "┌ Feat… ┐",
            "└───────┘",
        ])
        #expect(block.inner(Rect(width: 14, height: 3)) == Rect(x: 1, y: 1, width: 12, height: 1))
    }

    @Test func focusedAsciiBlock() {
        let ascii = Palette(theme: Theme(), depth: .monochrome, glyphs: .ascii)
        let buffer = draw(Block(title: "漢字", focused: true, palette: ascii), width: 10, height: 3)
        #expect(buffer.rows() == ["# 漢字 ==#", "#        #", "#========#"])
        #expect(buffer[0, 0].style.attributes.contains(.bold))
    }

    @Test func listScrollsToKeepTheSelectionVisible() {
        let items = (0..<10).map { [Span("item \($0)")] }
        let list = ListView(items: items, state: ListState(selected: 6), palette: palette)
        let buffer = draw(list, width: 10, height: 3)
        #expect(buffer.rows() == ["  item 4  ", "  item 5  ", "▶ item 6  "])
        #expect(buffer[5, 2].style == palette.style(.selected))
        #expect(buffer[5, 1].style == .plain)
    }

    @Test func listStateMovesAndScrolls() {
        var state = ListState()
        state.move(by: 1, count: 5)
        #expect(state.selected == 1)
        state.move(by: 10, count: 5)
        #expect(state.selected == 4)
        state.scrollToSelection(height: 2, count: 5)
        #expect(state.offset == 3)
        state.move(by: -4, count: 5)
        state.scrollToSelection(height: 2, count: 5)
        #expect(state.offset == 0)
        state.select(3, count: 0)
        #expect(state.selected == nil)
    }

    @Test func textFieldEditing() {
        var field = TextField("hello")
        field.moveCursor(by: -2)
        field.insert("漢")
        #expect(field.text == "hel漢lo")
        #expect(field.cursor == 4)
        field.deleteBackward()
        field.deleteForward()
        #expect(field.text == "helo")
        field.moveToStart()
        field.deleteBackward()
        #expect(field.text == "helo")
        field.moveToEnd()
        field.insert(" big world")
        field.deleteWordBackward()
        #expect(field.text == "helo big ")
        field.moveCursor(by: 100)
        #expect(field.cursor == field.characters.count)
        field.clear()
        #expect(field.text.isEmpty && field.cursor == 0)
    }

    @Test func typedMarksJoinTheCharacterBeforeThem() {
        var field = TextField("a")
        field.insert("❤")
        field.insert("\u{FE0F}")       // keys arrive one code point at a time
        field.insert("e")
        field.insert("\u{301}")
        #expect(field.characters == ["a", "❤️", "é"])
        #expect(field.cursor == 3)
        field.moveCursor(by: -2)
        field.insert("\u{301}")        // a mark typed after "a"
        #expect(field.characters == ["á", "❤️", "é"])
        #expect(field.cursor == 1)
        let buffer = draw(TextInputView(field: TextField("x\u{200B}y"), palette: palette), width: 6, height: 1)
        #expect(buffer.rows() == ["xy    "])   // a lone zero-width character is not drawn, and drawing goes on
    }

    @Test func textInputScrollsSoTheCursorShows() {
        let field = TextField("abcdefghij")
        let view = TextInputView(field: field, palette: palette)
        let buffer = draw(view, width: 5, height: 1)
        #expect(buffer.rows() == ["ghij "])
        #expect(buffer[4, 0].style.attributes.contains(.reverse))
        var wide = TextField("漢字かな")
        wide.moveToStart()
        let start = draw(TextInputView(field: wide, palette: palette), width: 5, height: 1)
        #expect(start.rows() == ["漢字 "])
        #expect(start[0, 0].style.attributes.contains(.reverse))
        let empty = draw(TextInputView(field: TextField(), placeholder: "search", palette: palette), width: 8, height: 1)
        #expect(empty.rows() == [" earch  "])
    }

    @Test func heatTextJoinsCharactersSplitBetweenTokens() {
        let han = Array("漢".utf8)                          // three bytes
        let tokens = [
            HeatToken("a", activation: 0),
            HeatToken(bytes: [han[0], han[1]], activation: 1),
            HeatToken(bytes: [han[2]], activation: 3),
            HeatToken("b", activation: 2),
        ]
        let graphemes = HeatText.graphemes(tokens)
        #expect(graphemes.map(\.character) == ["a", "漢", "b"])
        #expect(graphemes.map(\.activation) == [0, 3, 2])
        #expect(graphemes.map(\.token) == [0, 1, 3])
    }

    @Test func heatTextReplacesMalformedBytes() {
        let graphemes = HeatText.graphemes([HeatToken(bytes: [0x61, 0xE6, 0xBC, 0x62, 0xFF], activation: 1)])
        #expect(graphemes.map(\.character) == ["a", "\u{FFFD}", "b", "\u{FFFD}"])
        let overlong = HeatText.graphemes([HeatToken(bytes: [0xE0, 0x80, 0xAF], activation: 1)])
        #expect(overlong.allSatisfy { $0.character == "\u{FFFD}" })
    }

    @Test func heatmapColoursWrapsAndMarksTheCursor() {
        let theme = Theme()
        let rich = Palette(theme: theme, depth: .trueColor)
        let tokens = [HeatToken("ab", activation: 0), HeatToken("한국", activation: 4), HeatToken("\nz", activation: 2)]
        let view = HeatmapView(tokens: tokens, maximum: 4, cursorToken: 1, palette: rich)
        let buffer = draw(view, width: 5, height: 3)
        #expect(buffer.rows() == ["ab한 ", "국↵  ", "z    "])
        #expect(buffer[2, 0].style.bg == .rgb(theme[.heatEnd]))
        #expect(buffer[2, 0].style.attributes.contains(.underline))
        #expect(buffer[0, 0].style.bg == .rgb(theme[.heatStart]))
        #expect(buffer[0, 2].style == rich.heat.style(2, max: 4))
    }

    @Test func heatmapShadeRowsInMonochrome() {
        let mono = Palette(theme: Theme(), depth: .monochrome)
        let tokens = [HeatToken("ab", activation: 0), HeatToken("漢", activation: 1), HeatToken("c", activation: 0.5)]
        let view = HeatmapView(tokens: tokens, maximum: 1, palette: mono, shadeRows: true)
        let buffer = draw(view, width: 6, height: 2)
        #expect(buffer.rows() == ["ab漢c ", "  ██▒ "])
        #expect(buffer[2, 0].style.attributes == [.bold, .reverse])
    }

    @Test func sparklineScalesAndBuckets() {
        let line = draw(Sparkline(values: [0, 2, 4, 8], palette: palette), width: 4, height: 1)
        #expect(line.rows() == [" ▂▄█"])
        #expect(Sparkline.buckets([1, 5, 2, 2, 9, 0], count: 3) == [5, 2, 9])
        #expect(draw(Sparkline(values: [0, 0], palette: palette), width: 3, height: 1).rows() == ["   "])
    }

    @Test func histogramFillsRowsInEighths() {
        let buffer = draw(Histogram(counts: [1, 4, 0, 2], palette: palette), width: 4, height: 2)
        #expect(buffer.rows() == [" █  ", "▄█ █"])
    }
}
