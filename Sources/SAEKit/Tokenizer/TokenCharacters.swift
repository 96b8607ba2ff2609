/// Reads a run of tokens' raw bytes as text token by token, without breaking characters: a token alone may hold part
/// of a character (byte-level BPE splits most CJK characters in two or three), which on its own decodes to U+FFFD.
public enum TokenCharacters {
    /// Each token's text within the run. A character split over tokens appears whole at one of them, the one with the
    /// largest weight (an example's activations, so that the token a feature fires on shows the character), else the
    /// last; the others read as empty. A character cut by either end of the run (an excerpt's window) reads as empty,
    /// and bytes inside the run that form no character read as U+FFFD where they stand.
    public static func texts(_ tokens: [[UInt8]], weights: [Float] = []) -> [String] {
        var bytes: [UInt8] = [], owners: [Int] = []
        for (index, token) in tokens.enumerated() {
            bytes += token
            owners += repeatElement(index, count: token.count)
        }
        func weight(_ token: Int) -> Float { token < weights.count ? weights[token] : 0 }
        var texts = Array(repeating: "", count: tokens.count)
        let firstLead = bytes.firstIndex { !UTF8Sequence.isContinuation($0) } ?? bytes.count
        var position = 0
        while position < bytes.count {
            switch position < firstLead ? .cutByTheStart : piece(of: bytes, at: position) {
            case .character(let length):
                // Reversed, so that among equal weights the last token wins.
                let home = (owners[position]...owners[position + length - 1]).reversed().max { weight($0) < weight($1) }!
                texts[home] += String(decoding: bytes[position..<position + length], as: UTF8.self)
                position += length
            case .cutByTheStart:
                position += 1
            case .cutByTheEnd:
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
        /// A continuation byte before any character of the run: the rest of one that began before it.
        case cutByTheStart
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
