/// A named colour of a theme, as written in a `.theme` file, with its default (the dark theme) and its meaning.
public enum ThemeRole: String, CaseIterable, Sendable {
    case mainBg = "main_bg"
    case mainFg = "main_fg"
    case dimFg = "dim_fg"
    case title = "title"
    case border = "border"
    case borderFocused = "border_focused"
    case selectedBg = "selected_bg"
    case selectedFg = "selected_fg"
    case statusBg = "status_bg"
    case statusFg = "status_fg"
    case inputBg = "input_bg"
    case inputFg = "input_fg"
    case accent = "accent"
    case warning = "warning"
    case error = "error"
    case heatStart = "heat_start"
    case heatMid = "heat_mid"
    case heatEnd = "heat_end"

    /// The colour used when a theme file leaves the role out.
    public var defaultColor: RGB {
        switch self {
        case .mainBg: return RGB(0x1C, 0x1E, 0x26)
        case .mainFg: return RGB(0xD8, 0xDC, 0xE6)
        case .dimFg: return RGB(0x7A, 0x80, 0x90)
        case .title: return RGB(0x8C, 0xC8, 0xFF)
        case .border: return RGB(0x44, 0x4A, 0x58)
        case .borderFocused: return RGB(0x8C, 0xC8, 0xFF)
        case .selectedBg: return RGB(0x33, 0x4C, 0x70)
        case .selectedFg: return RGB(0xFF, 0xFF, 0xFF)
        case .statusBg: return RGB(0x2A, 0x2E, 0x3A)
        case .statusFg: return RGB(0xC0, 0xC6, 0xD4)
        case .inputBg: return RGB(0x26, 0x2A, 0x34)
        case .inputFg: return RGB(0xF0, 0xF0, 0xF0)
        case .accent: return RGB(0xFF, 0xC8, 0x57)
        case .warning: return RGB(0xF0, 0xA0, 0x40)
        case .error: return RGB(0xF0, 0x60, 0x60)
        case .heatStart: return RGB(0x1C, 0x1E, 0x26)
        case .heatMid: return RGB(0xB0, 0x40, 0x20)
        case .heatEnd: return RGB(0xFF, 0xD0, 0x40)
        }
    }

    /// What the role colours, for comments in theme files and help.
    public var summary: String {
        switch self {
        case .mainBg: return "background of every pane"
        case .mainFg: return "ordinary text"
        case .dimFg: return "secondary text: hints, counts, inactive items"
        case .title: return "pane titles"
        case .border: return "borders of panes without focus"
        case .borderFocused: return "border of the pane with focus"
        case .selectedBg: return "background of the selected row"
        case .selectedFg: return "text of the selected row"
        case .statusBg: return "background of the status line"
        case .statusFg: return "text of the status line"
        case .inputBg: return "background of text inputs"
        case .inputFg: return "text typed into inputs"
        case .accent: return "highlights: matches, stars, the feature in focus"
        case .warning: return "warnings in the status line"
        case .error: return "errors"
        case .heatStart: return "heat scale at zero activation"
        case .heatMid: return "heat scale at half the maximum"
        case .heatEnd: return "heat scale at the maximum activation"
        }
    }
}
