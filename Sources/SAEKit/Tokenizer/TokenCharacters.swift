/// Reads a run of tokens' raw bytes as text token by token, without breaking characters: a token alone may hold part
/// of a character (byte-level BPE splits most CJK characters in two or three), which on its own decodes to U+FFFD.
public enum TokenCharacters {
    /// Each token's text within the run: a character split over tokens appears whole at the token that completes it,
    /// and a token holding only a character's first bytes reads as empty. Bytes that form no character (a run that
    /// starts inside one, or ends before one is complete) read as U+FFFD where they stand.
    public static func texts(_ tokens: [[UInt8]]) -> [String] {
        var pending: [UInt8] = []
        return tokens.indices.map { index in
            pending += tokens[index]
            let cut = index == tokens.count - 1 ? pending.count : completeLength(pending)
            let text = String(decoding: pending[..<cut], as: UTF8.self)
            pending.removeFirst(cut)
            return text
        }
    }

    /// The length of the longest prefix of `bytes` that does not end inside a character: all of them unless the last
    /// lead byte still waits for continuation bytes.
    static func completeLength(_ bytes: [UInt8]) -> Int {
        // A character is at most 4 bytes, so its lead byte is among the last 4.
        for back in stride(from: 1, through: min(4, bytes.count), by: 1) {
            let byte = bytes[bytes.count - back]
            guard byte & 0xC0 == 0x80 else {
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return length > back ? bytes.count - back : bytes.count
            }
        }
        return bytes.count
    }
}
