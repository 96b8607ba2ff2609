/// A key press, decoded by a backend, in the terms the keymap uses.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (any script).
    case char(Character)
    /// Ctrl with a letter (lower case), e.g. `.ctrl("c")`.
    case ctrl(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, backspace, delete, escape, tab, backTab
    /// A function key F1–F12.
    case function(Int)
    /// The terminal changed size.
    case resize
    /// Text pasted in one go (bracketed paste), newlines and all, so that a pasted newline is not Enter.
    case paste(String)

    /// How the key is written in help and docs.
    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .function(let n): return "F\(n)"
        case .resize: return "resize"
        case .paste: return "paste"
        }
    }

    /// The key a control byte (1–31 or 127) stands for: Tab, Enter, Backspace, Esc or Ctrl with a letter.
    public static func control(_ byte: UInt32) -> Key? {
        switch byte {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 1...26: return .ctrl(Character(Unicode.Scalar(byte + 96)!))
        default: return nil
        }
    }
}
