/// Reads little-endian values from a byte range, throwing an `InputError` instead of reading past its end.
public struct ByteCursor {
    /// The bytes being read.
    public let bytes: UnsafeRawBufferPointer
    /// The name used in errors (usually the file path).
    public let source: String
    /// The offset of the next byte to read.
    public var offset: Int

    /// Starts reading `bytes` at `offset`.
    public init(_ bytes: UnsafeRawBufferPointer, source: String, offset: Int = 0) {
        self.bytes = bytes
        self.source = source
        self.offset = offset
    }

    /// How many bytes are left after the cursor.
    public var remaining: Int { bytes.count - offset }

    /// Throws unless `count` more bytes can be read; `what` names the field in the error.
    public func require(_ count: Int, for what: String) throws {
        guard count >= 0, count <= remaining else {
            throw InputError(source, "file ends inside \(what) at byte \(offset) (needs \(count) bytes, \(remaining) left)")
        }
    }

    /// Reads one fixed-width little-endian integer.
    public mutating func read<T: FixedWidthInteger>(_ type: T.Type, _ what: String) throws -> T {
        try require(MemoryLayout<T>.size, for: what)
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    /// Reads a little-endian IEEE single.
    public mutating func readFloat(_ what: String) throws -> Float {
        Float(bitPattern: try read(UInt32.self, what))
    }

    /// Reads a little-endian IEEE double.
    public mutating func readDouble(_ what: String) throws -> Double {
        Double(bitPattern: try read(UInt64.self, what))
    }

    /// Reads `count` raw bytes as a slice of the underlying buffer.
    public mutating func readBytes(_ count: Int, _ what: String) throws -> UnsafeRawBufferPointer {
        try require(count, for: what)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count
        return slice
    }

    /// Reads `count` bytes as UTF-8 text; invalid UTF-8 is an error.
    public mutating func readUTF8(_ count: Int, _ what: String) throws -> String {
        let raw = try readBytes(count, what)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw InputError(source, "\(what) at byte \(offset - count) is not valid UTF-8")
        }
        return text
    }
}
