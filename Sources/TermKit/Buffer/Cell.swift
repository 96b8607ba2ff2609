/// One terminal cell: a grapheme cluster and its style; the right half of a wide character is a continuation cell.
public struct Cell: Hashable, Sendable {
    /// The grapheme drawn here ("" in a continuation cell).
    public var symbol: String
    public var style: Style
    /// Columns the symbol covers: 1, 2 for a wide character, 0 for the continuation cell right of one.
    public var width: UInt8

    /// Creates a cell holding `symbol` (of the given width).
    public init(_ symbol: String = " ", style: Style = .plain, width: UInt8 = 1) {
        self.symbol = symbol
        self.style = style
        self.width = width
    }

    /// A blank cell in the given style.
    public static func blank(_ style: Style = .plain) -> Cell { Cell(" ", style: style) }

    /// The right half of a wide character.
    public static func continuation(_ style: Style) -> Cell { Cell("", style: style, width: 0) }

    /// Whether this cell is the right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}
