import Foundation
import ZIPFoundation

/// Reads gzip files (RFC 1952), such as Neuronpedia's `batch-N.jsonl.gz` exports: the header is parsed here, the
/// deflate stream is inflated by ZIPFoundation, and the trailer's CRC-32 and length are checked.
public enum Gzip {
    /// The inflated bytes of the gzip `data` read from `source` (named in errors), refused past `limit` bytes; one
    /// member only (a file of several fails its trailer check, with one line saying so).
    public static func decompress(_ data: Data, source: String, limit: Int = 1 << 31) throws -> Data {
        let bytes = [UInt8](data)
        guard bytes.count >= 18, bytes[0] == 0x1F, bytes[1] == 0x8B else { throw InputError(source, "is not a gzip file") }
        guard bytes[2] == 8 else { throw InputError(source, "uses gzip method \(bytes[2]); only deflate (8) is defined") }
        let flags = bytes[3]
        guard flags & 0xE0 == 0 else { throw InputError(source, "sets reserved gzip flags") }
        var offset = 10
        func skip(_ count: Int) throws {
            offset += count
            guard offset <= bytes.count - 8 else { throw InputError(source, "ends inside its gzip header") }
        }
        if flags & 0x04 != 0 {                      // FEXTRA: a length, then that many bytes
            try skip(2)
            try skip(Int(bytes[offset - 2]) | Int(bytes[offset - 1]) << 8)
        }
        for flag in [UInt8(0x08), 0x10] where flags & flag != 0 {     // FNAME, FCOMMENT: zero-terminated
            while offset < bytes.count - 8, bytes[offset] != 0 { offset += 1 }
            try skip(1)
        }
        if flags & 0x02 != 0 { try skip(2) }        // FHCRC
        let end = bytes.count - 8
        let stream = data.subdata(in: data.startIndex + offset..<data.startIndex + end)
        var output = Data()
        let checksum: UInt32
        do {
            checksum = try Data.decompress(size: Int64(stream.count), bufferSize: 1 << 16, skipCRC32: false, provider: { position, size in
                // Asked past the end: the deflate stream is cut short (ZIPFoundation would otherwise ask forever).
                guard position < Int64(stream.count) else { throw InputError(source, "ends inside its deflate stream") }
                let start = stream.startIndex + Int(position)
                var chunk = stream.subdata(in: start..<min(stream.endIndex, start + size))
                // ZIPFoundation hands zlib `size` bytes whatever the chunk holds, so a short last chunk would be read
                // past its end (a crash the fuzzer found): it is padded with zeros, which a complete stream never reaches.
                if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                return chunk
            }, consumer: { chunk in
                guard output.count + chunk.count <= limit else { throw InputError(source, "inflates past \(limit) bytes") }
                output.append(chunk)
            })
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(source, "is not valid deflate data (\(error))")
        }
        func word(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) } }
        guard word(end) == checksum, word(end + 4) == UInt32(truncatingIfNeeded: output.count) else {
            throw InputError(source, "fails its gzip CRC-32 or length check (damaged, or several gzip members)")
        }
        return output
    }
}
