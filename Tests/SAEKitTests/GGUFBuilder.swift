import Foundation
import SAEKit

/// Writes GGUF files byte by byte for tests: metadata of every type, tensors of any block type.
struct GGUFBuilder {
    /// A metadata value with its GGUF type code.
    enum Value {
        case u8(UInt8), i8(Int8), u16(UInt16), i16(Int16), u32(UInt32), i32(Int32), f32(Float), bool(Bool)
        case string(String), array(elementType: UInt32, [Value]), u64(UInt64), i64(Int64), f64(Double)

        var typeCode: UInt32 {
            switch self {
            case .u8: return 0
            case .i8: return 1
            case .u16: return 2
            case .i16: return 3
            case .u32: return 4
            case .i32: return 5
            case .f32: return 6
            case .bool: return 7
            case .string: return 8
            case .array: return 9
            case .u64: return 10
            case .i64: return 11
            case .f64: return 12
            }
        }
    }

    var version: UInt32 = 3
    var metadata: [(String, Value)] = []
    var tensors: [(name: String, dims: [Int], type: UInt32, data: Data)] = []
    var alignment = 32

    /// The file's bytes.
    func build() -> Data {
        var out = Data()
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func putString(_ s: String) { put(UInt64(s.utf8.count)); out.append(contentsOf: s.utf8) }
        func putValue(_ v: Value) {
            switch v {
            case .u8(let x): put(x)
            case .i8(let x): put(x)
            case .u16(let x): put(x)
            case .i16(let x): put(x)
            case .u32(let x): put(x)
            case .i32(let x): put(x)
            case .f32(let x): put(x.bitPattern)
            case .bool(let x): put(UInt8(x ? 1 : 0))
            case .string(let s): putString(s)
            case .array(let type, let items): put(type); put(UInt64(items.count)); items.forEach(putValue)
            case .u64(let x): put(x)
            case .i64(let x): put(x)
            case .f64(let x): put(x.bitPattern)
            }
        }
        out.append(contentsOf: Array("GGUF".utf8))
        put(version)
        put(UInt64(tensors.count))
        put(UInt64(metadata.count))
        for (key, value) in metadata { putString(key); put(value.typeCode); putValue(value) }
        var offset = 0
        var offsets: [Int] = []
        for t in tensors {
            offsets.append(offset)
            offset += (t.data.count + alignment - 1) / alignment * alignment
        }
        for (t, o) in zip(tensors, offsets) {
            putString(t.name)
            put(UInt32(t.dims.count))
            for d in t.dims { put(UInt64(d)) }
            put(t.type)
            put(UInt64(o))
        }
        while out.count % alignment != 0 { out.append(0) }
        for t in tensors {
            out.append(t.data)
            while out.count % alignment != 0 { out.append(0) }
        }
        return out
    }
}

extension Data {
    /// Writes the data to a new file in `directory` and returns its path.
    func written(in directory: String, name: String) throws -> String {
        let path = directory + "/" + name
        try write(to: URL(fileURLWithPath: path))
        return path
    }
}
