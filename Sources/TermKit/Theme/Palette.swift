/// The styles panes draw with.
public enum StyleRole: CaseIterable, Sendable {
    case normal, dim, title, border, borderFocused, selected, status, input, accent, warning, error
}

/// A theme resolved for one terminal: styles for every role at its colour depth, the heat scale and the glyphs.
public struct Palette: Equatable, Sendable {
    public let theme: Theme
    public let depth: ColorDepth
    public let glyphs: Glyphs
    public let heat: HeatScale
    private let styles: [StyleRole: Style]

    /// Resolves `theme` for a terminal with `depth` colours, drawing decorations with `glyphs`.
    public init(theme: Theme, depth: ColorDepth, glyphs: Glyphs = .unicode) {
        self.theme = theme
        self.depth = depth
        self.glyphs = glyphs
        heat = HeatScale(theme: theme, depth: depth, glyphs: glyphs)
        var styles: [StyleRole: Style] = [:]
        for role in StyleRole.allCases { styles[role] = Self.resolve(role, theme, depth) }
        self.styles = styles
    }

    /// The style of a role.
    public func style(_ role: StyleRole) -> Style { styles[role] ?? .plain }

    /// Colours of a role in the theme, and the attributes that stand in for them without colour.
    private static func recipe(_ role: StyleRole, _ theme: Theme) -> (fg: RGB, bg: RGB, fallback: Attributes) {
        let bg = theme[.mainBg]
        switch role {
        case .normal: return (theme[.mainFg], bg, [])
        case .dim: return (theme[.dimFg], bg, [.dim])
        case .title: return (theme[.title], bg, [.bold])
        case .border: return (theme[.border], bg, [])
        case .borderFocused: return (theme[.borderFocused], bg, [.bold])
        case .selected: return (theme[.selectedFg], theme[.selectedBg], [.reverse])
        case .status: return (theme[.statusFg], theme[.statusBg], [.reverse])
        case .input: return (theme[.inputFg], theme[.inputBg], [.underline])
        case .accent: return (theme[.accent], bg, [.bold])
        case .warning: return (theme[.warning], bg, [.bold])
        case .error: return (theme[.error], bg, [.bold, .reverse])
        }
    }

    /// A role's style at a depth; with 16 colours or fewer, roles whose colours collapse together use attributes.
    private static func resolve(_ role: StyleRole, _ theme: Theme, _ depth: ColorDepth) -> Style {
        let (fg, bg, fallback) = recipe(role, theme)
        if depth == .monochrome { return Style(attributes: fallback) }
        let style = Style(fg: ColorReduction.reduce(fg, to: depth), bg: ColorReduction.reduce(bg, to: depth))
        guard depth.needsShadeGlyphs else { return style }
        let base = ColorReduction.reduce(theme[.mainBg], to: depth)
        let lostForeground = style.fg == style.bg
        let lostBackground = bg != theme[.mainBg] && style.bg == base
        if lostForeground || lostBackground {
            return Style(fg: .default, bg: .default, attributes: fallback)
        }
        return style.adding(fallback.subtracting([.reverse, .underline, .dim]))
    }
}
