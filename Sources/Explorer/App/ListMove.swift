/// A move of the selection in a list.
package enum ListMove: Equatable, Sendable {
    /// By this many rows.
    case rows(Int)
    /// By this many pages (+1 down, -1 up).
    case pages(Int)
    case first
    case last

    /// The move in rows, for a list that shows `pageRows` rows at once.
    package func delta(pageRows: Int) -> Int {
        switch self {
        case .rows(let n): return n
        case .pages(let n): return n * pageRows
        case .first: return Int.min / 2
        case .last: return Int.max / 2
        }
    }
}
