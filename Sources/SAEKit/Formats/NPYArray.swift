import Foundation

/// A NumPy `.npy` array read from bytes in place: its element type, shape and data.
public struct NPYArray {
    /// The array as a stored tensor (row-major; Fortran-order arrays are rejected unless 1-D).
    public let tensor: StoredTensor

    /// Parses the `.npy` bytes `bytes`, kept alive by `owner`; `source` names the file (or archive member) in errors.
    public init(bytes: UnsafeRawBufferPointer, owner: AnyObject, source: String, name: String = "array") throws {
        var cursor = ByteCursor(bytes, source: source)
        let magic = try cursor.readBytes(6, "the .npy magic")
        guard Array(magic) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59] else { throw InputError(source, "not a .npy file (bad magic)") }
        let major = try cursor.read(UInt8.self, "the .npy version")
        _ = try cursor.read(UInt8.self, "the .npy version")
        let headerLength: Int
        switch major {
        case 1: headerLength = Int(try cursor.read(UInt16.self, "the .npy header length"))
        case 2, 3: headerLength = Int(try cursor.read(UInt32.self, "the .npy header length"))
        default: throw InputError(source, "unsupported .npy version \(major)")
        }
        let header = try cursor.readUTF8(headerLength, "the .npy header")
        let fields = try NPYHeader.parse(header, source: source)
        guard let count = checkedProduct(fields.shape), count.multipliedReportingOverflow(by: fields.type.size).overflow == false else {
            throw InputError(source, "shape \(fields.shape) is too large")
        }
        if fields.fortranOrder && fields.shape.filter({ $0 > 1 }).count > 1 {
            throw InputError(source, "Fortran-order arrays are not supported; save with np.ascontiguousarray")
        }
        let data = try cursor.readBytes(count * fields.type.size, "the array data (shape \(fields.shape))")
        tensor = StoredTensor(name: name, type: fields.type, shape: fields.shape, bytes: data, owner: owner)
    }

    /// The bytes of a version-1.0 `.npy` file holding `values` as little-endian float32 with `shape`.
    public static func float32File(shape: [Int], values: UnsafeBufferPointer<Float>) -> Data {
        precondition(shape.reduce(1, *) == values.count)
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header.utf8)
        data.append(UnsafeBufferPointer(start: UnsafeRawPointer(values.baseAddress)?.assumingMemoryBound(to: UInt8.self),
                                        count: values.count * 4))
        return data
    }
}

/// The Python-literal header of a `.npy` file: `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
enum NPYHeader {
    /// What the header says.
    struct Fields {
        var type: ElementType
        var fortranOrder: Bool
        var shape: [Int]
    }

    /// Parses the header dictionary, accepting only little-endian or byte-sized numeric types.
    static func parse(_ text: String, source: String) throws -> Fields {
        guard let descr = stringValue(of: "descr", in: text) else { throw InputError(source, ".npy header has no descr") }
        guard let type = elementType(descr) else { throw InputError(source, "unsupported .npy dtype '\(descr)'") }
        guard let shapeText = tupleValue(of: "shape", in: text) else { throw InputError(source, ".npy header has no shape") }
        var shape: [Int] = []
        for part in shapeText.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let value = Int(trimmed), value >= 0 else { throw InputError(source, ".npy shape '(\(shapeText))' is not valid") }
            shape.append(value)
        }
        let fortran = text.range(of: "'fortran_order': True") != nil
        return Fields(type: type, fortranOrder: fortran, shape: shape)
    }

    private static func elementType(_ descr: String) -> ElementType? {
        let table: [String: ElementType] = [
            "<f4": .f32, "<f2": .f16, "<f8": .f64, "|u1": .u8, "|i1": .i8, "|b1": .bool,
            "<i2": .i16, "<u2": .u16, "<i4": .i32, "<u4": .u32, "<i8": .i64, "<u8": .u64,
        ]
        return table[descr]
    }

    private static func stringValue(of key: String, in text: String) -> String? {
        guard let keyRange = text.range(of: "'\(key)'") else { return nil }
        let rest = text[keyRange.upperBound...]
        guard let open = rest.firstIndex(where: { $0 == "'" || $0 == "\"" }) else { return nil }
        let quote = rest[open]
        let afterOpen = rest.index(after: open)
        guard let close = rest[afterOpen...].firstIndex(of: quote) else { return nil }
        return String(rest[afterOpen..<close])
    }

    private static func tupleValue(of key: String, in text: String) -> String? {
        guard let keyRange = text.range(of: "'\(key)'") else { return nil }
        let rest = text[keyRange.upperBound...]
        guard let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") else { return nil }
        return String(rest[rest.index(after: open)..<close])
    }
}
