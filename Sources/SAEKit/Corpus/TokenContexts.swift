/// Cuts documents into fixed-length token contexts: each document is tokenized and followed by `<|endoftext|>`,
/// the stream is cut every `length` tokens, and a leftover shorter than `length` is dropped.
public enum TokenContexts {
    /// Up to `limit` contexts of `length` tokens from `documents`, in order.
    public static func make(_ documents: [CorpusFile.Document], tokenizer: Tokenizer, length: Int, limit: Int) -> [[Int]] {
        let separator = tokenizer.id(of: "<|endoftext|>") ?? 0
        var stream: [Int] = [], contexts: [[Int]] = []
        for document in documents where contexts.count < limit {
            stream += tokenizer.encode(document.text)
            stream.append(separator)
            var start = 0
            while stream.count - start >= length && contexts.count < limit {
                contexts.append(Array(stream[start..<(start + length)]))
                start += length
            }
            stream.removeFirst(start)
        }
        return contexts
    }

    /// The documents of a text file: a corpus `.jsonl` file, or any other file read as one plain-text document.
    public static func documents(fromFile path: String) throws -> [CorpusFile.Document] {
        if path.hasSuffix(".jsonl") { return try CorpusFile(path: path).documents }
        let file = try MappedFile(path: path)
        guard let text = String(validating: file.bytes, as: UTF8.self), !text.isEmpty else {
            throw InputError(path, "is empty or not UTF-8 text")
        }
        return [CorpusFile.Document(source: path, text: text)]
    }
}
