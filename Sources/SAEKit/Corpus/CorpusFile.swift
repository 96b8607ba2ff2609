import Foundation

/// A corpus split written by `saescope corpus build`: one JSON object `{"source", "text"}` per line.
public struct CorpusFile {
    /// One document.
    public struct Document: Sendable {
        /// Which source it came from (gcide, python-stdlib, fortunes-de, …).
        public var source: String
        /// The document's text.
        public var text: String

        /// A document from `source` holding `text`.
        public init(source: String, text: String) {
            self.source = source
            self.text = text
        }
    }

    /// The documents, in file order.
    public let documents: [Document]

    /// Reads the JSONL file at `path`; a malformed line is an error naming its line number.
    public init(path: String) throws {
        let file = try MappedFile(path: path)
        var documents: [Document] = []
        var lineNumber = 0
        for line in Data(file.bytes).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            lineNumber += 1
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let source = object["source"] as? String, let text = object["text"] as? String else {
                throw InputError(path, "line \(lineNumber) is not a {\"source\", \"text\"} JSON object")
            }
            documents.append(Document(source: source, text: text))
        }
        guard !documents.isEmpty else { throw InputError(path, "holds no documents") }
        self.documents = documents
    }
}
