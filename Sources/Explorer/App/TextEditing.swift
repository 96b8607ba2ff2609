import TermKit

/// The editing keys shared by every text input: characters, pastes, Backspace, Delete, cursor keys, Ctrl-w, Ctrl-u.
enum TextEditing {
    /// Applies `key` to `field`; false when the key is not an editing key.
    static func apply(_ key: Key, to field: inout TextField) -> Bool {
        switch key {
        case .char(let c): field.insert(String(c))
        // The fields are one line: pasted line breaks and tabs become spaces.
        case .paste(let text): field.insert(String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }))
        case .backspace: field.deleteBackward()
        case .delete: field.deleteForward()
        case .left: field.moveCursor(by: -1)
        case .right: field.moveCursor(by: 1)
        case .home: field.moveToStart()
        case .end: field.moveToEnd()
        case .ctrl("w"): field.deleteWordBackward()
        case .ctrl("u"): field.clear()
        default: return false
        }
        return true
    }
}
