/// How far a piece of work over many items has come.
package struct WorkProgress: Equatable, Sendable {
    package var done: Int
    package var total: Int

    /// `done` items of `total`.
    package init(done: Int, total: Int) {
        self.done = done
        self.total = total
    }

    /// "35%".
    package var percent: String { "\(Int((Double(done) / Double(max(1, total)) * 100).rounded(.down)))%" }
}
