import Explorer
import TermKit
import Testing

@Suite struct ExplorerSettingsTests {
    @Test func parsesThemeAndColours() throws {
        let settings = try ExplorerSettings.parse("# mine\ntheme = light\n\ncolors = 16\n", file: "config")
        #expect(settings == ExplorerSettings(theme: "light", colors: .colors16))
        #expect(try ExplorerSettings.parse("", file: "config") == ExplorerSettings())
        #expect(ExplorerSettings.depth(named: "mono") == .monochrome)
        #expect(ExplorerSettings.depth(named: "TrueColor") == .trueColor)
        #expect(ExplorerSettings.depth(named: "12") == nil)
    }

    @Test func windowsLineEndsAndAByteOrderMarkAreRead() throws {
        let settings = try ExplorerSettings.parse("\u{FEFF}# mine\r\ntheme = light\r\n\r\ncolors = 16\r\n", file: "config")
        #expect(settings == ExplorerSettings(theme: "light", colors: .colors16))
        #expect(throws: ConfigFileError(file: "config", line: 3, message: "unknown key 'colour'")) {
            try ExplorerSettings.parse("\u{FEFF}theme = dark\r\n\r\ncolour = 8\r\n", file: "config")
        }
    }

    @Test func errorsNameTheFileAndLine() {
        #expect(throws: ConfigFileError(file: "config", line: 2, message: "unknown key 'colour'")) {
            try ExplorerSettings.parse("theme = dark\ncolour = 8", file: "config")
        }
        #expect(throws: ConfigFileError(file: "config", line: 1, message: "colors must be truecolor, 256, 16, 8 or mono")) {
            try ExplorerSettings.parse("colors = lots", file: "config")
        }
        #expect(throws: ConfigFileError(file: "config", line: 1, message: "expected 'key = value'")) {
            try ExplorerSettings.parse("theme", file: "config")
        }
        #expect(ConfigFileError(file: "c", line: 3, message: "m").description == "c:3: m")
    }
}
