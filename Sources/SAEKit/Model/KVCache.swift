/// Keys and values of every layer for the positions processed so far; it grows by doubling up to the context length.
public final class KVCache {
    /// Width of one position's keys (or values).
    public let width: Int
    /// Number of layers.
    public let layerCount: Int
    /// The most positions it may ever hold.
    public let limit: Int
    /// Positions it can hold without growing.
    public private(set) var capacity: Int = 0
    /// Keys per layer, [capacity, width].
    public private(set) var keys: [UnsafeMutablePointer<Float>] = []
    /// Values per layer, [capacity, width].
    public private(set) var values: [UnsafeMutablePointer<Float>] = []

    /// An empty cache.
    public init(layerCount: Int, width: Int, limit: Int) {
        self.layerCount = layerCount
        self.width = width
        self.limit = limit
    }

    deinit { release() }

    /// Makes room for `positions` positions, keeping the first `used` of each layer.
    public func reserve(_ positions: Int, used: Int) {
        guard positions > capacity else { return }
        let newCapacity = min(limit, max(positions, capacity * 2, 64))
        func grow(_ old: [UnsafeMutablePointer<Float>]) -> [UnsafeMutablePointer<Float>] {
            (0..<layerCount).map { layer in
                let fresh = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity * width)
                if layer < old.count { fresh.update(from: old[layer], count: used * width) }
                return fresh
            }
        }
        let newKeys = grow(keys), newValues = grow(values)
        release()
        keys = newKeys
        values = newValues
        capacity = newCapacity
    }

    /// Replaces the first `positions` positions of every layer with `other`'s (same shape), growing as needed.
    public func copy(_ positions: Int, from other: KVCache) {
        precondition(other.width == width && other.layerCount == layerCount && positions <= other.capacity)
        guard positions > 0 else { return }
        reserve(positions, used: 0)
        for layer in 0..<layerCount {
            keys[layer].update(from: other.keys[layer], count: positions * width)
            values[layer].update(from: other.values[layer], count: positions * width)
        }
    }

    private func release() {
        for p in keys { p.deallocate() }
        for p in values { p.deallocate() }
        keys = []
        values = []
    }
}
