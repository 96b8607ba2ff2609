import Foundation

/// A colour theme: one colour per role, read from a small text file of `role = #rrggbb` lines.
public struct Theme: Equatable, Sendable {
    /// The theme's name (its file name without extension).
    public var name: String
    /// The colour of every role; roles a file leaves out keep their defaults.
    public var colors: [ThemeRole: RGB]

    /// A theme with every role at its default colour.
    public init(name: String = "default") {
        self.name = name
        colors = Dictionary(uniqueKeysWithValues: ThemeRole.allCases.map { ($0, $0.defaultColor) })
    }

    /// The colour of a role.
    public subscript(role: ThemeRole) -> RGB {
        get { colors[role] ?? role.defaultColor }
        set { colors[role] = newValue }
    }

    /// Parses theme text (LF or CRLF, with or without a byte-order mark); `file` names the source in errors. Blank
    /// lines and lines starting with `#` are comments.
    public static func parse(_ text: String, file: String, name: String? = nil) throws -> Theme {
        var theme = Theme(name: name ?? file)
        var seen: Set<ThemeRole> = []
        for (number, rawLine) in ConfigLines.of(text) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigFileError(file: file, line: number, message: "expected 'role = #rrggbb'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard let role = ThemeRole(rawValue: key) else {
                throw ConfigFileError(file: file, line: number, message: "unknown key '\(key)'")
            }
            guard !seen.contains(role) else {
                throw ConfigFileError(file: file, line: number, message: "'\(key)' is set twice")
            }
            guard let color = RGB(hex: value) else {
                throw ConfigFileError(file: file, line: number, message: "'\(value)' is not a colour (#rrggbb)")
            }
            seen.insert(role)
            theme[role] = color
        }
        return theme
    }

    /// Reads and parses a theme file; the theme is named after the file.
    public static func load(contentsOf url: URL) throws -> Theme {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigFileError(file: url.path, line: 0, message: "cannot read the file")
        }
        return try parse(text, file: url.path, name: url.deletingPathExtension().lastPathComponent)
    }

    /// The theme written in the file format, a comment before each role.
    public func serialized() -> String {
        ThemeRole.allCases.map { "# \($0.summary)\n\($0.rawValue) = \(self[$0])" }.joined(separator: "\n") + "\n"
    }
}
