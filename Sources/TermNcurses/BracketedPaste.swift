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

    /// The markers' bytes.
    private static let startMarker = Array("\u{1B}[200~".utf8), endMarker = Array("\u{1B}[201~".utf8)
    /// Bytes of a second paste read in one block with the end of the first (its start marker dropped), to be read before
    /// the terminal. Only the input loop's thread touches it.
    nonisolated(unsafe) private static var nextPaste: [UInt8]?

    /// Whether a paste read ahead waits (`Terminal.readKey` returns it before reading the terminal).
    static var hasPasteReadAhead: Bool { nextPaste != nil }

    /// Reads the pasted characters after a start marker up to the end marker (or a pause of `timeout` milliseconds,
    /// should the end marker be lost; long enough for a paste that trickles in over a slow link).
    ///
    /// The bytes are read straight from the terminal in blocks: ncurses reads a byte per call, with a poll before each
    /// when it waits with a timeout, which made a 1 MB paste cost two million system calls (about 5 s of CPU here).
    /// What came after the end marker in the last block is kept for the next call when it starts another paste, and
    /// otherwise goes back to ncurses (`ungetch`) as the keys typed after the paste (ncurses takes back about a
    /// hundred bytes: more than a person types in the instant of one read).
    static func readPaste(timeout: Int32 = 2_000) -> Key {
        var bytes: [UInt8] = []
        var matched = 0
        var block = nextPaste ?? []
        nextPaste = nil
        var rest: ArraySlice<UInt8> = []
        reading: while true {
            if block.isEmpty {
                var ready = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                guard poll(&ready, 1, timeout) > 0 else { break }
                block = [UInt8](repeating: 0, count: 65_536)
                let count = block.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                block.removeLast(block.count - count)
            }
            for i in block.indices {
                let byte = block[i]
                if byte == endMarker[matched] {
                    matched += 1
                    if matched == endMarker.count {
                        rest = block[(i + 1)...]
                        break reading
                    }
                    continue
                }
                // A false start of the marker is pasted text.
                if matched > 0 { keep(endMarker[0..<matched], in: &bytes) }
                matched = byte == endMarker[0] ? 1 : 0
                if matched == 0 { keep(CollectionOfOne(byte), in: &bytes) }
            }
            block = []
        }
        if rest.starts(with: startMarker) {
            nextPaste = Array(rest.dropFirst(startMarker.count))
        } else {
            for byte in rest.reversed() { ungetch(Int32(byte)) }
        }
        return .paste(String(String(decoding: bytes, as: UTF8.self).unicodeScalars.prefix(limit)))
    }

    /// Appends `new` to the paste unless it already holds enough bytes for `limit` characters.
    private static func keep<Bytes: Collection>(_ new: Bytes, in bytes: inout [UInt8]) where Bytes.Element == UInt8 {
        if bytes.count < 4 * limit { bytes.append(contentsOf: new) }
    }

    private static func send(_ sequence: StaticString) {
        _ = Glibc.write(STDOUT_FILENO, sequence.utf8Start, sequence.utf8CodeUnitCount)
    }
}
