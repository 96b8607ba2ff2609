import TermKit

/// The `key  value` lines `info` prints, keys padded to one width; a file's own strings (its model name, hook point,
/// where its statistics came from) may hold control characters, which are shown as their pictures (␛, ␊), never sent
/// to the terminal.
enum KeyValueTable {
    /// Prints `lines` to standard output.
    static func print(_ lines: [(key: String, value: String)]) {
        let width = lines.map(\.key.count).max() ?? 0
        for (key, value) in lines {
            Swift.print(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + DisplayWidth.visibleText(value))
        }
    }
}
