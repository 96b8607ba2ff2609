import Foundation

/// Prints values as one JSON document on stdout.
enum JSONOutput {
    /// Encodes `value` and prints it followed by a newline.
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
