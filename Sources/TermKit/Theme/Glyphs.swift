/// The decoration characters of a frame: box drawing, shades and bars, or their ASCII fallbacks.
public struct Glyphs: Equatable, Sendable {
    /// Corners and edges: top-left, top-right, bottom-left, bottom-right, horizontal, vertical.
    public var border: [String]
    /// The same for the pane with focus.
    public var focusedBorder: [String]
    /// Shades from empty to full, one per heat level.
    public var shades: [String]
    /// Bar heights from empty to full in eighths (nine entries).
    public var bars: [String]
    /// Marks the selected row of a list.
    public var pointer: String
    /// Ends text cut to fit.
    public var ellipsis: String
    /// Stands for a line break inside a token.
    public var newline: String
    /// Marks a starred item.
    public var star: String
    /// Follows the label of a text input ("prompt › ").
    public var promptMark: String
    /// Quote a token's text ("«the»").
    public var openQuote: String
    public var closeQuote: String
    /// "by" in sizes and multiples ("80×24", "3× max").
    public var times: String
    /// Separates the parts of a title or a settings line ("Steering · food.json").
    public var separator: String
    /// Stands for a missing number.
    public var missing: String
    /// Joins the ends of a range ("1–22").
    public var rangeDash: String
    /// The arrow keys: up, down, left, right.
    public var arrows: [String]
    /// Stand for a tab and for a token of spaces in labels (`AutoLabel` writes them, with ⏎ for a line break).
    public var tab: String
    public var blank: String

    /// Box drawing and block elements, for UTF-8 terminals.
    public static let unicode = Glyphs(
        border: ["┌", "┐", "└", "┘", "─", "│"],
        focusedBorder: ["┏", "┓", "┗", "┛", "━", "┃"],
        shades: [" ", "░", "▒", "▓", "█"],
        bars: [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        pointer: "▶", ellipsis: "…", newline: "↵", star: "★", promptMark: "›", openQuote: "«", closeQuote: "»",
        times: "×", separator: "·", missing: "–", rangeDash: "–", arrows: ["↑", "↓", "←", "→"], tab: "⇥", blank: "␣")

    /// Plain ASCII, for terminals whose locale is not UTF-8.
    public static let ascii = Glyphs(
        border: ["+", "+", "+", "+", "-", "|"],
        focusedBorder: ["#", "#", "#", "#", "=", "#"],
        shades: [" ", ".", ":", "*", "#"],
        bars: [" ", ".", ".", "_", "-", "=", "+", "*", "#"],
        pointer: ">", ellipsis: "~", newline: "$", star: "*", promptMark: ">", openQuote: "'", closeQuote: "'",
        times: "x", separator: "|", missing: "-", rangeDash: "-", arrows: ["Up", "Down", "Left", "Right"], tab: ">",
        blank: "_")

    /// Text written for a UTF-8 terminal, with every glyph of the Unicode set replaced by this set's (a no-op for the
    /// Unicode set itself): messages and help lines go through it, so an ASCII terminal never gets a '?'.
    public func text(_ string: String) -> String {
        guard self != .unicode, string.unicodeScalars.contains(where: { !$0.isASCII }) else { return string }
        let replacements = Glyphs.replacements(to: self)
        var result = ""
        for character in string { result += replacements[character] ?? String(character) }
        return result
    }

    /// Each Unicode glyph and what stands for it in `glyphs`.
    private static func replacements(to glyphs: Glyphs) -> [Character: String] {
        let pairs: [(String, String)] = zip(unicode.border + unicode.focusedBorder + unicode.shades + unicode.bars + unicode.arrows,
                                            glyphs.border + glyphs.focusedBorder + glyphs.shades + glyphs.bars + glyphs.arrows).map { ($0, $1) }
            + [(unicode.pointer, glyphs.pointer), (unicode.ellipsis, glyphs.ellipsis), (unicode.newline, glyphs.newline),
               (unicode.star, glyphs.star), (unicode.promptMark, glyphs.promptMark), (unicode.openQuote, glyphs.openQuote),
               (unicode.closeQuote, glyphs.closeQuote), (unicode.times, glyphs.times), (unicode.separator, glyphs.separator),
               (unicode.missing, glyphs.missing), (unicode.rangeDash, glyphs.rangeDash), (unicode.tab, glyphs.tab),
               (unicode.blank, glyphs.blank), ("⏎", glyphs.newline)]
        var table: [Character: String] = [:]
        for (from, to) in pairs where from.count == 1 && table[Character(from)] == nil { table[Character(from)] = to }
        return table
    }

    /// The glyphs for a locale: box drawing when its character set is UTF-8, ASCII otherwise.
    public static func forCodeset(_ codeset: String) -> Glyphs {
        let normalized = codeset.lowercased().replacingOccurrences(of: "-", with: "")
        return normalized == "utf8" ? .unicode : .ascii
    }
}
