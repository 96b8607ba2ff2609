/// Turns tokens into text as they arrive, holding back a multi-byte UTF-8 character until all its bytes are in.
public struct StreamingDecoder {
    private let tokenizer: Tokenizer
    private let special: Bool
    private var pending: [UInt8] = []

    /// A decoder over `tokenizer`; control tokens are rendered when `special` is set.
    public init(tokenizer: Tokenizer, special: Bool = false) {
        self.tokenizer = tokenizer
        self.special = special
    }

    /// Adds one token and returns the text that is now complete (possibly empty).
    public mutating func push(_ id: Int) -> String {
        pending.append(contentsOf: tokenizer.bytes(of: id, special: special))
        let complete = Self.completePrefixLength(pending)
        let text = String(decoding: pending[0..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return text
    }

    /// Returns whatever is still held back (an incomplete character becomes U+FFFD) and empties the decoder.
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The length of the prefix of `bytes` that does not end inside an unfinished UTF-8 sequence.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        var start = bytes.count - 1
        // Walk back over at most three continuation bytes to the lead byte of the last sequence.
        while start >= 0 && start >= bytes.count - 4 && UTF8Sequence.isContinuation(bytes[start]) { start -= 1 }
        guard start >= 0, let needed = UTF8Sequence.length(startingWith: bytes[start]) else { return bytes.count }
        return bytes.count - start < needed ? start : bytes.count
    }
}
