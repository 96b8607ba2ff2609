/// A grid of cells that widgets draw into; the screen is one, and tests read it back as rows of text.
public struct Buffer: Equatable, Sendable {
    /// The columns and rows covered, with the origin at (0, 0).
    public let area: Rect
    /// The cells row by row.
    public private(set) var cells: [Cell]

    /// A buffer of `width` × `height` cells, all set to `fill`.
    public init(width: Int, height: Int, fill: Cell = .blank()) {
        area = Rect(width: width, height: height)
        cells = Array(repeating: fill, count: area.area)
    }

    public var width: Int { area.width }
    public var height: Int { area.height }

    /// The cell at (x, y); reading outside gives a blank cell, writing outside is ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get { area.contains(x: x, y: y) ? cells[y * width + x] : .blank() }
        set { if area.contains(x: x, y: y) { cells[y * width + x] = newValue } }
    }

    /// Sets every cell of `rect` (clipped to the buffer) to `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        repairWideEdges(r)
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x] = cell }
        }
    }

    /// Replaces the style of every cell of `rect`, keeping the symbols.
    public mutating func setStyle(_ rect: Rect, _ style: Style) {
        let r = rect.intersection(area)
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x].style = style }
        }
    }

    /// Writes `string` from (x, y) in `style`, never past `clip` (default: the whole buffer), and returns the columns
    /// used. Controls are shown as Control Pictures, emoji ZWJ sequences as their parts (`DisplayWidth.parts`); a wide
    /// character that would straddle the right edge leaves a blank.
    @discardableResult
    public mutating func write(_ string: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard !bounds.isEmpty, y >= bounds.y, y < bounds.maxY else { return 0 }
        var column = x
        var lastCell: (x: Int, y: Int)?
        for character in string.flatMap({ DisplayWidth.parts(DisplayWidth.visible($0)) }) {
            let w = DisplayWidth.of(character)
            if w == 0 {
                if let last = lastCell { self[last.x, last.y].symbol.append(character) }
                continue
            }
            if column + w > bounds.maxX {
                if column < bounds.maxX, column >= bounds.x { put(Cell.blank(style), x: column, y: y) }
                column = bounds.maxX
                break
            }
            if column >= bounds.x {
                put(Cell(String(character), style: style, width: UInt8(w)), x: column, y: y)
                lastCell = (column, y)
            } else if column + w > bounds.x {
                put(Cell.blank(style), x: bounds.x, y: y)
            }
            column += w
        }
        return max(0, min(column, bounds.maxX) - x)
    }

    /// Writes styled spans one after another from (x, y), clipped to `clip`; returns the columns used.
    @discardableResult
    public mutating func write(_ spans: [Span], x: Int, y: Int, clip: Rect? = nil) -> Int {
        var column = x
        for span in spans { column += write(span.text, x: column, y: y, style: span.style, clip: clip) }
        return column - x
    }

    /// The buffer as plain text, one string per row, wide characters once and continuation cells skipped.
    public func rows() -> [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !cells[y * width + x].isContinuation { line += cells[y * width + x].symbol }
            return line
        }
    }

    /// The rows joined by newlines, for snapshot tests.
    public var text: String { rows().joined(separator: "\n") }

    /// Places one cell (and its continuation when wide), blanking halves of wide characters it breaks.
    private mutating func put(_ cell: Cell, x: Int, y: Int) {
        let covered = Rect(x: x, y: y, width: max(1, Int(cell.width)), height: 1).intersection(area)
        guard !covered.isEmpty else { return }
        repairWideEdges(covered)
        cells[y * width + x] = cell
        if cell.width == 2, x + 1 < width { cells[y * width + x + 1] = .continuation(cell.style) }
    }

    /// Blanks the outside half of any wide character cut by the left or right edge of `rect`.
    private mutating func repairWideEdges(_ rect: Rect) {
        for y in rect.y..<rect.maxY {
            let left = y * width + rect.x
            if cells[left].isContinuation, rect.x > 0 { cells[left - 1] = .blank(cells[left - 1].style) }
            let right = y * width + rect.maxX - 1
            if cells[right].width == 2, rect.maxX < width { cells[right + 1] = .blank(cells[right + 1].style) }
        }
    }
}
