/// A metadata value of a GGUF file.
public indirect enum GGUFValue: Equatable, Sendable {
    case uint(UInt64), int(Int64), float(Double), bool(Bool), string(String), array([GGUFValue])

    /// The value as an integer, when it is one.
    public var intValue: Int? {
        switch self {
        case .uint(let v): return Int(exactly: v)
        case .int(let v): return Int(exactly: v)
        default: return nil
        }
    }

    /// The value as a float, when it is numeric.
    public var doubleValue: Double? {
        switch self {
        case .float(let v): return v
        case .uint(let v): return Double(v)
        case .int(let v): return Double(v)
        default: return nil
        }
    }

    /// The value as a string, when it is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value as an array, when it is one.
    public var arrayValue: [GGUFValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}

/// A memory-mapped GGUF file (versions 2 and 3): metadata, tensor directory, tensor bytes.
// @unchecked Sendable: a view of the read-only mapping it keeps alive (`owner`).
public final class GGUFFile: @unchecked Sendable {
    /// The deepest array nesting accepted.
    static let maxNesting = 8

    /// The mapped file.
    public let file: MappedFile
    /// The format version (2 or 3).
    public let version: Int
    /// Metadata by key.
    public let metadata: [String: GGUFValue]
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    /// Tensors in file order.
    public let tensors: [ModelTensor]
    /// Byte alignment of tensor data.
    public let alignment: Int
    private let tensorIndex: [String: Int]

    /// The file's path.
    public var path: String { file.path }

    /// Opens and validates the GGUF file at `path`.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        var cursor = ByteCursor(file.bytes, source: path)
        let magic = try cursor.read(UInt32.self, "the magic")
        guard magic == 0x4655_4747 else { throw InputError(path, "not a GGUF file (bad magic)") }
        let version = Int(try cursor.read(UInt32.self, "the version"))
        guard version == 2 || version == 3 else { throw InputError(path, "unsupported GGUF version \(version)") }
        self.version = version
        let tensorCount = try cursor.read(UInt64.self, "the tensor count")
        let keyCount = try cursor.read(UInt64.self, "the metadata count")
        // Each key-value pair takes at least 12 bytes, each tensor info at least 24: bound counts by the file.
        guard keyCount <= UInt64(cursor.remaining / 12) else { throw InputError(path, "claims \(keyCount) metadata keys, more than the file can hold") }
        guard tensorCount <= UInt64(cursor.remaining / 24) else { throw InputError(path, "claims \(tensorCount) tensors, more than the file can hold") }

        var metadata: [String: GGUFValue] = [:]
        var keys: [String] = []
        for _ in 0..<Int(keyCount) {
            let key = try Self.readString(&cursor, "a metadata key")
            let typeCode = try cursor.read(UInt32.self, "the type of '\(key)'")
            let value = try Self.readValue(&cursor, type: typeCode, depth: 0, key: key)
            if metadata.updateValue(value, forKey: key) != nil { throw InputError(path, "metadata key '\(key)' appears twice") }
            keys.append(key)
        }
        self.metadata = metadata
        metadataKeys = keys

        var alignment = 32
        if let value = metadata["general.alignment"] {
            guard let a = value.intValue, a > 0, a <= 1 << 20, a & (a - 1) == 0 else {
                throw InputError(path, "general.alignment is not a power of two")
            }
            alignment = a
        }
        self.alignment = alignment

        var infos: [(name: String, dims: [Int], type: GGMLType, offset: Int)] = []
        for _ in 0..<Int(tensorCount) {
            let name = try Self.readString(&cursor, "a tensor name")
            let dimCount = try cursor.read(UInt32.self, "the dimensions of '\(name)'")
            guard (1...4).contains(dimCount) else { throw InputError(path, "tensor '\(name)' has \(dimCount) dimensions (1 to 4 allowed)") }
            var dims: [Int] = []
            for _ in 0..<dimCount {
                let d = try cursor.read(UInt64.self, "the dimensions of '\(name)'")
                guard d <= UInt64(Int32.max) else { throw InputError(path, "tensor '\(name)' has a dimension of \(d)") }
                dims.append(Int(d))
            }
            let code = try cursor.read(UInt32.self, "the type of '\(name)'")
            guard let type = GGMLType(rawValue: code) else { throw InputError(path, "tensor '\(name)' has unsupported type \(code)") }
            let offset = try cursor.read(UInt64.self, "the offset of '\(name)'")
            guard offset <= UInt64(file.bytes.count), Int(offset) % alignment == 0 else {
                throw InputError(path, "tensor '\(name)' has offset \(offset), past the file or not aligned to \(alignment)")
            }
            guard dims[0] % type.blockLength == 0 else {
                throw InputError(path, "tensor '\(name)' row of \(dims[0]) is not a whole number of \(type) blocks")
            }
            infos.append((name, dims, type, Int(offset)))
        }
        let dataStart = (cursor.offset + alignment - 1) / alignment * alignment
        guard dataStart <= file.bytes.count else { throw InputError(path, "file ends before the tensor data") }
        var tensors: [ModelTensor] = []
        var index: [String: Int] = [:]
        for info in infos {
            guard let count = checkedProduct(info.dims) else { throw InputError(path, "tensor '\(info.name)' is too large") }
            let (size, overflow) = (count / info.type.blockLength).multipliedReportingOverflow(by: info.type.blockBytes)
            guard !overflow, info.offset <= file.bytes.count - dataStart, size <= file.bytes.count - dataStart - info.offset else {
                throw InputError(path, "tensor '\(info.name)' (\(info.dims) \(info.type)) runs past the end of the file")
            }
            guard index.updateValue(tensors.count, forKey: info.name) == nil else {
                throw InputError(path, "tensor '\(info.name)' appears twice")
            }
            let start = file.bytes.baseAddress! + dataStart + info.offset
            tensors.append(ModelTensor(name: info.name, dimensions: info.dims, type: info.type,
                                      bytes: UnsafeRawBufferPointer(start: start, count: size), owner: file))
        }
        self.tensors = tensors
        tensorIndex = index
    }

    /// The named tensor, or nil.
    public func tensorIfPresent(_ name: String) -> ModelTensor? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// A required metadata value, or an error naming the key.
    public func value(_ key: String) throws -> GGUFValue {
        guard let value = metadata[key] else { throw InputError(path, "has no metadata key '\(key)'") }
        return value
    }

    /// A required integer metadata value.
    public func int(_ key: String) throws -> Int {
        guard let value = try value(key).intValue else { throw InputError(path, "metadata '\(key)' is not an integer") }
        return value
    }

    private static func readString(_ cursor: inout ByteCursor, _ what: String) throws -> String {
        let length = try cursor.read(UInt64.self, "the length of \(what)")
        guard length <= UInt64(cursor.remaining) else {
            throw InputError(cursor.source, "\(what) claims \(length) bytes at byte \(cursor.offset), more than the file holds")
        }
        return try cursor.readUTF8(Int(length), what)
    }

    private static func readValue(_ cursor: inout ByteCursor, type: UInt32, depth: Int, key: String) throws -> GGUFValue {
        let what = "the value of '\(key)'"
        switch type {
        case 0: return .uint(UInt64(try cursor.read(UInt8.self, what)))
        case 1: return .int(Int64(try cursor.read(Int8.self, what)))
        case 2: return .uint(UInt64(try cursor.read(UInt16.self, what)))
        case 3: return .int(Int64(try cursor.read(Int16.self, what)))
        case 4: return .uint(UInt64(try cursor.read(UInt32.self, what)))
        case 5: return .int(Int64(try cursor.read(Int32.self, what)))
        case 6: return .float(Double(try cursor.readFloat(what)))
        case 7:
            let byte = try cursor.read(UInt8.self, what)
            guard byte <= 1 else { throw InputError(cursor.source, "\(what) is a bool of \(byte)") }
            return .bool(byte == 1)
        case 8: return .string(try readString(&cursor, what))
        case 9:
            guard depth < maxNesting else { throw InputError(cursor.source, "\(what) nests arrays deeper than \(maxNesting)") }
            let elementType = try cursor.read(UInt32.self, what)
            let count = try cursor.read(UInt64.self, what)
            let minimum = UInt64(minimumSize(of: elementType))
            guard minimum > 0 else { throw InputError(cursor.source, "\(what) has unknown element type \(elementType)") }
            guard count <= UInt64(cursor.remaining) / minimum else {
                throw InputError(cursor.source, "\(what) claims \(count) elements, more than the file holds")
            }
            var elements: [GGUFValue] = []
            elements.reserveCapacity(Int(count))
            for _ in 0..<Int(count) {
                elements.append(try readValue(&cursor, type: elementType, depth: depth + 1, key: key))
            }
            return .array(elements)
        case 10: return .uint(try cursor.read(UInt64.self, what))
        case 11: return .int(try cursor.read(Int64.self, what))
        case 12: return .float(try cursor.readDouble(what))
        default: throw InputError(cursor.source, "\(what) has unknown type \(type)")
        }
    }

    /// The fewest bytes one element of a type code can take (0 for an unknown code).
    private static func minimumSize(of type: UInt32) -> Int {
        switch type {
        case 0, 1, 7: return 1
        case 2, 3: return 2
        case 4, 5, 6: return 4
        case 8, 10, 11, 12: return 8
        case 9: return 12
        default: return 0
        }
    }
}
