/// A problem with a file or an argument that the user can fix, told in one line naming where and what.
public struct InputError: Error, CustomStringConvertible, Equatable {
    /// The file path or argument name the problem is in.
    public let source: String
    /// What is wrong, in words a user understands.
    public let message: String

    /// Creates an error about `source` saying `message`.
    public init(_ source: String, _ message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "\(source): \(message)" }
}
