import CNcursesW
import Glibc
import TermKit

/// Bracketed paste (xterm mode 2004): the terminal wraps pasted text in ESC [200~ … ESC [201~, which ncurses is taught
/// to report as two key codes, so that a paste arrives as one `Key.paste` instead of keys (a pasted newline is not
/// Enter, a pasted `q` does not quit).
enum BracketedPaste {
    /// The key codes ncurses returns for the start and end markers (above every code ncurses defines).
    static let startCode: Int32 = 0x3000
    static let endCode: Int32 = 0x3001
    /// The most characters one paste keeps; the rest is read and dropped, so a huge paste cannot exhaust memory.
    static let limit = 65_536

    /// Turns the mode on and teaches ncurses the markers.
    static func enable() {
        define_key("\u{1B}[200~", startCode)
        define_key("\u{1B}[201~", endCode)
        send("\u{1B}[?2004h")
    }

    /// The bytes that turn the mode off.
    static let disableSequence = Array("\u{1B}[?2004l".utf8)

    /// Turns the mode off.
    static func disable() { send("\u{1B}[?2004l") }

    /// Reads the pasted characters after a start marker up to the end marker (or a pause of `timeout` milliseconds,
    /// should the end marker be lost; long enough for a paste that trickles in over a slow link).
    static func readPaste(timeout: Int32 = 2_000) -> Key {
        wtimeout(saescope_stdscr(), timeout)
        var scalars = String.UnicodeScalarView()
        var count = 0
        while true {
            var value: wint_t = 0
            let result = wget_wch(saescope_stdscr(), &value)
            if result == ERR { break }
            if result == KEY_CODE_YES {
                if Int32(bitPattern: value) == endCode { break }
                continue
            }
            count += 1
            if count <= limit, let scalar = Unicode.Scalar(UInt32(value)) { scalars.append(scalar) }
        }
        return .paste(String(scalars))
    }

    private static func send(_ sequence: StaticString) {
        _ = Glibc.write(STDOUT_FILENO, sequence.utf8Start, sequence.utf8CodeUnitCount)
    }
}
