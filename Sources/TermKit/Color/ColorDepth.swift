/// How many colours a terminal can show.
public enum ColorDepth: Int, CaseIterable, Comparable, Sendable {
    case monochrome = 0
    case colors8 = 8
    case colors16 = 16
    case colors256 = 256
    case trueColor = 16_777_216

    /// The depth from the terminal's palette size (terminfo `colors`), `COLORTERM`, and whether the terminal can take
    /// direct RGB colours; truecolour needs both the environment's claim and a terminal that can draw it.
    public static func detect(colorCount: Int, colorTerm: String?, directColor: Bool) -> ColorDepth {
        let claimsTrueColor = colorTerm.map { ["truecolor", "24bit"].contains($0.lowercased()) } ?? false
        if directColor && (claimsTrueColor || colorCount >= 16_777_216) { return .trueColor }
        if colorCount >= 256 { return .colors256 }
        if colorCount >= 16 { return .colors16 }
        if colorCount >= 8 { return .colors8 }
        return .monochrome
    }

    /// Whether shades must be shown with glyphs and attributes rather than colour ramps.
    public var needsShadeGlyphs: Bool { self <= .colors16 }

    /// Fewer colours sort first.
    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }
}
