/// The text and cursor of a one-line input, with the usual editing operations.
public struct TextField: Equatable, Sendable {
    /// The characters typed so far.
    public private(set) var characters: [Character]
    /// The cursor position, between characters (0 … characters.count).
    public private(set) var cursor: Int

    /// A field holding `text` with the cursor at its end.
    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    /// The field's text.
    public var text: String { String(characters) }

    /// Inserts text at the cursor and moves the cursor past it; a combining mark, variation selector or joiner typed
    /// after a character joins it, as grapheme clusters do.
    public mutating func insert(_ text: String) {
        let before = String(characters[..<cursor]) + text
        characters = Array(before + String(characters[cursor...]))
        cursor = min(characters.count, before.count)
    }

    /// Deletes the character before the cursor.
    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Deletes the character under the cursor.
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    /// Deletes the word before the cursor (and the spaces after it).
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Moves the cursor by `delta` characters, staying inside the text.
    public mutating func moveCursor(by delta: Int) { cursor = min(characters.count, max(0, cursor + delta)) }

    /// Moves the cursor to the start.
    public mutating func moveToStart() { cursor = 0 }

    /// Moves the cursor to the end.
    public mutating func moveToEnd() { cursor = characters.count }

    /// Empties the field.
    public mutating func clear() {
        characters = []
        cursor = 0
    }
}
