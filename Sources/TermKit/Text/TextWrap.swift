/// Word wrapping by display columns.
public enum TextWrap {
    /// The lines of `text` wrapped to `columns`: at line breaks, then between words; a word wider than a line is cut
    /// between characters. Spaces that end a line are dropped; controls other than line breaks count as their visible
    /// form.
    public static func lines(_ text: String, columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        // "\r\n" is one Character in Swift; every kind of line break ends a paragraph.
        for paragraph in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = ""
            var width = 0
            for word in words(paragraph) {
                let wordWidth = DisplayWidth.of(DisplayWidth.visibleText(word))
                if width + wordWidth <= columns {
                    line += word
                    width += wordWidth
                    continue
                }
                // Spaces that do not fit end the line; they do not start the next one.
                if word.allSatisfy({ $0 == " " }) { continue }
                if !line.isEmpty {
                    lines.append(trimmingTrailingSpaces(line))
                    line = ""
                    width = 0
                }
                var piece = word.drop { $0 == " " }
                while !piece.isEmpty {
                    let fitted = DisplayWidth.prefix(String(piece), fitting: columns - width)
                    guard !fitted.text.isEmpty else {
                        // A character wider than the whole line: put it on a line of its own.
                        lines.append(String(piece.prefix(1)))
                        piece = piece.dropFirst()
                        continue
                    }
                    line += fitted.text
                    width += fitted.width
                    piece = piece.dropFirst(fitted.text.count)
                    if !piece.isEmpty {
                        lines.append(line)
                        line = ""
                        width = 0
                    }
                }
            }
            lines.append(trimmingTrailingSpaces(line))
        }
        return lines
    }

    /// The paragraph cut into words, each keeping the spaces before it.
    private static func words(_ paragraph: Substring) -> [Substring] {
        var words: [Substring] = []
        var start = paragraph.startIndex
        var index = paragraph.startIndex
        var inWord = false
        while index < paragraph.endIndex {
            let isSpace = paragraph[index] == " "
            if isSpace, inWord {
                words.append(paragraph[start..<index])
                start = index
                inWord = false
            } else if !isSpace {
                inWord = true
            }
            index = paragraph.index(after: index)
        }
        if start < paragraph.endIndex { words.append(paragraph[start...]) }
        return words
    }

    private static func trimmingTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
