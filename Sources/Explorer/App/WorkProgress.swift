/// How far a piece of work over many items has come.
public struct WorkProgress: Equatable, Sendable {
    public var done: Int
    public var total: Int

    /// `done` items of `total`.
    public init(done: Int, total: Int) {
        self.done = done
        self.total = total
    }

    /// "35%".
    public var percent: String { "\(Int((Double(done) / Double(max(1, total)) * 100).rounded(.down)))%" }
}
