import Foundation
import TermKit

/// The explorer's settings file: `key = value` lines (`theme`, `colors`), `#` comments.
package struct ExplorerSettings: Equatable, Sendable {
    /// A theme name or path.
    package var theme: String?
    /// A colour depth to use instead of the detected one.
    package var colors: ColorDepth?

    /// Settings with nothing set.
    package init(theme: String? = nil, colors: ColorDepth? = nil) {
        self.theme = theme
        self.colors = colors
    }

    /// The colour depth a `colors` value names: truecolor, 256, 16, 8 or mono.
    package static func depth(named name: String) -> ColorDepth? {
        switch name.lowercased() {
        case "truecolor", "24bit": return .trueColor
        case "256": return .colors256
        case "16": return .colors16
        case "8": return .colors8
        case "mono", "monochrome", "0": return .monochrome
        default: return nil
        }
    }

    /// Parses settings text (LF or CRLF, with or without a byte-order mark); errors name `file` and the line.
    package static func parse(_ text: String, file: String) throws -> ExplorerSettings {
        var settings = ExplorerSettings()
        for (number, raw) in ConfigLines.of(text) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else {
                throw ConfigFileError(file: file, line: number, message: "expected 'key = value'")
            }
            switch parts[0] {
            case "theme": settings.theme = parts[1]
            case "colors":
                guard let depth = depth(named: parts[1]) else {
                    throw ConfigFileError(file: file, line: number, message: "colors must be truecolor, 256, 16, 8 or mono")
                }
                settings.colors = depth
            default: throw ConfigFileError(file: file, line: number, message: "unknown key '\(parts[0])'")
            }
        }
        return settings
    }
}
