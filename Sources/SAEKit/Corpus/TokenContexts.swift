/// Cuts documents into fixed-length token contexts: each document is tokenized and followed by an end-of-text
/// token (`<|endoftext|>`, else the model's end of sequence), the stream is cut into contexts of `length` tokens (each
/// opening with BOS when the model expects it), and a leftover shorter than a context is dropped.
public enum TokenContexts {
    /// Up to `limit` contexts of `length` tokens from `documents`, in order.
    public static func make(_ documents: [CorpusFile.Document], tokenizer: Tokenizer, length: Int, limit: Int) -> [[Int]] {
        let separator = tokenizer.id(of: "<|endoftext|>") ?? tokenizer.eosID ?? 0
        let opening = tokenizer.startingSequence([])
        let taken = length - opening.count
        var stream: [Int] = [], contexts: [[Int]] = []
        for document in documents where contexts.count < limit {
            stream += tokenizer.encode(document.text)
            stream.append(separator)
            var start = 0
            while stream.count - start >= taken && contexts.count < limit {
                contexts.append(opening + stream[start..<(start + taken)])
                start += taken
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
