/// Keys and values of every layer for the positions processed so far, as float32 or as IEEE halves; it grows by
/// doubling up to the context length.
public final class KVCache {
    /// How a cache keeps its positions: float32 (everything that measures the model), or IEEE halves (generation:
    /// half the memory read per decoded token; a forward call reads its own positions from its float buffers, so a
    /// prompt run in one call is the float one).
    public enum Precision: Sendable {
        case float, half

        /// Bytes per value.
        var bytes: Int { self == .float ? 4 : 2 }
    }

    /// Width of one position's keys (or values).
    public let width: Int
    /// Number of layers.
    public let layerCount: Int
    /// The most positions it may ever hold.
    public let limit: Int
    /// How the positions are kept.
    public let precision: Precision
    /// Positions it can hold without growing.
    public private(set) var capacity: Int = 0
    /// Keys per layer, [capacity, width] of `precision`'s values.
    public private(set) var keys: [UnsafeMutableRawPointer] = []
    /// Values per layer, [capacity, width].
    public private(set) var values: [UnsafeMutableRawPointer] = []

    /// An empty cache.
    public init(layerCount: Int, width: Int, limit: Int, precision: Precision = .float) {
        self.layerCount = layerCount
        self.width = width
        self.limit = limit
        self.precision = precision
    }

    deinit { release() }

    /// Makes room for `positions` positions, keeping the first `used` of each layer.
    public func reserve(_ positions: Int, used: Int) {
        guard positions > capacity else { return }
        let newCapacity = min(limit, max(positions, capacity * 2, 64))
        let rowBytes = width * precision.bytes
        func grow(_ old: [UnsafeMutableRawPointer]) -> [UnsafeMutableRawPointer] {
            (0..<layerCount).map { layer in
                let fresh = UnsafeMutableRawPointer.allocate(byteCount: newCapacity * rowBytes, alignment: 64)
                if layer < old.count { fresh.copyMemory(from: old[layer], byteCount: used * rowBytes) }
                return fresh
            }
        }
        let newKeys = grow(keys), newValues = grow(values)
        release()
        keys = newKeys
        values = newValues
        capacity = newCapacity
    }

    /// Replaces the first `positions` positions of every layer with `other`'s (same shape and precision), growing as
    /// needed.
    public func copy(_ positions: Int, from other: KVCache) {
        precondition(other.width == width && other.layerCount == layerCount && other.precision == precision && positions <= other.capacity)
        guard positions > 0 else { return }
        reserve(positions, used: 0)
        let byteCount = positions * width * precision.bytes
        for layer in 0..<layerCount {
            keys[layer].copyMemory(from: other.keys[layer], byteCount: byteCount)
            values[layer].copyMemory(from: other.values[layer], byteCount: byteCount)
        }
    }

    /// Stores `count` positions of `layer` from `position` on: their keys and values as floats [count, width].
    func write(layer: Int, at position: Int, keys newKeys: UnsafePointer<Float>, values newValues: UnsafePointer<Float>, count: Int) {
        let n = count * width, at = position * width
        switch precision {
        case .float:
            (keys[layer].assumingMemoryBound(to: Float.self) + at).update(from: newKeys, count: n)
            (values[layer].assumingMemoryBound(to: Float.self) + at).update(from: newValues, count: n)
        case .half:
            let k = keys[layer].assumingMemoryBound(to: UInt16.self) + at, v = values[layer].assumingMemoryBound(to: UInt16.self) + at
            for i in 0..<n {
                k[i] = FloatConversion.toHalf(newKeys[i])
                v[i] = FloatConversion.toHalf(newValues[i])
            }
        }
    }

    private func release() {
        for p in keys { p.deallocate() }
        for p in values { p.deallocate() }
        keys = []
        values = []
    }
}
