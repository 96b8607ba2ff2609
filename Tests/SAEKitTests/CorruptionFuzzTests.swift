import Foundation
import Testing
import SAEKit

/// Thousands of randomly mutated files per reader: each must either load or throw an `InputError`, never crash,
/// hang or allocate without bound. A crash would end the test process, failing the run.
@Suite struct CorruptionFuzzTests {
    static let mutationsPerReader = 2000

    /// A copy of `original` with one random kind of damage.
    static func mutate(_ original: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        guard !bytes.isEmpty else { return bytes }
        switch rng.next() % 6 {
        case 0:
            for _ in 0..<(1 + rng.next() % 8) { bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next()) }
        case 1:
            bytes.removeLast(Int(rng.next() % UInt64(bytes.count)))
        case 2:
            let at = Int(rng.next() % UInt64(bytes.count))
            bytes.insert(contentsOf: (0..<(1 + rng.next() % 16)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
        case 3:
            let at = Int(rng.next() % UInt64(bytes.count))
            bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(rng.next() % 16)))
        case 4:
            // A length or count field set to a huge value.
            let at = Int(rng.next() % UInt64(max(bytes.count - 8, 1)))
            let huge: [UInt64] = [UInt64.max, 1 << 62, 1 << 40, UInt64(UInt32.max), 0x7FFF_FFFF_FFFF_FFFF]
            let value = huge[Int(rng.next() % UInt64(huge.count))]
            for i in 0..<min(8, bytes.count - at) { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        default:
            // Digits in text headers (JSON, .npy dicts) replaced by other digits.
            let digits = bytes.indices.filter { (48...57).contains(bytes[$0]) }
            for _ in 0..<min(3, digits.count) { bytes[digits[Int(rng.next() % UInt64(digits.count))]] = UInt8(48 + rng.next() % 10) }
        }
        return bytes
    }

    /// Runs `open` on many mutations of `original` written to `path`; returns how many opened cleanly.
    static func fuzz(_ original: [UInt8], path: String, seed: UInt64, open: (String) throws -> Void) -> (opened: Int, rejected: Int) {
        var rng = SeededGenerator(seed: seed)
        var opened = 0, rejected = 0
        for _ in 0..<mutationsPerReader {
            let bytes = mutate(original, &rng)
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            do {
                try open(path)
                opened += 1
            } catch is InputError {
                rejected += 1
            } catch {
                Issue.record("\(path): unexpected error type \(type(of: error)): \(error)")
            }
        }
        return (opened, rejected)
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(relative))))
    }

    @Test func safetensors() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = Self.fuzz(try Self.bytes("saelens_gated_bf16/sae_weights.safetensors"), path: directory + "/f.safetensors", seed: 1) { path in
            let file = try SafetensorsFile(path: path)
            for tensor in file.tensors.values { _ = tensor.floats() }
        }
        #expect(result.rejected > Self.mutationsPerReader / 2)
    }

    @Test func gguf() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var builder = GGUFWriter()
        builder.metadata = [("general.architecture", .string("llama")), ("n", .uint32(3)),
                            ("tokens", .array(elementType: 8, [.string("a"), .string("bb"), .string("ccc")])),
                            ("nested", .array(elementType: 9, [.array(elementType: 6, [.float32(1), .float32(2)])]))]
        for type in [GGMLType.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K] {
            let raw = try Self.bytes("quant/\(type).bin")
            builder.tensors.append((type.description, [type.blockLength, 2], type.rawValue, Array(raw.prefix(2 * type.blockBytes))))
        }
        builder.tensors.append(("f32", [4, 3], 0, [UInt8](repeating: 0, count: 48)))
        builder.tensors.append(("f16", [4], 1, [UInt8](repeating: 0, count: 8)))
        let original = builder.bytes()
        _ = try GGUFFile(path: try Data(original).written(in: directory, name: "ok.gguf"))
        let result = Self.fuzz(original, path: directory + "/f.gguf", seed: 2) { path in
            let file = try GGUFFile(path: path)
            for tensor in file.tensors { _ = tensor.dequantized() }
        }
        #expect(result.rejected > Self.mutationsPerReader / 4)
    }

    @Test func npy() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = Self.fuzz(try Self.bytes("saelens_standard/x.npy"), path: directory + "/f.npy", seed: 3) { path in
            _ = try NPYFile.readMatrix(path).toArray()
        }
        #expect(result.rejected > Self.mutationsPerReader / 4)
    }

    @Test(arguments: ["gemmascope", "gemmascope_compressed"])
    func npz(_ fixture: String) throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = try Self.bytes("\(fixture)/gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_5/params.npz")
        let x = SyntheticDictionary.gaussianMatrix(rows: 3, cols: 8, seed: 1)
        let result = Self.fuzz(original, path: directory + "/params.npz", seed: 4) { path in
            let archive = try NPZArchive(path: path)
            for array in archive.arrays.values { _ = array.floats() }
            let dictionary = try DictionaryLoader.load(path)
            _ = dictionary.reconstruct(x)
        }
        #expect(result.rejected > Self.mutationsPerReader / 10)
    }

    @Test func saelensConfig() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["sae_weights.safetensors", "sparsity.safetensors"] {
            try FileManager.default.copyItem(atPath: Fixtures.path("saelens_standard/\(name)"), toPath: directory + "/\(name)")
        }
        let x = SyntheticDictionary.gaussianMatrix(rows: 3, cols: 8, seed: 1)
        let result = Self.fuzz(try Self.bytes("saelens_topk_rescale/cfg.json"), path: directory + "/cfg.json", seed: 5) { _ in
            let dictionary = try DictionaryLoader.load(directory)
            if dictionary.dIn == 8 { _ = dictionary.reconstruct(x) }
        }
        #expect(result.rejected > 0)
    }
}
