import Foundation

/// A memory-mapped safetensors file, validated the way the reference reader validates it.
// @unchecked Sendable: the header is parsed in init; the tensors are views of the read-only mapping.
public final class SafetensorsFile: @unchecked Sendable {
    /// The reference reader's limit on the JSON header.
    public static let maxHeaderBytes = 100_000_000

    /// The mapped file.
    public let file: MappedFile
    /// The tensors by name.
    public let tensors: [String: StoredTensor]
    /// The free-form `__metadata__` strings.
    public let metadata: [String: String]

    /// The file's path.
    public var path: String { file.path }

    /// Opens and validates the safetensors file at `path`.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        let bytes = file.bytes
        var cursor = ByteCursor(bytes, source: path)
        let headerLength = try cursor.read(UInt64.self, "the header length")
        guard headerLength <= UInt64(Self.maxHeaderBytes) else {
            throw InputError(path, "header length \(headerLength) exceeds the 100 MB limit (not a safetensors file?)")
        }
        let jsonBytes = try cursor.readBytes(Int(headerLength), "the JSON header")
        let dataStart = 8 + Int(headerLength)
        let dataLength = bytes.count - dataStart
        let parsed: Any
        do { parsed = try JSONReader.parse(jsonBytes) } catch { throw InputError(path, "the header is not JSON: \(error)") }
        guard let object = parsed as? [String: Any] else { throw InputError(path, "the header is not a JSON object") }
        var metadata: [String: String] = [:]
        var tensors: [String: StoredTensor] = [:]
        var spans: [(name: String, begin: Int, end: Int)] = []
        for (name, value) in object {
            if name == "__metadata__" {
                guard let dict = value as? [String: Any] else { throw InputError(path, "__metadata__ is not an object") }
                for (key, item) in dict {
                    guard let text = item as? String else {
                        throw InputError(path, "__metadata__ value for '\(key)' is not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            guard let entry = value as? [String: Any] else { throw InputError(path, "tensor '\(name)' is not an object") }
            guard let dtypeName = entry["dtype"] as? String else { throw InputError(path, "tensor '\(name)' has no dtype") }
            guard let type = ElementType(rawValue: dtypeName) else {
                throw InputError(path, "tensor '\(name)' has unsupported dtype '\(dtypeName)'")
            }
            guard let shapeValues = entry["shape"] as? [Any], let shape = Self.integers(shapeValues) else {
                throw InputError(path, "tensor '\(name)' has no valid shape")
            }
            guard let offsetValues = entry["data_offsets"] as? [Any], let offsets = Self.integers(offsetValues),
                  offsets.count == 2, offsets[0] <= offsets[1] else {
                throw InputError(path, "tensor '\(name)' has no valid data_offsets")
            }
            guard offsets[1] <= dataLength else {
                throw InputError(path, "tensor '\(name)' ends at byte \(offsets[1]) past the data (\(dataLength) bytes)")
            }
            guard let count = checkedProduct(shape), count.multipliedReportingOverflow(by: type.size).overflow == false,
                  count * type.size == offsets[1] - offsets[0] else {
                throw InputError(path, "tensor '\(name)' shape \(shape) of \(dtypeName) disagrees with its \(offsets[1] - offsets[0]) bytes")
            }
            let start = bytes.baseAddress.map { UnsafeRawPointer($0) + dataStart + offsets[0] }
            tensors[name] = StoredTensor(name: name, type: type, shape: shape,
                                         bytes: UnsafeRawBufferPointer(start: start, count: offsets[1] - offsets[0]), owner: file)
            spans.append((name, offsets[0], offsets[1]))
        }
        spans.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expected = 0
        for span in spans {
            guard span.begin == expected else {
                throw InputError(path, "tensor '\(span.name)' starts at \(span.begin), expected \(expected) (gap or overlap)")
            }
            expected = span.end
        }
        guard expected == dataLength else {
            throw InputError(path, "tensor data covers \(expected) bytes but the file holds \(dataLength)")
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The named tensor, or an error naming the file and the missing tensor.
    public func tensor(_ name: String) throws -> StoredTensor {
        guard let tensor = tensors[name] else { throw InputError(path, "has no tensor '\(name)'") }
        return tensor
    }

    /// JSON integers (whole, non-negative, below 2^53) or nil.
    private static func integers(_ values: [Any]) -> [Int]? {
        var result: [Int] = []
        for value in values {
            guard let number = value as? NSNumber else { return nil }
            let double = number.doubleValue
            guard double >= 0, double < 9e15, double == double.rounded() else { return nil }
            result.append(Int(double))
        }
        return result
    }
}
