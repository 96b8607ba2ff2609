import CNcursesW
import Foundation
import TermKit

/// The terminal through ncurses: takes it over, reads keys, draws frames by sending only the cells that changed.
public final class Terminal: TerminalDevice {
    /// The colour depth detected at start.
    public let depth: ColorDepth
    /// Box drawing when the locale is UTF-8, ASCII otherwise.
    public let glyphs: Glyphs
    private var pairs: ColorPairs
    private var previous: Buffer?

    /// Takes over the terminal: locale, raw keys without echo, keypad decoding, colours; installs restore handlers.
    public init() {
        setlocale(LC_ALL, "")
        glyphs = Glyphs.forCodeset(String(cString: nl_langinfo(nl_item(CODESET))))
        TerminalRestore.recordShellMode()
        initscr()
        StderrCapture.start()
        TerminalRestore.install()
        raw()
        noecho()
        nonl()
        keypad(saescope_stdscr(), true)
        BracketedPaste.enable()
        set_escdelay(25)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        let colors = has_colors() ? Int(saescope_colors()) : 0
        let directColor = tigetflag("RGB") > 0 || colors >= 16_777_216
        depth = ColorDepth.detect(colorCount: colors, colorTerm: ProcessInfo.processInfo.environment["COLORTERM"],
                                  directColor: directColor)
        pairs = ColorPairs(capacity: has_colors() ? Int(saescope_color_pairs()) : 0)
    }

    /// Gives the terminal back and removes the signal handlers.
    public func stop() {
        TerminalRestore.restore()
        TerminalRestore.uninstall()
    }

    /// The terminal's size in columns and rows.
    public var size: (width: Int, height: Int) {
        (Int(getmaxx(saescope_stdscr())), Int(getmaxy(saescope_stdscr())))
    }

    /// Waits up to `timeout` milliseconds (negative: forever) for a key; nil when none came or it is not one we use.
    public func readKey(timeout: Int32) -> Key? {
        if BracketedPaste.hasPasteReadAhead { return BracketedPaste.readPaste() }
        wtimeout(saescope_stdscr(), timeout)
        var value: wint_t = 0
        let result = wget_wch(saescope_stdscr(), &value)
        guard result != ERR else { return nil }
        if result == KEY_CODE_YES, Int32(bitPattern: value) == BracketedPaste.startCode { return BracketedPaste.readPaste() }
        return KeyDecoder.decode(UInt32(value), isKeyCode: result == KEY_CODE_YES)
    }

    /// Draws `frame`: only the cells that differ from the last frame, then one refresh.
    public func draw(_ frame: Buffer) {
        let changes = previous.map { Buffer.diff($0, frame) } ?? Buffer.diff(Buffer(width: 0, height: 0), frame)
        if previous?.area != frame.area { werase(saescope_stdscr()) }
        if !blit(changes) {
            // The colour pairs ran out: start over with fresh pairs and send the whole frame.
            pairs.reset()
            werase(saescope_stdscr())
            _ = blit(Buffer.diff(Buffer(width: 0, height: 0), frame))
        }
        wrefresh(saescope_stdscr())
        previous = frame
    }

    /// Forgets the last frame so the next one is sent in full (after a resize or when the screen was disturbed).
    public func invalidate() {
        previous = nil
        clearok(saescope_stdscr(), true)
    }

    /// Writes changed cells; false when a colour pair could not be had.
    private func blit(_ changes: [CellChange]) -> Bool {
        for change in changes {
            let style = change.cell.style
            let fg = ColorPairs.colorNumber(style.fg, depth: depth)
            let bg = ColorPairs.colorNumber(style.bg, depth: depth)
            guard let pair = pairs.pair(fg: fg, bg: bg) else { return false }
            if pair.isNew { init_extended_pair(pair.number, fg, bg) }
            put(change.cell.symbol, width: Int(change.cell.width), at: change.x, change.y,
                attributes: attributes(style.attributes), pair: pair.number)
        }
        return true
    }

    /// Writes one grapheme as ncurses can size it (see `CellText`); without a UTF-8 locale a non-ASCII grapheme shows
    /// as one `?` per column.
    private func put(_ symbol: String, width: Int, at x: Int, _ y: Int, attributes: attr_t, pair: Int32) {
        let ascii = glyphs == .ascii && !symbol.unicodeScalars.allSatisfy(\.isASCII)
        let columns = ascii ? Array(repeating: [UInt32(0x3F)], count: max(1, width)) : CellText.columns(symbol, width: width)
        var column = x
        for scalars in columns {
            var text = scalars.map { wchar_t(bitPattern: $0) }
            text.append(0)
            var cell = cchar_t()
            var extendedPair = pair
            setcchar(&cell, text, attributes, 0, &extendedPair)
            mvwadd_wch(saescope_stdscr(), Int32(y), Int32(column), &cell)
            column += columns.count == 1 ? width : 1
        }
    }

    private func attributes(_ set: Attributes) -> attr_t {
        var value = saescope_a_normal()
        if set.contains(.bold) { value |= saescope_a_bold() }
        if set.contains(.dim) { value |= saescope_a_dim() }
        if set.contains(.italic) { value |= saescope_a_italic() }
        if set.contains(.underline) { value |= saescope_a_underline() }
        if set.contains(.reverse) { value |= saescope_a_reverse() }
        return value
    }
}
