/// Something that draws itself into an area of a buffer, and nothing else.
public protocol Widget {
    /// Draws into `area` of `buffer`, never outside it.
    func render(in area: Rect, buffer: inout Buffer)
}
