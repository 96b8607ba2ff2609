/// The lines of a small configuration file (a theme, the settings) as editors write them: LF or CRLF line ends, with
/// or without a UTF-8 byte-order mark.
public enum ConfigLines {
    /// The lines of `text`, numbered from 1, the line ends and a leading byte-order mark removed.
    public static func of(_ text: String) -> [(number: Int, text: Substring)] {
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        // "\r\n" is one Character in Swift, and a newline like "\n", so one split handles both line ends.
        return body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().map { (number: $0.offset + 1, text: $0.element) }
    }
}
