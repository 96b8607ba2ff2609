import CNcursesW
import Testing
import TermKit
import TermNcurses

@Suite struct KeyDecoderTests {
    func code(_ value: Int32) -> Key? { KeyDecoder.decode(UInt32(bitPattern: value), isKeyCode: true) }
    func char(_ value: UInt32) -> Key? { KeyDecoder.decode(value, isKeyCode: false) }

    @Test func charactersIncludingWideOnes() {
        #expect(char(0x61) == .char("a"))
        #expect(char(0xD55C) == .char("한"))
        #expect(char(0x1F600) == .char("😀"))
        #expect(char(0x20) == .char(" "))
        #expect(char(0xD800) == nil)   // a lone surrogate is no character
    }

    @Test func controlBytes() {
        #expect(char(9) == .tab)
        #expect(char(10) == .enter)
        #expect(char(13) == .enter)
        #expect(char(127) == .backspace)
        #expect(char(8) == .backspace)
        #expect(char(27) == .escape)
        #expect(char(3) == .ctrl("c"))
        #expect(char(1) == .ctrl("a"))
        #expect(char(28) == nil)
    }

    @Test func keyCodes() {
        #expect(code(KEY_UP) == .up)
        #expect(code(KEY_DOWN) == .down)
        #expect(code(KEY_LEFT) == .left)
        #expect(code(KEY_RIGHT) == .right)
        #expect(code(KEY_NPAGE) == .pageDown)
        #expect(code(KEY_PPAGE) == .pageUp)
        #expect(code(KEY_BACKSPACE) == .backspace)
        #expect(code(KEY_ENTER) == .enter)
        #expect(code(KEY_DC) == .delete)
        #expect(code(KEY_BTAB) == .backTab)
        #expect(code(KEY_RESIZE) == .resize)
        #expect(code(KEY_F0 + 5) == .function(5))
        #expect(code(KEY_F0 + 30) == nil)
        #expect(code(KEY_MOUSE) == nil)
    }

    @Test func keyNamesForHelp() {
        #expect(Key.ctrl("c").description == "Ctrl-C")
        #expect(Key.char(" ").description == "Space")
        #expect(Key.backTab.description == "Shift-Tab")
        #expect(Key.char("/").description == "/")
    }
}
