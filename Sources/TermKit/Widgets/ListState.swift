/// The selection and scroll position of a list.
public struct ListState: Equatable, Sendable {
    /// The selected row, nil when the list is empty.
    public var selected: Int?
    /// The first row shown.
    public var offset: Int

    /// A state selecting `selected`, scrolled to `offset`.
    public init(selected: Int? = nil, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Moves the selection by `delta` rows, clamped to a list of `count` rows.
    public mutating func move(by delta: Int, count: Int) {
        guard count > 0 else { selected = nil; offset = 0; return }
        selected = min(count - 1, max(0, (selected ?? 0) + delta))
    }

    /// Selects a row, clamped to a list of `count` rows.
    public mutating func select(_ row: Int, count: Int) {
        guard count > 0 else { selected = nil; offset = 0; return }
        selected = min(count - 1, max(0, row))
    }

    /// Scrolls as little as possible so the selection shows in `height` rows of a list of `count` rows.
    public mutating func scrollToSelection(height: Int, count: Int) {
        guard height > 0 else { return }
        offset = min(offset, max(0, count - height))
        guard let selected else { offset = max(0, offset); return }
        if selected < offset { offset = selected }
        if selected >= offset + height { offset = selected - height + 1 }
        offset = max(0, offset)
    }
}
