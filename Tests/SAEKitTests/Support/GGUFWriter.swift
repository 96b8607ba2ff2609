import Foundation
import SAEKit

/// The folder test files are written to; it is removed when the test process exits.
let testScratchDirectory: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-tests-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: testScratchDirectory) }
    return path
}()

/// A GGUF writer for tests: metadata of every value type (nested arrays included), any version and alignment,
/// and tensors given as raw block bytes with any type code (so tests can write unsupported ones too).
struct GGUFWriter {
    /// A metadata value; arrays name their element type code.
    indirect enum Value {
        case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32), float32(Float), bool(Bool)
        case string(String), array(elementType: UInt32, [Value]), uint64(UInt64), int64(Int64), float64(Double)

        /// An array of strings.
        static func strings(_ list: [String]) -> Value { .array(elementType: 8, list.map { .string($0) }) }
        /// An array of int32 values.
        static func int32s(_ list: [Int32]) -> Value { .array(elementType: 5, list.map { .int32($0) }) }

        /// The GGUF value type code.
        var typeCode: UInt32 {
            switch self {
            case .uint8: return 0
            case .int8: return 1
            case .uint16: return 2
            case .int16: return 3
            case .uint32: return 4
            case .int32: return 5
            case .float32: return 6
            case .bool: return 7
            case .string: return 8
            case .array: return 9
            case .uint64: return 10
            case .int64: return 11
            case .float64: return 12
            }
        }
    }

    var version: UInt32 = 3
    var alignment = 32
    var metadata: [(String, Value)] = []
    var tensors: [(name: String, dims: [Int], type: UInt32, bytes: [UInt8])] = []

    /// Adds a tensor of a known type.
    mutating func addTensor(_ name: String, _ dims: [Int], _ type: GGMLType, _ bytes: [UInt8]) {
        tensors.append((name, dims, type.rawValue, bytes))
    }

    /// The file's bytes.
    func bytes() -> [UInt8] {
        var out: [UInt8] = Array("GGUF".utf8)
        append(version, to: &out)
        append(UInt64(tensors.count), to: &out)
        append(UInt64(metadata.count), to: &out)
        for (key, value) in metadata {
            appendString(key, to: &out)
            append(value.typeCode, to: &out)
            appendPayload(value, to: &out)
        }
        var offset = 0
        var offsets: [Int] = []
        for tensor in tensors {
            offsets.append(offset)
            offset += (tensor.bytes.count + alignment - 1) / alignment * alignment
        }
        for (tensor, offset) in zip(tensors, offsets) {
            appendString(tensor.name, to: &out)
            append(UInt32(tensor.dims.count), to: &out)
            for d in tensor.dims { append(UInt64(d), to: &out) }
            append(tensor.type, to: &out)
            append(UInt64(offset), to: &out)
        }
        while out.count % alignment != 0 { out.append(0) }
        for tensor in tensors {
            out.append(contentsOf: tensor.bytes)
            while out.count % alignment != 0 { out.append(0) }
        }
        return out
    }

    /// Writes the file to a fresh path in the test scratch folder (removed when the tests exit) and returns it.
    func write(name: String = "model") throws -> String {
        let path = testScratchDirectory + "/\(name)-\(UUID().uuidString).gguf"
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func appendPayload(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .uint8(let v): out.append(v)
        case .int8(let v): append(v, to: &out)
        case .uint16(let v): append(v, to: &out)
        case .int16(let v): append(v, to: &out)
        case .uint32(let v): append(v, to: &out)
        case .int32(let v): append(v, to: &out)
        case .float32(let v): append(v.bitPattern, to: &out)
        case .bool(let v): out.append(v ? 1 : 0)
        case .string(let v): appendString(v, to: &out)
        case .array(let type, let items):
            append(type, to: &out)
            append(UInt64(items.count), to: &out)
            for item in items { appendPayload(item, to: &out) }
        case .uint64(let v): append(v, to: &out)
        case .int64(let v): append(v, to: &out)
        case .float64(let v): append(v.bitPattern, to: &out)
        }
    }

    private func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private func appendString(_ s: String, to out: inout [UInt8]) {
        append(UInt64(s.utf8.count), to: &out)
        out.append(contentsOf: s.utf8)
    }
}

/// Random block bytes of every ggml type with sane scales, from a seeded generator.
struct RandomBlocks {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func uniform(_ low: Float, _ high: Float) -> Float { Float.random(in: low...high, using: &generator) }

    mutating func half(_ low: Float, _ high: Float) -> [UInt8] {
        let bits = FloatConversion.toHalf(uniform(low, high))
        return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
    }

    mutating func randomBytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &generator) } }

    /// `count` elements (a whole number of blocks) of `type`, with values of roughly ±`scale`.
    mutating func tensor(_ type: GGMLType, count: Int, scale: Float) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<(count / type.blockLength) {
            switch type {
            case .f32: withUnsafeBytes(of: uniform(-scale, scale).bitPattern.littleEndian) { out.append(contentsOf: $0) }
            case .f16: out += half(-scale, scale)
            case .bf16:
                let bits = UInt16(uniform(-scale, scale).bitPattern >> 16)
                out += [UInt8(bits & 0xFF), UInt8(bits >> 8)]
            case .q4_0: out += half(scale / 8, scale / 6) + randomBytes(16)
            case .q4_1: out += half(scale / 8, scale / 6) + half(-scale, -scale / 2) + randomBytes(16)
            case .q5_0: out += half(scale / 16, scale / 12) + randomBytes(20)
            case .q5_1: out += half(scale / 16, scale / 12) + half(-scale, -scale / 2) + randomBytes(20)
            case .q8_0: out += half(scale / 128, scale / 100) + randomBytes(32)
            case .q4_K: out += half(scale / 400, scale / 300) + half(scale / 800, scale / 600) + randomBytes(140)
            case .q5_K: out += half(scale / 800, scale / 600) + half(scale / 1600, scale / 1200) + randomBytes(172)
            case .q6_K: out += randomBytes(208) + half(scale / 4000, scale / 3000)
            }
        }
        return out
    }
}
