import Foundation
import Testing
import SAEKit

/// The safetensors reader and writer, every dtype, and the reference reader's validation rules.
@Suite struct SafetensorsReaderTests {
    /// A safetensors file from a header object and raw data, laid out by hand.
    static func file(header: [String: Any], data: Data, pad: Bool = true) -> Data {
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while pad && json.count % 8 != 0 { json.append(0x20) }
        var out = Data(withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init))
        out.append(json)
        out.append(data)
        return out
    }

    @Test func readsEveryDtypeAsFloats() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cases: [(String, [UInt8], [Float])] = [
            ("BOOL", [0, 1], [0, 1]), ("U8", [7, 255], [7, 255]), ("I8", [0xFF, 5], [-1, 5]),
            ("F8_E5M2", [0x3C, 0xC0], [1, -2]), ("F8_E4M3", [0x38, 0xB8], [1, -1]),
            ("I16", [0xFE, 0xFF, 3, 0], [-2, 3]), ("U16", [0xFF, 0xFF, 1, 0], [65535, 1]),
            ("F16", [0x00, 0x3C, 0x00, 0xC0], [1, -2]), ("BF16", [0x80, 0x3F, 0x40, 0xC0], [1, -3]),
            ("I32", [0xFF, 0xFF, 0xFF, 0xFF, 9, 0, 0, 0], [-1, 9]), ("U32", [1, 0, 0, 0, 2, 0, 0, 0], [1, 2]),
            ("F32", [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0], [1, -2]),
            ("F64", [0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0x10, 0xC0], [1, -4]),
            ("I64", [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 3, 0, 0, 0, 0, 0, 0, 0], [-2, 3]),
            ("U64", [5, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0], [5, 6]),
        ]
        for (dtype, bytes, expected) in cases {
            let data = Self.file(header: ["x": ["dtype": dtype, "shape": [2], "data_offsets": [0, bytes.count]]], data: Data(bytes))
            let path = try data.written(in: directory, name: "\(dtype).safetensors")
            let tensor = try SafetensorsFile(path: path).tensor("x")
            #expect(tensor.floats() == expected, "dtype \(dtype)")
        }
    }

    @Test func writerRoundTripsAndPadsWithSpaces() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var writer = SafetensorsWriter()
        writer.metadata = ["format": "test", "note": "ünïcode"]
        writer.add("b", shape: [3], values: [1, 2, 3], type: .f16)
        writer.add("a", shape: [2, 2], values: [0.5, -1, 2, 4])
        let path = directory + "/w.safetensors"
        try writer.write(to: path)
        let file = try SafetensorsFile(path: path)
        #expect(file.metadata == ["format": "test", "note": "ünïcode"])
        #expect(try file.tensor("a").shape == [2, 2])
        #expect(try file.tensor("a").floats() == [0.5, -1, 2, 4])
        #expect(try file.tensor("b").type == .f16)
        #expect(try file.tensor("b").floats() == [1, 2, 3])
        let raw = try Data(contentsOf: URL(fileURLWithPath: path))
        let headerLength = raw.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        #expect(headerLength % 8 == 0)
        #expect(file.tensors["a"]!.matrix()[1, 1] == 4)
    }

    @Test func rejectsEveryKindOfMalformedHeader() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let four = Data(count: 16)
        let cases: [(String, Data)] = [
            ("header length", Data(withUnsafeBytes(of: UInt64(1 << 40).littleEndian, Array.init)) + Data(count: 8)),
            ("ends inside", Data([1, 2, 3])),
            ("not a JSON object", Data(withUnsafeBytes(of: UInt64(4).littleEndian, Array.init)) + Data("[1] ".utf8)),
            ("unsupported dtype", Self.file(header: ["x": ["dtype": "F4", "shape": [4], "data_offsets": [0, 16]]], data: four)),
            ("disagrees", Self.file(header: ["x": ["dtype": "F32", "shape": [5], "data_offsets": [0, 16]]], data: four)),
            ("past the data", Self.file(header: ["x": ["dtype": "F32", "shape": [8], "data_offsets": [0, 32]]], data: four)),
            ("gap or overlap", Self.file(header: ["x": ["dtype": "F32", "shape": [2], "data_offsets": [0, 8]],
                                                  "y": ["dtype": "F32", "shape": [1], "data_offsets": [12, 16]]], data: four)),
            ("covers 8 bytes", Self.file(header: ["x": ["dtype": "F32", "shape": [2], "data_offsets": [0, 8]]], data: four)),
            ("no valid shape", Self.file(header: ["x": ["dtype": "F32", "shape": [-4], "data_offsets": [0, 16]]], data: four)),
            ("no valid data_offsets", Self.file(header: ["x": ["dtype": "F32", "shape": [4], "data_offsets": [16, 0]]], data: four)),
            ("disagrees", Self.file(header: ["x": ["dtype": "F32", "shape": [1 << 40, 1 << 40], "data_offsets": [0, 16]]], data: four)),
            ("not a string", Self.file(header: ["__metadata__": ["a": 1]], data: Data())),
        ]
        for (fragment, data) in cases {
            let path = try data.written(in: directory, name: "\(UUID().uuidString).safetensors")
            #expect { try SafetensorsFile(path: path) } throws: { error in
                error is InputError && "\(error)".contains(path) && "\(error)".contains(fragment)
            }
        }
    }

    @Test func npyReaderAcceptsVersionsAndRejectsNonsense() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let values: [Float] = [1, 2, 3, 4, 5, 6]
        let data = values.withUnsafeBufferPointer { NPYArray.float32File(shape: [2, 3], values: $0) }
        #expect(data.count % 64 == 24 % 64 || (data.count - 24) % 64 == 0)
        let path = try data.written(in: directory, name: "m.npy")
        let m = try NPYFile.readMatrix(path)
        #expect(m.rows == 2 && m.cols == 3 && m.toArray() == values)
        var bad = data
        bad[0] = 0
        let badPath = try bad.written(in: directory, name: "bad.npy")
        #expect(throws: InputError.self) { try NPYFile.readMatrix(badPath) }
        let truncated = try data.prefix(data.count - 4).written(in: directory, name: "short.npy")
        #expect { try NPYFile.readMatrix(truncated) } throws: { "\($0)".contains("array data") }
        let header = "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }"
        var bigEndian = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count), 0])
        bigEndian.append(contentsOf: header.utf8)
        bigEndian.append(Data(count: 24))
        let bePath = try bigEndian.written(in: directory, name: "be.npy")
        #expect { try NPYFile.readMatrix(bePath) } throws: { "\($0)".contains("'>f4'") }
    }
}
