import TermKit

/// Text from files (labels, explanations, tokens, names) as the terminal may be given it: each control character as
/// its picture (␛, ␊), so that a hostile index or import cannot send escape sequences.
enum TerminalText {
    /// `text` with its control characters shown as pictures.
    static func visible(_ text: String) -> String { String(text.map(DisplayWidth.visible)) }

    /// Each line of `text` made visible, the line breaks kept.
    static func visibleLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { visible(String($0)) }.joined(separator: "\n")
    }
}
