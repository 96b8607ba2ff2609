/// The shape of UTF-8 that token decoders need: how long a character is, read from its first byte.
enum UTF8Sequence {
    /// The length in bytes (1 to 4) of the character that `lead` starts; nil for a continuation byte, or a byte that
    /// only overlong or too-large forms start with.
    static func length(startingWith lead: UInt8) -> Int? {
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return nil
        }
    }

    /// Whether `byte` continues a character (10xxxxxx) rather than starting one.
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
