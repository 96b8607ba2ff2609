/// A theme or settings file that could not be used, naming the file and line (0 when the file itself is the problem).
public struct ConfigFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    /// An error at `line` of `file` (line 0 for the whole file).
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
