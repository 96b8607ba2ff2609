/// Applies BPE merges to one piece in O(n log n): a linked list of symbols and a heap of candidate pairs ordered by
/// (merge rank, position), so the lowest-ranked pair merges first and ties go to the leftmost.
struct BPEMerger {
    private var text: [String]
    private var next: [Int]
    private var previous: [Int]
    private var heap: [(rank: Int, left: Int, right: Int, length: Int)] = []
    private let rank: (String, String) -> Int?

    /// A merger over `symbols`; `rank` gives the merge rank of an adjacent pair, or nil when it does not merge.
    init(symbols: [String], rank: @escaping (String, String) -> Int?) {
        text = symbols
        next = Array(1...max(symbols.count, 1))
        previous = Array(-1..<max(symbols.count - 1, 0))
        self.rank = rank
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
        guard let r = rank(text[left], text[right]) else { return }
        heap.append((r, left, right, text[left].utf8.count + text[right].utf8.count))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func pop() -> (rank: Int, left: Int, right: Int, length: Int)? {
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

    private func before(_ x: (rank: Int, left: Int, right: Int, length: Int), _ y: (rank: Int, left: Int, right: Int, length: Int)) -> Bool {
        x.rank != y.rank ? x.rank < y.rank : x.left < y.left
    }
}
