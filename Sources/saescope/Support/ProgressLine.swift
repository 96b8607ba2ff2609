import Foundation

/// A one-line progress display on stderr, redrawn in place on a terminal and printed every few seconds otherwise.
final class ProgressLine {
    private let interactive = isatty(STDERR_FILENO) != 0
    private var lastPrint = Date.distantPast

    /// Shows `text`; on a non-terminal only every `interval` seconds, or when `force` is set.
    func update(_ text: String, force: Bool = false, interval: TimeInterval = 5) {
        if interactive {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        } else if force || Date().timeIntervalSince(lastPrint) >= interval {
            FileHandle.standardError.write(Data("\(text)\n".utf8))
            lastPrint = Date()
        }
    }

    /// Ends the line.
    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// A bar of `width` cells filled to `fraction`.
    static func bar(_ fraction: Double, width: Int = 24) -> String {
        let filled = Int((max(0, min(1, fraction)) * Double(width)).rounded())
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    /// Seconds as h:mm:ss.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds)
        return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }
}
