import Foundation
import Testing
import SAEKit

/// The GGUF reader: metadata of every type, tensor directory, dequantization, and malformed files.
@Suite struct GGUFReaderTests {
    @Test func readsEveryMetadataTypeAndNestedArrays() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var builder = GGUFWriter()
        builder.metadata = [
            ("u8", .uint8(200)), ("i8", .int8(-5)), ("u16", .uint16(60000)), ("i16", .int16(-300)), ("u32", .uint32(4_000_000_000)),
            ("i32", .int32(-70000)), ("f32", .float32(1.5)), ("bool", .bool(true)), ("str", .string("héllo")),
            ("u64", .uint64(1 << 40)), ("i64", .int64(-(1 << 40))), ("f64", .float64(2.25)),
            ("nested", .array(elementType: 9, [.array(elementType: 8, [.string("a"), .string("bc")]), .array(elementType: 8, [])])),
            ("general.alignment", .uint32(64)),
        ]
        builder.alignment = 64
        builder.tensors = [("t", [4, 2], 0, (0..<8).flatMap { withUnsafeBytes(of: Float($0).bitPattern.littleEndian, Array.init) })]
        let path = try Data(builder.bytes()).written(in: directory, name: "meta.gguf")
        let file = try GGUFFile(path: path)
        #expect(file.version == 3)
        #expect(file.alignment == 64)
        #expect(file.metadata["u8"] == .uint(200))
        #expect(file.metadata["i8"] == .int(-5))
        #expect(file.metadata["u16"] == .uint(60000))
        #expect(file.metadata["i16"] == .int(-300))
        #expect(file.metadata["u32"] == .uint(4_000_000_000))
        #expect(file.metadata["i32"] == .int(-70000))
        #expect(file.metadata["f32"] == .float(1.5))
        #expect(file.metadata["bool"] == .bool(true))
        #expect(file.metadata["str"] == .string("héllo"))
        #expect(file.metadata["u64"]?.intValue == 1 << 40)
        #expect(file.metadata["i64"]?.intValue == -(1 << 40))
        #expect(file.metadata["f64"] == .float(2.25))
        #expect(file.metadata["nested"] == .array([.array([.string("a"), .string("bc")]), .array([])]))
        #expect(file.metadataKeys.first == "u8")
        let tensor = try file.tensor("t")
        #expect(tensor.dimensions == [4, 2])
        #expect(tensor.dequantized().toArray() == (0..<8).map(Float.init))
    }

    /// The fixtures are random blocks and the `gguf` package's own dequantization of them (Tests/make_quant_fixtures.py).
    @Test(arguments: [GGMLType.f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K])
    func dequantizesBitExactlyLikeTheGGUFPackage(_ type: GGMLType) throws {
        let name = type.description
        let raw = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("quant/\(name).bin")))
        let expected = try NPYFile.readMatrix(Fixtures.path("quant/\(name).npy")).toArray()
        let count = raw.count / type.blockBytes * type.blockLength
        #expect(count == expected.count)
        var values = [Float](repeating: 0, count: count)
        raw.withUnsafeBytes { bytes in
            values.withUnsafeMutableBufferPointer { type.dequantize(bytes.baseAddress!, count: count, into: $0.baseAddress!) }
        }
        #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func dequantizesTheRealModelsFirstQ4_1Block() {
        // docs/FORMATS.md §4.3: the first Q4_1 block of blk.0.attn_q.weight in SmolLM2-135M-Instruct.Q4_1.gguf.
        let hex = "0f30d8b9458765406f65164b677664502267655a"
        let bytes = stride(from: 0, to: hex.count, by: 2).map { i -> UInt8 in
            let start = hex.index(hex.startIndex, offsetBy: i)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
        var y = [Float](repeating: 0, count: 32)
        bytes.withUnsafeBytes { raw in y.withUnsafeMutableBufferPointer { GGMLType.q4_1.dequantize(raw.baseAddress!, count: 32, into: $0.baseAddress!) } }
        for (index, value) in [(0, -0.096313), (1, 0.157349), (2, -0.096313), (3, -0.730469), (16, -0.223145)] {
            #expect(abs(Double(y[index]) - value) < 5e-6)
        }
    }

    @Test func rejectsMalformedFiles() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var good = GGUFWriter()
        good.metadata = [("k", .string("v"))]
        good.tensors = [("t", [32, 2], 8, [UInt8](repeating: 0, count: 68))]
        let valid = Data(good.bytes())
        _ = try GGUFFile(path: try valid.written(in: directory, name: "ok.gguf"))

        func expectError(_ data: Data, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let path = try data.written(in: directory, name: "\(UUID().uuidString).gguf")
            #expect(sourceLocation: sourceLocation) { try GGUFFile(path: path) } throws: { error in
                let text = "\(error)"
                return error is InputError && text.contains(path) && text.contains(fragment)
            }
        }
        var badMagic = valid
        badMagic[0] = 0x58
        try expectError(badMagic, "bad magic")
        try expectError(valid.prefix(valid.count - 40), "runs past the end")
        try expectError(valid.prefix(40), "more than the file can hold")
        try expectError(valid.prefix(6), "ends inside")
        var badVersion = good
        badVersion.version = 7
        try expectError(Data(badVersion.bytes()), "version 7")
        var hugeString = good
        hugeString.metadata = [("k", .string("v"))]
        var data = Data(hugeString.bytes())
        data.replaceSubrange(24..<32, with: withUnsafeBytes(of: UInt64(1 << 50).littleEndian, Array.init))
        try expectError(data, "more than the file holds")
        var hugeArray = good
        hugeArray.metadata = [("a", .array(elementType: 4, [.uint32(1)]))]
        data = Data(hugeArray.bytes())
        data.replaceSubrange(41..<49, with: withUnsafeBytes(of: UInt64(1 << 40).littleEndian, Array.init))
        try expectError(data, "claims 1099511627776 elements")
        var unknownType = good
        unknownType.tensors = [("t", [32, 2], 99, [UInt8](repeating: 0, count: 68))]
        try expectError(Data(unknownType.bytes()), "unsupported type 99")
        var ragged = good
        ragged.tensors = [("t", [33, 2], 8, [UInt8](repeating: 0, count: 68))]
        try expectError(Data(ragged.bytes()), "not a whole number")
        var tooManyTensors = valid
        tooManyTensors.replaceSubrange(8..<16, with: withUnsafeBytes(of: UInt64(1 << 40).littleEndian, Array.init))
        try expectError(tooManyTensors, "more than the file can hold")
    }
}
