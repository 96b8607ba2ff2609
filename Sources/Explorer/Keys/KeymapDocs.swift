import TermKit

/// The keymap written out for people: help overlay lines and the docs/KEYS.md page.
package enum KeymapDocs {
    /// The keys of a binding as written in help, e.g. "j ↓".
    package static func keys(_ binding: KeyBinding) -> String {
        binding.keys.map(\.description).joined(separator: " ")
    }

    /// Help lines grouped by context: a heading per context, then (keys, help) rows.
    package static func sections() -> [(title: String, rows: [(keys: String, help: String)])] {
        var sections: [(title: String, rows: [(keys: String, help: String)])] = []
        for context in KeyContext.allCases {
            let rows: [(keys: String, help: String)] = Keymap.bindings.filter { $0.context == context }
                .map { (keys: keys($0), help: $0.help) }
            if !rows.isEmpty { sections.append((title: context.rawValue, rows: rows)) }
        }
        return sections
    }

    /// docs/KEYS.md: one table per context.
    package static func markdown() -> String {
        var lines = [
            "# saescope explorer keys",
            "",
            "Generated from the keymap table (`Sources/Explorer/Keys/Keymap.swift`); do not edit by hand.",
            "Regenerate with `UPDATE_KEYS_DOC=1 swift test --filter KeymapTests`.",
        ]
        for section in sections() {
            lines += ["", "## \(section.title)", "", "| keys | action |", "|---|---|"]
            lines += section.rows.map { "| `\($0.keys.replacingOccurrences(of: "|", with: "\\|"))` | \($0.help) |" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
