/// Merges adjacent symbols of one piece in O(n log n), as byte-level BPE and SentencePiece both do: a linked list of
/// symbols and a heap of candidate pairs ordered by (priority, position), so the pair of lowest priority merges first
/// and ties go to the leftmost. BPE's priority is the merge rank; SentencePiece's is minus the merged token's score.
struct PairMerger {
    private var text: [String]
    private var next: [Int]
    private var previous: [Int]
    private var heap: [(priority: Float, left: Int, right: Int, length: Int)] = []
    private let priority: (String, String) -> Float?

    /// A merger over `symbols`; `priority` gives an adjacent pair's priority, or nil when it does not merge.
    init(symbols: [String], priority: @escaping (String, String) -> Float?) {
        text = symbols
        next = Array(1...max(symbols.count, 1))
        previous = Array(-1..<max(symbols.count - 1, 0))
        self.priority = priority
        for i in 0..<max(symbols.count - 1, 0) { push(i, i + 1) }
    }

    /// The symbols left when no adjacent pair merges any more.
    mutating func merged() -> [String] {
        while let top = pop() {
            // Skip stale entries: a side was merged away, or changed since the pair was queued.
            guard !text[top.left].isEmpty, next[top.left] == top.right,
                  text[top.left].utf8.count + text[top.right].utf8.count == top.length else { continue }
            text[top.left] += text[top.right]
            text[top.right] = ""
            next[top.left] = next[top.right]
            if next[top.left] < text.count { previous[next[top.left]] = top.left }
            if previous[top.left] >= 0 { push(previous[top.left], top.left) }
            if next[top.left] < text.count { push(top.left, next[top.left]) }
        }
        return text.filter { !$0.isEmpty }
    }

    private mutating func push(_ left: Int, _ right: Int) {
        guard let r = priority(text[left], text[right]) else { return }
        heap.append((r, left, right, text[left].utf8.count + text[right].utf8.count))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func pop() -> (priority: Float, left: Int, right: Int, length: Int)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let a = 2 * parent + 1, b = a + 1
            var best = parent
            if a < heap.count && before(heap[a], heap[best]) { best = a }
            if b < heap.count && before(heap[b], heap[best]) { best = b }
            if best == parent { break }
            heap.swapAt(parent, best)
            parent = best
        }
        return top
    }

    private func before(_ x: (priority: Float, left: Int, right: Int, length: Int), _ y: (priority: Float, left: Int, right: Int, length: Int)) -> Bool {
        x.priority != y.priority ? x.priority < y.priority : x.left < y.left
    }
}
