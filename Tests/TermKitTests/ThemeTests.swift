import Foundation
import Testing
import TermKit

@Suite struct ThemeTests {
    /// The repository's Themes/ folder.
    static let themesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes")

    @Test func everyShippedThemeParsesAndSetsEveryRole() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.themesFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "theme" }
        #expect(Set(files.map(\.lastPathComponent)).isSuperset(of: ["dark.theme", "light.theme", "high-contrast.theme", "colorblind.theme"]))
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let theme = try Theme.parse(text, file: file.lastPathComponent)   // unknown keys throw
            let keys = text.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("=") }
                .map { $0.split(separator: "=")[0].trimmingCharacters(in: .whitespaces) }
            #expect(Set(keys) == Set(ThemeRole.allCases.map(\.rawValue)), "\(file.lastPathComponent) sets every role")
            #expect(theme[.mainFg] != theme[.mainBg])
            #expect(theme[.selectedFg] != theme[.selectedBg])
        }
    }

    @Test func darkFileMatchesTheBuiltInDefaults() throws {
        let theme = try Theme.load(contentsOf: Self.themesFolder.appendingPathComponent("dark.theme"))
        #expect(theme.name == "dark")
        #expect(theme.colors == Theme().colors)
    }

    @Test func missingKeysFallBackToDefaults() throws {
        let theme = try Theme.parse("# only one\nmain_bg = #000000\n", file: "t.theme")
        #expect(theme[.mainBg] == RGB(0, 0, 0))
        #expect(theme[.mainFg] == ThemeRole.mainFg.defaultColor)
    }

    @Test func errorsNameTheFileAndLine() {
        #expect(throws: ConfigFileError(file: "bad.theme", line: 3, message: "unknown key 'main_bgg'")) {
            try Theme.parse("# c\n\nmain_bgg = #000000", file: "bad.theme")
        }
        #expect(throws: ConfigFileError(file: "bad.theme", line: 1, message: "'#12' is not a colour (#rrggbb)")) {
            try Theme.parse("title = #12", file: "bad.theme")
        }
        #expect(throws: ConfigFileError(file: "bad.theme", line: 2, message: "expected 'role = #rrggbb'")) {
            try Theme.parse("title = #123456\ntitle #123456", file: "bad.theme")
        }
        #expect(throws: ConfigFileError(file: "bad.theme", line: 2, message: "'title' is set twice")) {
            try Theme.parse("title = #123456\ntitle = #654321", file: "bad.theme")
        }
        #expect(ConfigFileError(file: "a.theme", line: 4, message: "oops").description == "a.theme:4: oops")
    }

    @Test func windowsLineEndsAndAByteOrderMarkAreRead() throws {
        let dark = try String(contentsOf: Self.themesFolder.appendingPathComponent("dark.theme"), encoding: .utf8)
        let windows = "\u{FEFF}" + dark.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try Theme.parse(windows, file: "dark.theme").colors == Theme().colors)
        #expect(throws: ConfigFileError(file: "bad.theme", line: 2, message: "'title' is set twice")) {
            try Theme.parse("\u{FEFF}title = #123456\r\ntitle = #654321\r\n", file: "bad.theme")
        }
    }

    @Test func serializedThemeParsesBack() throws {
        var theme = Theme(name: "x")
        theme[.accent] = RGB(1, 2, 3)
        let again = try Theme.parse(theme.serialized(), file: "x", name: "x")
        #expect(again == theme)
    }
}
