/// A colour as a cell asks the terminal to show it.
public enum Color: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case `default`
    /// A truecolour value (only drawn as such on truecolour terminals).
    case rgb(RGB)
    /// An entry of the terminal palette (0–15 the basic colours, 16–255 the xterm cube and grey ramp).
    case indexed(UInt8)
}
