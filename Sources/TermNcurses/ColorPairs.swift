import TermKit

/// Colour-pair bookkeeping: each foreground/background combination gets one pair number, up to the terminal's limit.
public struct ColorPairs: Sendable {
    /// How many pairs the terminal has (pair 0 is the terminal default and never handed out).
    public let capacity: Int
    private var numbers: [Pair: Int32] = [:]

    private struct Pair: Hashable, Sendable {
        var fg: Int32
        var bg: Int32
    }

    /// Bookkeeping for a terminal with `capacity` pairs.
    public init(capacity: Int) { self.capacity = capacity }

    /// The pair for (fg, bg) and whether it is new (the caller must define it); nil when every pair is taken.
    public mutating func pair(fg: Int32, bg: Int32) -> (number: Int32, isNew: Bool)? {
        if fg == -1, bg == -1 { return (0, false) }
        let key = Pair(fg: fg, bg: bg)
        if let number = numbers[key] { return (number, false) }
        guard numbers.count + 1 < capacity else { return nil }
        let number = Int32(numbers.count + 1)
        numbers[key] = number
        return (number, true)
    }

    /// Forgets every pair (after which the screen must be redrawn in full).
    public mutating func reset() { numbers = [:] }

    /// The ncurses colour number for a cell colour at a depth: -1 for the default, the RGB value itself on direct-colour
    /// terminals (lifted above 7, which such terminals read as the basic colours), the palette index otherwise.
    public static func colorNumber(_ color: Color, depth: ColorDepth) -> Int32 {
        switch (color, depth) {
        case (.default, _), (_, .monochrome): return -1
        case (.rgb(let c), .trueColor): return max(8, Int32(c.r) << 16 | Int32(c.g) << 8 | Int32(c.b))
        case (.indexed(let i), .trueColor):
            let c = ColorReduction.rgb(of: i)
            return max(8, Int32(c.r) << 16 | Int32(c.g) << 8 | Int32(c.b))
        case (.rgb(let c), _):
            guard case .indexed(let i) = ColorReduction.reduce(c, to: depth) else { return -1 }
            return Int32(i)
        case (.indexed(let i), _): return Int32(i)
        }
    }
}
