import Foundation
import ZIPFoundation

/// A NumPy `.npz` archive (a zip of `.npy` members), as Gemma Scope ships its `params.npz`.
///
/// The zip directory is read here so that stored members (what `np.savez` writes) are used in place from the mapped
/// file, never copied; deflated members (`np.savez_compressed`) are inflated by ZIPFoundation.
// @unchecked Sendable: the mapping is read-only and `arrays` is filled in init, never after.
public final class NPZArchive: @unchecked Sendable {
    /// The mapped archive.
    public let file: MappedFile
    /// The arrays by member name, without the `.npy` suffix.
    public private(set) var arrays: [String: StoredTensor] = [:]

    /// The archive's path.
    public var path: String { file.path }

    /// Opens the archive at `path` and parses every `.npy` member.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        for member in try ZipDirectory.members(of: file.bytes, source: path) where member.name.hasSuffix(".npy") {
            let name = String(member.name.dropLast(4))
            let source = "\(path)[\(member.name)]"
            switch member.method {
            case 0:
                let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[member.dataRange])
                arrays[name] = try NPYArray(bytes: bytes, owner: file, source: source, name: name).tensor
            case 8:
                let storage = InflatedMember(try inflate(member, source: source))
                arrays[name] = try NPYArray(bytes: storage.bytes, owner: storage, source: source, name: name).tensor
            default:
                throw InputError(source, "zip compression method \(member.method) is not supported")
            }
        }
    }

    /// The named array, or an error naming the archive and the missing member.
    public func array(_ name: String) throws -> StoredTensor {
        guard let array = arrays[name] else { throw InputError(path, "has no array '\(name).npy'") }
        return array
    }

    private func inflate(_ member: ZipDirectory.Member, source: String) throws -> Data {
        // Deflate expands at most ~1032:1; refuse a member whose declared size could not come from its bytes.
        guard member.uncompressedSize <= member.dataRange.count * 1032 + 1024 else {
            throw InputError(source, "declared size \(member.uncompressedSize) is impossible for \(member.dataRange.count) compressed bytes")
        }
        do {
            let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
            guard let entry = archive[member.name] else { throw InputError(source, "member not found by the zip reader") }
            var data = Data(capacity: member.uncompressedSize)
            _ = try archive.extract(entry) { chunk in
                guard data.count + chunk.count <= member.uncompressedSize else {
                    throw InputError(source, "inflates past its declared size \(member.uncompressedSize)")
                }
                data.append(chunk)
            }
            return data
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(source, "cannot inflate: \(error)")
        }
    }
}

/// An inflated archive member's bytes, in aligned memory of their own.
private final class InflatedMember {
    let bytes: UnsafeRawBufferPointer

    init(_ data: Data) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 64)
        storage.copyBytes(from: data)
        bytes = UnsafeRawBufferPointer(rebasing: storage[0..<data.count])
    }

    deinit { bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() } }
}

/// The central directory of a zip file (ZIP64 included): member names, methods, sizes and where their data lies.
enum ZipDirectory {
    /// One member of the archive.
    struct Member {
        var name: String
        var method: Int
        var uncompressedSize: Int
        var dataRange: Range<Int>
    }

    /// Reads the central directory of the zip held in `bytes`.
    static func members(of bytes: UnsafeRawBufferPointer, source: String) throws -> [Member] {
        let end = try endOfDirectory(bytes, source: source)
        var cursor = ByteCursor(bytes, source: source, offset: end.directoryOffset)
        var members: [Member] = []
        for _ in 0..<end.entryCount {
            guard try cursor.read(UInt32.self, "a zip directory entry") == 0x0201_4b50 else {
                throw InputError(source, "zip directory entry at byte \(cursor.offset - 4) has a bad signature")
            }
            cursor.offset += 6
            let method = Int(try cursor.read(UInt16.self, "a zip directory entry"))
            cursor.offset += 8
            var compressed = Int(try cursor.read(UInt32.self, "a zip directory entry"))
            var uncompressed = Int(try cursor.read(UInt32.self, "a zip directory entry"))
            let nameLength = Int(try cursor.read(UInt16.self, "a zip directory entry"))
            let extraLength = Int(try cursor.read(UInt16.self, "a zip directory entry"))
            let commentLength = Int(try cursor.read(UInt16.self, "a zip directory entry"))
            cursor.offset += 8
            var localOffset = Int(try cursor.read(UInt32.self, "a zip directory entry"))
            let name = try cursor.readUTF8(nameLength, "a zip member name")
            var extra = ByteCursor(try cursor.readBytes(extraLength, "a zip extra field"), source: source)
            try cursor.require(commentLength, for: "a zip comment")
            cursor.offset += commentLength
            while extra.remaining >= 4 {
                let id = try extra.read(UInt16.self, "a zip extra field")
                let size = Int(try extra.read(UInt16.self, "a zip extra field"))
                var field = ByteCursor(try extra.readBytes(size, "a zip extra field"), source: source)
                guard id == 0x0001 else { continue }
                if uncompressed == 0xFFFF_FFFF { uncompressed = Int(clamping: try field.read(UInt64.self, "a ZIP64 size")) }
                if compressed == 0xFFFF_FFFF { compressed = Int(clamping: try field.read(UInt64.self, "a ZIP64 size")) }
                if localOffset == 0xFFFF_FFFF { localOffset = Int(clamping: try field.read(UInt64.self, "a ZIP64 offset")) }
            }
            var local = ByteCursor(bytes, source: source, offset: localOffset)
            try local.require(30, for: "the local header of '\(name)'")
            guard try local.read(UInt32.self, "a local header") == 0x0403_4b50 else {
                throw InputError(source, "local header of '\(name)' has a bad signature")
            }
            local.offset += 22
            let localName = Int(try local.read(UInt16.self, "a local header"))
            let localExtra = Int(try local.read(UInt16.self, "a local header"))
            let dataStart = local.offset + localName + localExtra
            guard compressed >= 0, dataStart <= bytes.count, compressed <= bytes.count - dataStart else {
                throw InputError(source, "member '\(name)' runs past the end of the file")
            }
            if method == 0 && compressed != uncompressed {
                throw InputError(source, "stored member '\(name)' has different compressed and uncompressed sizes")
            }
            members.append(Member(name: name, method: method, uncompressedSize: uncompressed,
                                  dataRange: dataStart..<(dataStart + compressed)))
        }
        return members
    }

    /// Where the central directory starts and how many entries it has, from the (ZIP64) end record.
    private static func endOfDirectory(_ bytes: UnsafeRawBufferPointer, source: String) throws -> (directoryOffset: Int, entryCount: Int) {
        guard bytes.count >= 22 else { throw InputError(source, "too small to be a zip archive") }
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while position >= lowest {
            if bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self) == UInt32(0x0605_4b50).littleEndian { break }
            position -= 1
        }
        guard position >= lowest else { throw InputError(source, "not a zip archive (no end-of-directory record)") }
        var cursor = ByteCursor(bytes, source: source, offset: position + 10)
        var count = Int(try cursor.read(UInt16.self, "the zip end record"))
        cursor.offset += 4
        var offset = Int(try cursor.read(UInt32.self, "the zip end record"))
        if (count == 0xFFFF || offset == 0xFFFF_FFFF), position >= 20,
           bytes.loadUnaligned(fromByteOffset: position - 20, as: UInt32.self) == UInt32(0x0706_4b50).littleEndian {
            var locator = ByteCursor(bytes, source: source, offset: position - 12)
            let recordOffset = Int(clamping: try locator.read(UInt64.self, "the ZIP64 locator"))
            var record = ByteCursor(bytes, source: source, offset: recordOffset)
            try record.require(56, for: "the ZIP64 end record")
            guard try record.read(UInt32.self, "the ZIP64 end record") == 0x0606_4b50 else {
                throw InputError(source, "ZIP64 end record has a bad signature")
            }
            record.offset += 28
            count = Int(clamping: try record.read(UInt64.self, "the ZIP64 end record"))
            record.offset += 8
            offset = Int(clamping: try record.read(UInt64.self, "the ZIP64 end record"))
        }
        guard offset <= bytes.count, count <= (bytes.count - offset) / 46 else {
            throw InputError(source, "zip directory (\(count) entries at byte \(offset)) does not fit in the file")
        }
        return (offset, count)
    }
}
