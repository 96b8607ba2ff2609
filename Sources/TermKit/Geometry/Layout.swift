/// How much room one part of a split asks for.
public enum Constraint: Equatable, Sendable {
    /// Exactly this many cells (less when there is not enough room).
    case fixed(Int)
    /// This percentage of the whole length.
    case percent(Int)
    /// A share of what is left after fixed and percentage parts, by weight.
    case fill(Int)
}

/// The direction in which a rectangle is split.
public enum Axis: Sendable {
    /// Parts stacked top to bottom.
    case vertical
    /// Parts side by side, left to right.
    case horizontal
}

/// Splits rectangles into parts along one axis by constraints.
public enum Layout {
    /// Splits `rect` along `axis`; the parts tile the rectangle exactly, in order, with `spacing` cells between them.
    public static func split(_ rect: Rect, _ axis: Axis, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        guard !constraints.isEmpty else { return [] }
        let total = axis == .vertical ? rect.height : rect.width
        let available = max(0, total - spacing * (constraints.count - 1))
        var lengths = constraints.map { constraint -> Int in
            switch constraint {
            case .fixed(let n): return max(0, n)
            case .percent(let p): return max(0, available * p / 100)
            case .fill: return 0
            }
        }
        var used = lengths.reduce(0, +)
        // Shrink fixed and percentage parts from the end when they ask for more than there is.
        var index = lengths.count - 1
        while used > available, index >= 0 {
            let cut = min(lengths[index], used - available)
            lengths[index] -= cut
            used -= cut
            index -= 1
        }
        let weights = constraints.map { if case .fill(let w) = $0 { return max(0, w) } else { return 0 } }
        let weightSum = weights.reduce(0, +)
        if weightSum > 0 {
            let remaining = available - used
            var given = 0
            var lastFill = 0
            for i in weights.indices where weights[i] > 0 {
                lengths[i] = remaining * weights[i] / weightSum
                given += lengths[i]
                lastFill = i
            }
            lengths[lastFill] += remaining - given
        }
        var parts: [Rect] = []
        var offset = 0
        for length in lengths {
            switch axis {
            case .vertical: parts.append(Rect(x: rect.x, y: rect.y + offset, width: rect.width, height: length))
            case .horizontal: parts.append(Rect(x: rect.x + offset, y: rect.y, width: length, height: rect.height))
            }
            offset += length + spacing
        }
        return parts
    }

    /// A rectangle of the given size centred in `rect` (clipped to it).
    public static func centered(in rect: Rect, width: Int, height: Int) -> Rect {
        let w = min(width, rect.width), h = min(height, rect.height)
        return Rect(x: rect.x + (rect.width - w) / 2, y: rect.y + (rect.height - h) / 2, width: w, height: h)
    }
}
