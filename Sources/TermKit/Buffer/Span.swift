/// A piece of text in one style.
public struct Span: Hashable, Sendable {
    public var text: String
    public var style: Style

    /// Creates a span of `text` drawn in `style`.
    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }

    /// Columns the text takes.
    public var width: Int { DisplayWidth.of(text) }
}
