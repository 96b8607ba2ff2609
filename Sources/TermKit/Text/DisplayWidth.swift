/// Display width of text in terminal columns, from Unicode general categories, emoji properties and East Asian Wide
/// ranges; it agrees with the C library's wcwidth (which ncurses uses) except for regional indicators, which pair into
/// two-column flags.
public enum DisplayWidth {
    /// East Asian Wide and Fullwidth ranges outside the emoji blocks (sorted, inclusive).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x2EF3, 0x2F00...0x2FD5, 0x2FF0...0x2FFB,
        0x3000...0x303E, 0x3041...0x3096, 0x3099...0x30FF, 0x3105...0x312F, 0x3131...0x318E,
        0x3190...0x31E3, 0x31F0...0x321E, 0x3220...0x4DFF, 0x4E00...0xA48C,
        0xA490...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
        0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B, 0xFF01...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x18D08, 0x1AFF0...0x1AFFE, 0x1B000...0x1B2FB,
        0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Format characters that are drawn (the soft hyphen and the prepended concatenation marks of Arabic, Syriac and
    /// Kaithi), as the C library's wcwidth has them.
    private static let visibleFormat: Set<UInt32> = [0xAD, 0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6DD, 0x70F,
                                                      0x890, 0x891, 0x8E2, 0x110BD, 0x110CD]

    /// Hangul medial vowels and final consonants that join a preceding syllable start.
    private static let joiningJamo: [ClosedRange<UInt32>] = [0x1160...0x11FF, 0xD7B0...0xD7FF]

    /// Columns taken by one scalar on its own: 0 (marks, format and ignorable code points, controls), 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return 0 }
        if value < 0x7F || visibleFormat.contains(value) { return 1 }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        // Hangul fillers are default-ignorable letters that still take their cell.
        case .otherLetter: break
        default: if properties.isDefaultIgnorableCodePoint { return 0 }
        }
        if joiningJamo.contains(where: { $0.contains(value) }) { return 0 }
        if properties.isEmojiPresentation { return 2 }
        if isWide(value) { return 2 }
        return 1
    }

    /// Columns taken by one grapheme cluster: the widest of its scalars, and 2 for emoji asked to show as emoji (U+FE0F);
    /// an emoji ZWJ sequence takes the columns of its parts (see `parts`).
    public static func of(_ character: Character) -> Int {
        let split = parts(character)
        if split.count > 1 { return split.reduce(0) { $0 + clusterWidth($1) } }
        return clusterWidth(character)
    }

    /// The characters a grapheme is drawn as: itself, or, for an emoji ZWJ sequence (👨‍👩‍👧), its emoji one by one
    /// without the joiners. Terminals disagree on joining such sequences (tmux and xterm draw the parts, others one
    /// glyph), so the frame draws the parts, which line up on every terminal.
    public static func parts(_ character: Character) -> [Character] {
        let scalars = Array(character.unicodeScalars)
        guard scalars.count > 2, scalars.contains(where: { $0.value == 0x200D }) else { return [character] }
        var pieces = [String.UnicodeScalarView()]
        for (index, scalar) in scalars.enumerated() {
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if scalar.value == 0x200D, let next, next.value > 0x7F, next.properties.isEmoji, !pieces[pieces.count - 1].isEmpty {
                pieces.append(String.UnicodeScalarView())
                continue
            }
            pieces[pieces.count - 1].append(scalar)
        }
        return pieces.flatMap { Array(String($0)) }
    }

    /// Columns taken by a cluster drawn as one glyph.
    private static func clusterWidth(_ character: Character) -> Int {
        var width = 0
        var emojiBase = false
        for scalar in character.unicodeScalars {
            if scalar.value == 0xFE0F, emojiBase { return 2 }
            if scalar.properties.isEmoji { emojiBase = true }
            width = max(width, of(scalar))
        }
        return min(width, 2)
    }

    /// Columns taken by a string (the sum over its grapheme clusters).
    public static func of(_ string: String) -> Int {
        string.reduce(0) { $0 + of($1) }
    }

    /// The character as it should be drawn: controls become their visible Control Pictures (U+2400 block).
    public static func visible(_ character: Character) -> Character {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return character }
        if scalar.value < 0x20 { return Character(Unicode.Scalar(0x2400 + scalar.value)!) }
        if scalar.value == 0x7F { return "\u{2421}" }
        if (0x80...0x9F).contains(scalar.value) { return "\u{FFFD}" }
        return character
    }

    /// `text` as it should be drawn or printed: each control character as its picture (`visible`), so that text from a
    /// file cannot send the terminal escape sequences.
    public static func visibleText(_ text: some StringProtocol) -> String { String(text.map(visible)) }

    /// The longest prefix of `string` that fits in `columns`, and its width.
    public static func prefix(_ string: String, fitting columns: Int) -> (text: Substring, width: Int) {
        var width = 0
        var end = string.startIndex
        for index in string.indices {
            let w = of(visible(string[index]))
            if width + w > columns { break }
            width += w
            end = string.index(after: index)
        }
        return (string[string.startIndex..<end], width)
    }

    /// The string cut to `columns`, ending in an ellipsis when it was cut.
    public static func truncate(_ string: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if of(string) <= columns { return string }
        let room = columns - of(ellipsis)
        guard room >= 0 else { return String(prefix(string, fitting: columns).text) }
        return String(prefix(string, fitting: room).text) + ellipsis
    }

    private static func isWide(_ value: UInt32) -> Bool {
        var low = 0, high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if value < range.lowerBound { high = mid - 1 } else if value > range.upperBound { low = mid + 1 } else { return true }
        }
        return false
    }
}
