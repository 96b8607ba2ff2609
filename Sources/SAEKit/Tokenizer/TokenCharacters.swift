/// Reads a run of tokens' raw bytes as text token by token, without breaking characters: a token alone may hold part
/// of a character (byte-level BPE splits most CJK characters in two or three), which on its own decodes to U+FFFD.
public enum TokenCharacters {
    /// Each token's text within the run. A character split over tokens appears whole at one of them, the one with the
    /// largest weight (an example's activations, so that the token a feature fires on shows the character), else the
    /// last; the others read as empty. A character cut by either end of the run (an excerpt's window) reads as one
    /// U+FFFD placed the same way, and a byte inside the run that starts no character as U+FFFD where it stands.
    public static func texts(_ tokens: [[UInt8]], weights: [Float] = []) -> [String] {
        var bytes: [UInt8] = [], owners: [Int] = []
        for (index, token) in tokens.enumerated() {
            bytes += token
            owners += repeatElement(index, count: token.count)
        }
        func weight(_ token: Int) -> Float { token < weights.count ? weights[token] : 0 }
        var texts = Array(repeating: "", count: tokens.count)
        // Puts `text` at the heaviest of the tokens that hold bytes `range` (among equal weights, the last).
        func place(_ text: String, over range: Range<Int>) {
            texts[(owners[range.lowerBound]...owners[range.upperBound - 1]).reversed().max { weight($0) < weight($1) }!] += text
        }
        let firstLead = bytes.firstIndex { !UTF8Sequence.isContinuation($0) } ?? bytes.count
        if firstLead > 0 { place("\u{FFFD}", over: 0..<firstLead) }
        var position = firstLead
        while position < bytes.count {
            switch piece(of: bytes, at: position) {
            case .character(let length):
                place(String(decoding: bytes[position..<position + length], as: UTF8.self), over: position..<position + length)
                position += length
            case .cutByTheEnd:
                place("\u{FFFD}", over: position..<bytes.count)
                position = bytes.count
            case .invalid:
                texts[owners[position]] += "\u{FFFD}"
                position += 1
            }
        }
        return texts
    }

    /// What starts at one byte of a run.
    private enum Piece {
        /// A whole character of this many bytes.
        case character(Int)
        /// The start of a character whose bytes run past the end: the rest of the run.
        case cutByTheEnd
        /// A byte that starts no character here.
        case invalid
    }

    /// The piece of `bytes` at `position`, past the run's first lead byte.
    private static func piece(of bytes: [UInt8], at position: Int) -> Piece {
        guard let length = UTF8Sequence.length(startingWith: bytes[position]) else { return .invalid }
        let available = bytes[(position + 1)...].prefix(length - 1)
        guard available.allSatisfy(UTF8Sequence.isContinuation) else { return .invalid }
        guard available.count == length - 1 else { return .cutByTheEnd }
        // Some 3- and 4-byte forms have the right shape but are overlong, surrogates or beyond U+10FFFF.
        return String(validating: bytes[position..<position + length], as: UTF8.self) == nil ? .invalid : .character(length)
    }
}
