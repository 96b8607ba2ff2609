import Foundation
import SAEKit

/// A minimal GGUF v3 writer for tests: metadata of the common kinds and tensors given as raw block bytes.
struct GGUFWriter {
    enum Value {
        case uint32(UInt32), int32(Int32), float32(Float), string(String), bool(Bool)
        case strings([String]), int32s([Int32])
    }

    var metadata: [(String, Value)] = []
    var tensors: [(name: String, dims: [Int], type: GGMLType, bytes: [UInt8])] = []

    /// The file's bytes.
    func bytes() -> [UInt8] {
        var out: [UInt8] = Array("GGUF".utf8)
        append(UInt32(3), to: &out)
        append(UInt64(tensors.count), to: &out)
        append(UInt64(metadata.count), to: &out)
        for (key, value) in metadata {
            appendString(key, to: &out)
            switch value {
            case .uint32(let v): append(UInt32(4), to: &out); append(v, to: &out)
            case .int32(let v): append(UInt32(5), to: &out); append(v, to: &out)
            case .float32(let v): append(UInt32(6), to: &out); append(v.bitPattern, to: &out)
            case .bool(let v): append(UInt32(7), to: &out); out.append(v ? 1 : 0)
            case .string(let v): append(UInt32(8), to: &out); appendString(v, to: &out)
            case .strings(let list):
                append(UInt32(9), to: &out); append(UInt32(8), to: &out); append(UInt64(list.count), to: &out)
                for s in list { appendString(s, to: &out) }
            case .int32s(let list):
                append(UInt32(9), to: &out); append(UInt32(5), to: &out); append(UInt64(list.count), to: &out)
                for v in list { append(v, to: &out) }
            }
        }
        var offset = 0
        var offsets: [Int] = []
        for tensor in tensors {
            offsets.append(offset)
            offset += (tensor.bytes.count + 31) / 32 * 32
        }
        for (tensor, offset) in zip(tensors, offsets) {
            appendString(tensor.name, to: &out)
            append(UInt32(tensor.dims.count), to: &out)
            for d in tensor.dims { append(UInt64(d), to: &out) }
            append(tensor.type.rawValue, to: &out)
            append(UInt64(offset), to: &out)
        }
        while out.count % 32 != 0 { out.append(0) }
        for tensor in tensors {
            out.append(contentsOf: tensor.bytes)
            while out.count % 32 != 0 { out.append(0) }
        }
        return out
    }

    /// Writes the file to a fresh temporary path and returns it.
    func write(name: String = "model") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-test-\(name)-\(UUID().uuidString).gguf").path
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
        return path
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
            case .q8_0: out += half(scale / 128, scale / 100) + randomBytes(32)
            case .q4_K: out += half(scale / 400, scale / 300) + half(scale / 800, scale / 600) + randomBytes(140)
            case .q6_K: out += randomBytes(208) + half(scale / 4000, scale / 3000)
            }
        }
        return out
    }
}
