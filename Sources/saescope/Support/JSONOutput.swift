import Foundation

/// Prints values as one JSON document on stdout.
enum JSONOutput {
    /// Encodes `value` and prints it followed by a newline.
    static func print<T: Encodable>(_ value: T) throws {
        let data = try JSONEncoder.sorted.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

extension JSONEncoder {
    /// An encoder writing keys in sorted order, so that output compares and diffs cleanly.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
