/// Bytes a loader computed (a transposed or regrouped tensor, a norm with Gemma's `1 +` applied), kept alive by the
/// tensors that view them, as a mapped file keeps its own.
// @unchecked Sendable: written once by the loader that makes it, only read after.
public final class OwnedBytes: @unchecked Sendable {
    /// The bytes.
    public let pointer: UnsafeMutableRawPointer
    /// Their number.
    public let count: Int

    /// `count` zeroed bytes, aligned for any scalar.
    public init(count: Int) {
        self.count = count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
    }

    /// The bytes as a read-only buffer.
    public var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pointer, count: count) }

    deinit { pointer.deallocate() }
}
