/// Maps truecolour values onto smaller palettes: the xterm 256-colour cube and grey ramp, 16, 8 or no colours.
public enum ColorReduction {
    /// The channel levels of the xterm 6×6×6 colour cube (palette entries 16–231).
    public static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The usual xterm values of the 16 basic palette entries.
    public static let basic16: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The colour to use at `depth` for a truecolour value.
    public static func reduce(_ color: RGB, to depth: ColorDepth) -> Color {
        switch depth {
        case .trueColor: return .rgb(color)
        case .colors256: return .indexed(index256(color))
        case .colors16: return .indexed(nearest(color, in: basic16))
        case .colors8: return .indexed(nearest(color, in: Array(basic16.prefix(8))))
        case .monochrome: return .default
        }
    }

    /// The nearest entry of the 256-colour palette among the cube (16–231) and the grey ramp (232–255).
    public static func index256(_ color: RGB) -> UInt8 {
        func level(_ channel: UInt8) -> Int {
            var best = 0
            for i in cubeLevels.indices where abs(Int(cubeLevels[i]) - Int(channel)) < abs(Int(cubeLevels[best]) - Int(channel)) {
                best = i
            }
            return best
        }
        let (ri, gi, bi) = (level(color.r), level(color.g), level(color.b))
        let cube = RGB(cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
        let mean = (Int(color.r) + Int(color.g) + Int(color.b)) / 3
        let greyStep = min(23, max(0, (mean - 3) / 10))
        let greyValue = UInt8(8 + 10 * greyStep)
        let grey = RGB(greyValue, greyValue, greyValue)
        if grey.distance(to: color) < cube.distance(to: color) { return UInt8(232 + greyStep) }
        return UInt8(16 + 36 * ri + 6 * gi + bi)
    }

    /// The RGB value of a 256-colour palette entry.
    public static func rgb(of index: UInt8) -> RGB {
        switch index {
        case 0..<16: return basic16[Int(index)]
        case 16..<232:
            let i = Int(index) - 16
            return RGB(cubeLevels[i / 36], cubeLevels[i / 6 % 6], cubeLevels[i % 6])
        default:
            let v = UInt8(8 + 10 * (Int(index) - 232))
            return RGB(v, v, v)
        }
    }

    private static func nearest(_ color: RGB, in palette: [RGB]) -> UInt8 {
        var best = 0
        for i in palette.indices where palette[i].distance(to: color) < palette[best].distance(to: color) { best = i }
        return UInt8(best)
    }
}
