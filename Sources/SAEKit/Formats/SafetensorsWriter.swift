import Foundation

/// Writes safetensors files: float32 or float16 tensors and string metadata, laid out as the reference writer does.
public struct SafetensorsWriter {
    /// One tensor to write.
    public struct Entry {
        /// The tensor's name.
        public var name: String
        /// Its shape, outermost first.
        public var shape: [Int]
        /// Its elements, row-major (for `.i32`, each integer's bits carried in a float's).
        public var values: [Float]
        /// `.f32`, `.f16` or `.i32`.
        public var type: ElementType

        /// A tensor entry; `values.count` must equal the product of `shape`.
        public init(name: String, shape: [Int], values: [Float], type: ElementType = .f32) {
            precondition(type == .f32 || type == .f16 || type == .i32, "the writer stores F32, F16 or I32")
            precondition(shape.reduce(1, *) == values.count, "\(name): shape \(shape) does not match \(values.count) values")
            self.name = name
            self.shape = shape
            self.values = values
            self.type = type
        }
    }

    /// The tensors, in any order.
    public var entries: [Entry] = []
    /// The `__metadata__` strings.
    public var metadata: [String: String] = [:]

    /// An empty writer.
    public init() {}

    /// Adds a tensor.
    public mutating func add(_ name: String, shape: [Int], values: [Float], type: ElementType = .f32) {
        entries.append(Entry(name: name, shape: shape, values: values, type: type))
    }

    /// Adds a tensor of 32-bit integers (their bits carried as the entry's values, written as they are).
    public mutating func add(_ name: String, shape: [Int], integers: [Int32]) {
        entries.append(Entry(name: name, shape: shape, values: integers.map { Float(bitPattern: UInt32(bitPattern: $0)) }, type: .i32))
    }

    /// The file's bytes: header length, space-padded JSON header, tensor data sorted by element size then name.
    public func serialized() -> Data {
        let ordered = entries.sorted { ($0.type.size, $1.name) > ($1.type.size, $0.name) }
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for entry in ordered {
            let length = entry.values.count * entry.type.size
            header[entry.name] = ["dtype": entry.type.rawValue, "shape": entry.shape, "data_offsets": [offset, offset + length]]
            offset += length
        }
        var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data("{}".utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for entry in ordered {
            switch entry.type {
            case .f16:
                let halves = entry.values.map { FloatConversion.toHalf($0).littleEndian }
                halves.withUnsafeBytes { data.append(contentsOf: $0) }
            default:
                let words = entry.values.map { $0.bitPattern.littleEndian }
                words.withUnsafeBytes { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    /// Writes the file atomically (a temporary file renamed into place), so a crash never leaves half a file.
    public func write(to path: String) throws {
        do {
            try serialized().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(path, "cannot write: \(error.localizedDescription)")
        }
    }
}
