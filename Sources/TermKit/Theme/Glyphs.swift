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

    /// Box drawing and block elements, for UTF-8 terminals.
    public static let unicode = Glyphs(
        border: ["┌", "┐", "└", "┘", "─", "│"],
        focusedBorder: ["┏", "┓", "┗", "┛", "━", "┃"],
        shades: [" ", "░", "▒", "▓", "█"],
        bars: [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        pointer: "▶", ellipsis: "…", newline: "↵")

    /// Plain ASCII, for terminals whose locale is not UTF-8.
    public static let ascii = Glyphs(
        border: ["+", "+", "+", "+", "-", "|"],
        focusedBorder: ["#", "#", "#", "#", "=", "#"],
        shades: [" ", ".", ":", "*", "#"],
        bars: [" ", ".", ".", "_", "-", "=", "+", "*", "#"],
        pointer: ">", ellipsis: "~", newline: "$")

    /// The glyphs for a locale: box drawing when its character set is UTF-8, ASCII otherwise.
    public static func forCodeset(_ codeset: String) -> Glyphs {
        let normalized = codeset.lowercased().replacingOccurrences(of: "-", with: "")
        return normalized == "utf8" ? .unicode : .ascii
    }
}
