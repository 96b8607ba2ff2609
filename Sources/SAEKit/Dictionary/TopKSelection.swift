/// Selects the largest entries of a vector with a bounded min-heap: O(n log k) time, O(k) memory.
public struct TopKSelection {
    private var heap: [(value: Float, index: Int32)] = []
    private let capacity: Int

    /// A selection keeping at most `k` entries.
    public init(k: Int) {
        capacity = max(k, 0)
        heap.reserveCapacity(capacity)
    }

    /// The smallest value kept so far, once the selection is full (anything not larger is ignored); +∞ when it keeps
    /// nothing (k = 0).
    @inline(__always)
    public var floor: Float { capacity == 0 ? .infinity : heap.count < capacity ? -.infinity : heap[0].value }

    /// Offers one entry; ties with the current floor keep the earlier index.
    @inline(__always)
    public mutating func offer(_ value: Float, _ index: Int32) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append((value, index))
            siftUp(heap.count - 1)
        } else if value > heap[0].value {
            heap[0] = (value, index)
            siftDown(0)
        }
    }

    /// Offers every element of `values`, using positions as indices.
    public mutating func offer(_ values: UnsafeBufferPointer<Float>) {
        var threshold = floor
        for i in 0..<values.count where values[i] > threshold {
            offer(values[i], Int32(i))
            threshold = floor
        }
    }

    /// The kept entries, largest first (ties: smaller index first).
    public func sorted() -> [(value: Float, index: Int32)] {
        heap.sorted { $0.value != $1.value ? $0.value > $1.value : $0.index < $1.index }
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        heap[a].value != heap[b].value ? heap[a].value < heap[b].value : heap[a].index > heap[b].index
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && less(left, smallest) { smallest = left }
            if right < heap.count && less(right, smallest) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
