/// A theme's heat scale resolved for one colour depth, precomputed once: activation fraction → cell style and glyph.
public struct HeatScale: Equatable, Sendable {
    /// Number of colour steps on colour-rich terminals.
    public static let steps = 64
    /// Number of levels (0 = no activation) on terminals with few colours.
    public static let levels = 5

    /// The truecolour ramp from heat_start through heat_mid to heat_end.
    public let ramp: [RGB]
    /// The style of each step (or of each level when the depth needs shade glyphs).
    public let styles: [Style]
    /// The shade glyph of each level.
    public let shades: [String]
    /// Whether styles are indexed by level (few colours) instead of step.
    public let usesLevels: Bool

    /// Precomputes the scale of `theme` at `depth` with the shade glyphs of `glyphs`.
    public init(theme: Theme, depth: ColorDepth, glyphs: Glyphs) {
        let start = theme[.heatStart], mid = theme[.heatMid], end = theme[.heatEnd]
        let ramp = (0..<Self.steps).map { i in
            let t = Double(i) / Double(Self.steps - 1)
            return t <= 0.5 ? start.mix(mid, t * 2) : mid.mix(end, (t - 0.5) * 2)
        }
        self.ramp = ramp
        shades = glyphs.shades
        usesLevels = depth.needsShadeGlyphs
        if depth.needsShadeGlyphs {
            let attributes: [Attributes] = [[], [.underline], [.bold], [.bold, .underline], [.bold, .reverse]]
            styles = (0..<Self.levels).map { level in
                guard level > 0, depth != .monochrome else { return Style(attributes: attributes[level]) }
                let color = Self.rampColor(ramp, Double(level) / Double(Self.levels - 1))
                return Style(fg: ColorReduction.reduce(color, to: depth), attributes: attributes[level])
            }
        } else {
            styles = ramp.map { color in
                let text = color.luma > 0.55 ? RGB(0, 0, 0) : RGB(0xFF, 0xFF, 0xFF)
                return Style(fg: ColorReduction.reduce(text, to: depth), bg: ColorReduction.reduce(color, to: depth))
            }
        }
    }

    /// The fraction of the maximum (clamped to 0…1; 0 when the maximum is not positive).
    public static func fraction(_ value: Float, max maximum: Float) -> Double {
        guard maximum > 0, value.isFinite, value > 0 else { return 0 }
        return min(1, Double(value / maximum))
    }

    /// The level 0…4 of a fraction: 0 only for no activation at all.
    public static func level(_ fraction: Double) -> Int {
        guard fraction > 0 else { return 0 }
        return min(levels - 1, max(1, Int((fraction * Double(levels - 1)).rounded(.up))))
    }

    /// The style of a cell showing an activation of `value` against `max`.
    public func style(_ value: Float, max maximum: Float) -> Style {
        let f = Self.fraction(value, max: maximum)
        if usesLevels { return styles[Self.level(f)] }
        return styles[Int((f * Double(Self.steps - 1)).rounded())]
    }

    /// The shade glyph of an activation of `value` against `max`.
    public func shade(_ value: Float, max maximum: Float) -> String {
        shades[Self.level(Self.fraction(value, max: maximum))]
    }

    private static func rampColor(_ ramp: [RGB], _ t: Double) -> RGB {
        ramp[Int((t * Double(ramp.count - 1)).rounded())]
    }
}
