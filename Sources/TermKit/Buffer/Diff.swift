/// One cell that differs between two frames.
public struct CellChange: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var cell: Cell
}

extension Buffer {
    /// The cells of `new` that differ from `old`, in row order; every non-continuation cell when the sizes differ.
    /// Continuation cells are never sent (drawing a wide character fills them); a cell that stops being the right
    /// half of a wide character is sent, and so is a wide character whose right half was overwritten.
    public static func diff(_ old: Buffer, _ new: Buffer) -> [CellChange] {
        var changes: [CellChange] = []
        let sameSize = old.area == new.area
        for y in 0..<new.height {
            for x in 0..<new.width {
                let cell = new[x, y]
                if cell.isContinuation { continue }
                if sameSize, old[x, y] == cell, cell.width != 2 || old[x + 1, y] == new[x + 1, y] { continue }
                changes.append(CellChange(x: x, y: y, cell: cell))
            }
        }
        return changes
    }
}
