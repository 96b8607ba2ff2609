/// Where frames go and keys come from: the ncurses terminal, or a script in tests.
public protocol TerminalDevice: AnyObject {
    /// The screen size in columns and rows.
    var size: (width: Int, height: Int) { get }
    /// The colour depth frames are drawn for.
    var depth: ColorDepth { get }
    /// The decoration glyphs the terminal can show.
    var glyphs: Glyphs { get }
    /// Waits up to `timeout` milliseconds for a key; nil when none came.
    func readKey(timeout: Int32) -> Key?
    /// Shows a frame.
    func draw(_ frame: Buffer)
}
