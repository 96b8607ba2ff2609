import CNcursesW
import TermKit

/// Turns what `wget_wch` returns into a `Key`: a wide character, or an ncurses key code.
public enum KeyDecoder {
    /// The key for a `wget_wch` result: `isKeyCode` when it returned KEY_CODE_YES; nil for keys the app ignores.
    public static func decode(_ value: UInt32, isKeyCode: Bool) -> Key? {
        guard isKeyCode else {
            if let key = Key.control(value) { return key }
            guard value >= 0x20, let scalar = Unicode.Scalar(value) else { return nil }
            return .char(Character(scalar))
        }
        switch Int32(bitPattern: value) {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(Int32(bitPattern: value) - KEY_F0))
        default: return nil
        }
    }
}
