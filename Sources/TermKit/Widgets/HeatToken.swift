/// A token's raw bytes and its activation for the feature shown.
public struct HeatToken: Equatable, Sendable {
    public var bytes: [UInt8]
    public var activation: Float

    /// A token of raw bytes (possibly part of a multi-byte character).
    public init(bytes: [UInt8], activation: Float) {
        self.bytes = bytes
        self.activation = activation
    }

    /// A token of whole text.
    public init(_ text: String, activation: Float) {
        self.init(bytes: Array(text.utf8), activation: activation)
    }
}

/// One grapheme of a heatmap, with the strongest activation among the tokens that supplied its bytes.
public struct HeatGrapheme: Equatable, Sendable {
    public var character: Character
    public var activation: Float
    /// The token in which the grapheme starts.
    public var token: Int
}

/// Decodes tokens' bytes into graphemes, across token boundaries: a character split between tokens appears once,
/// carrying the strongest activation of its parts; malformed bytes become U+FFFD.
public enum HeatText {
    /// The graphemes of the concatenated token bytes.
    public static func graphemes(_ tokens: [HeatToken]) -> [HeatGrapheme] {
        var bytes: [UInt8] = []
        var owner: [Int] = []
        for (index, token) in tokens.enumerated() {
            bytes += token.bytes
            owner += Array(repeating: index, count: token.bytes.count)
        }
        var scalars: [(scalar: Unicode.Scalar, first: Int, last: Int)] = []
        var position = 0
        while position < bytes.count {
            let (scalar, length) = decodeScalar(bytes, at: position)
            scalars.append((scalar, owner[position], owner[position + length - 1]))
            position += length
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars.map(\.scalar))
        var result: [HeatGrapheme] = []
        var next = 0
        for character in String(text) {
            let count = character.unicodeScalars.count
            let parts = scalars[next..<next + count]
            let first = parts.first!.first, last = parts.map(\.last).max()!
            let activation = tokens[first...last].map(\.activation).max()!
            result.append(HeatGrapheme(character: character, activation: activation, token: first))
            next += count
        }
        return result
    }

    /// Decodes one UTF-8 scalar at `index`: the scalar and the bytes it used (U+FFFD when malformed).
    static func decodeScalar(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        let replacement: (Unicode.Scalar, Int) = ("\u{FFFD}", 1)
        let length: Int, initial: UInt32, minimum: UInt32
        switch lead {
        case 0x00...0x7F: return (Unicode.Scalar(lead), 1)
        case 0xC2...0xDF: (length, initial, minimum) = (2, UInt32(lead & 0x1F), 0x80)
        case 0xE0...0xEF: (length, initial, minimum) = (3, UInt32(lead & 0x0F), 0x800)
        case 0xF0...0xF4: (length, initial, minimum) = (4, UInt32(lead & 0x07), 0x10000)
        default: return replacement
        }
        var value = initial
        for offset in 1..<length {
            // A sequence cut short (by the end or a non-continuation byte) becomes one U+FFFD for its valid part.
            guard index + offset < bytes.count, bytes[index + offset] & 0xC0 == 0x80 else { return ("\u{FFFD}", offset) }
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return replacement }
        return (scalar, length)
    }
}
