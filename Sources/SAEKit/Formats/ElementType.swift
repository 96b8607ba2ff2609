/// The element encodings that tensor files use, each convertible to float32.
public enum ElementType: String, CaseIterable, Sendable {
    case bool = "BOOL", u8 = "U8", i8 = "I8", f8E5M2 = "F8_E5M2", f8E4M3 = "F8_E4M3"
    case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
    case i32 = "I32", u32 = "U32", f32 = "F32", f64 = "F64", i64 = "I64", u64 = "U64"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .bool, .u8, .i8, .f8E5M2, .f8E4M3: return 1
        case .i16, .u16, .f16, .bf16: return 2
        case .i32, .u32, .f32: return 4
        case .f64, .i64, .u64: return 8
        }
    }

    /// Converts `count` little-endian elements starting at `source` into floats at `destination`.
    public func convert(_ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        func each<T>(_: T.Type, _ body: (T) -> Float) {
            for i in 0..<count {
                destination[i] = body(source.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self))
            }
        }
        switch self {
        case .bool: each(UInt8.self) { $0 != 0 ? 1 : 0 }
        case .u8: each(UInt8.self) { Float($0) }
        case .i8: each(Int8.self) { Float($0) }
        case .f8E5M2: each(UInt8.self, FloatConversion.float8E5M2)
        case .f8E4M3: each(UInt8.self, FloatConversion.float8E4M3)
        case .i16: each(Int16.self) { Float(Int16(littleEndian: $0)) }
        case .u16: each(UInt16.self) { Float(UInt16(littleEndian: $0)) }
        case .f16: each(UInt16.self) { FloatConversion.half(UInt16(littleEndian: $0)) }
        case .bf16: each(UInt16.self) { FloatConversion.bfloat16(UInt16(littleEndian: $0)) }
        case .i32: each(Int32.self) { Float(Int32(littleEndian: $0)) }
        case .u32: each(UInt32.self) { Float(UInt32(littleEndian: $0)) }
        case .f32: each(UInt32.self) { Float(bitPattern: UInt32(littleEndian: $0)) }
        case .f64: each(UInt64.self) { Float(Double(bitPattern: UInt64(littleEndian: $0))) }
        case .i64: each(Int64.self) { Float(Int64(littleEndian: $0)) }
        case .u64: each(UInt64.self) { Float(UInt64(littleEndian: $0)) }
        }
    }
}

/// Where a tensor's elements lie in a mapped file, and how to turn them into a float matrix.
// @unchecked Sendable: a view of read-only bytes whose owner it keeps alive.
public struct StoredTensor: @unchecked Sendable {
    /// The tensor's name in its file.
    public let name: String
    /// The element encoding.
    public let type: ElementType
    /// The shape, outermost dimension first (row-major, as NumPy and PyTorch write it).
    public let shape: [Int]
    /// The element bytes.
    public let bytes: UnsafeRawBufferPointer
    /// Keeps `bytes` alive (the mapped file or buffer they live in).
    public let owner: AnyObject

    /// A tensor whose elements are `bytes`, kept alive by `owner`.
    public init(name: String, type: ElementType, shape: [Int], bytes: UnsafeRawBufferPointer, owner: AnyObject) {
        self.name = name
        self.type = type
        self.shape = shape
        self.bytes = bytes
        self.owner = owner
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// The tensor as a float matrix of [first dimension, product of the rest] (a vector becomes [1, n]).
    ///
    /// Aligned float32 data is borrowed from the file (kept alive by the matrix); anything else is converted.
    public func matrix() -> Matrix {
        let rows = shape.count >= 2 ? shape[0] : 1
        let cols = rows == 0 ? 0 : count / max(rows, 1)
        if type == .f32, let base = bytes.baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 {
            let pointer = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: Float.self)
            return Matrix(rows: rows, cols: cols, borrowing: pointer, owner: owner)
        }
        let result = Matrix(rows: rows, cols: cols)
        if let base = bytes.baseAddress { type.convert(base, count: count, into: result.base) }
        return result
    }

    /// The tensor's elements as a float array.
    public func floats() -> [Float] {
        var result = [Float](repeating: 0, count: count)
        if let base = bytes.baseAddress {
            result.withUnsafeMutableBufferPointer { type.convert(base, count: count, into: $0.baseAddress!) }
        }
        return result
    }
}

/// Multiplies dimensions, returning nil on overflow or a negative dimension.
func checkedProduct(_ dims: [Int]) -> Int? {
    var total = 1
    for d in dims {
        guard d >= 0 else { return nil }
        let (product, overflow) = total.multipliedReportingOverflow(by: d)
        if overflow { return nil }
        total = product
    }
    return total
}
