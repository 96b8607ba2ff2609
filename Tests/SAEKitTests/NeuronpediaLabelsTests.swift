import Foundation
import SAEKit
import Testing

/// Explanations from Neuronpedia's exports (`Tests/make_neuronpedia_fixture.py`): gzip read and checked, every layout
/// of the export read alike, damaged files refused with one line, and the labels kept in the annotation store.
@Suite struct NeuronpediaLabelsTests {
    static let folder = Fixtures.path("neuronpedia")

    @Test func theBatchFilesAndTheAPIArrayGiveTheSameLabels() throws {
        let batches = try NeuronpediaExplanations(path: Self.folder + "/explanations")
        let array = try NeuronpediaExplanations(path: Self.folder + "/export.json")
        let one = try NeuronpediaExplanations(path: Self.folder + "/explanations/batch-0.jsonl.gz")
        #expect(batches.labels == array.labels && batches.extra == 1 && array.extra == 1)
        #expect(batches.labels.keys.sorted() == [0, 7, 12, 100, 4095] && one.labels.keys.sorted() == [0, 7, 12])
        #expect(batches.labels[7] == ImportedLabel(text: "Cyrillic letters, mostly in Russian words", source: "Neuronpedia · gpt-4o-mini"))
        #expect(batches.sources == ["smollm2-135m/14-res-4k"])
    }

    @Test func gzipIsInflatedAndChecked() throws {
        let path = Self.folder + "/explanations/batch-1.jsonl.gz"
        let raw = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: try Gzip.decompress(raw, source: path), as: UTF8.self)
        #expect(text.hasPrefix("{\"id\": \"clx00000003\"") && text.hasSuffix("}\n"))
        // A changed byte in the stream or the trailer, a cut-short file, a small limit and a non-gzip file: one error each, no hang.
        var damaged = [UInt8](raw)
        damaged[damaged.count - 6] ^= 0xFF
        var flipped = [UInt8](raw)
        flipped[40] ^= 0x55
        for (bytes, limit) in [(damaged, 1 << 20), (flipped, 1 << 20), (Array(raw.prefix(raw.count - 20)), 1 << 20),
                               (Array(raw), 16), (Array("{\"index\": 1}".utf8) + Array(repeating: 0, count: 20), 1 << 20)] {
            #expect(throws: InputError.self) { _ = try Gzip.decompress(Data(bytes), source: path, limit: limit) }
        }
    }

    @Test func theFuzzersGzipIsReadWithoutReadingPastItsLastChunk() throws {
        // From `scripts/fuzz neuronpedia`: a gzip whose deflate stream ends in a chunk shorter than ZIPFoundation's
        // buffer, which zlib was handed as a full buffer and read past (a crash under AddressSanitizer).
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/regressions/neuronpedia-short-last-chunk.jsonl.gz").path
        do {
            _ = try NeuronpediaExplanations(path: path)
        } catch let error as InputError {
            #expect(error.source.hasPrefix(path))
        }
        // Every cut of a real export is refused with its name, never read past.
        let batch = Self.folder + "/explanations/batch-0.jsonl.gz"
        let good = try Data(contentsOf: URL(fileURLWithPath: batch))
        for length in stride(from: 0, to: good.count, by: 7) {
            #expect(throws: InputError.self) { _ = try Gzip.decompress(good.prefix(length), source: batch) }
        }
    }

    @Test func badExplanationsAreRefusedNamingTheLine() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cases: [(String, String)] = [
            ("{\"index\": \"3\", \"description\": \"a\"}\nnot json\n", "x.jsonl:2"),
            ("{\"index\": \"three\", \"description\": \"a\"}\n", "x.jsonl"),
            ("{\"index\": 3}\n", "x.jsonl"),
            ("[{\"index\": 2.5, \"description\": \"a\"}]", "x.jsonl"),
            ("\n\n", "x.jsonl"),
        ]
        // A file over the limit, a FIFO and a file of nothing but newlines are refused without reading them whole.
        try Data(repeating: 0x0A, count: 3 << 20).write(to: URL(fileURLWithPath: directory + "/newlines.jsonl"))
        #expect(throws: InputError.self) { _ = try NeuronpediaExplanations(path: directory + "/newlines.jsonl") }
        #expect(throws: InputError.self) { _ = try NeuronpediaExplanations(path: directory + "/newlines.jsonl", limit: 1 << 20) }
        #expect(mkfifo(directory + "/pipe.jsonl", 0o600) == 0)
        #expect(throws: InputError.self) { _ = try NeuronpediaExplanations(path: directory + "/pipe.jsonl") }
        for (text, source) in cases {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/x.jsonl"))
            do {
                _ = try NeuronpediaExplanations(path: directory + "/x.jsonl")
                Issue.record("accepted \(text)")
            } catch let error as InputError {
                #expect(error.source.hasSuffix(source), "\(text): \(error)")
            }
        }
    }

    @Test func importedLabelsAreKeptPerDictionaryAndReplacedByTheNextImport() throws {
        let path = Fixtures.temporaryDirectory() + "/annotations.sqlite"
        let store = try AnnotationStore(path: path)
        #expect(try !store.holdsUnindexedData())
        let labels = try NeuronpediaExplanations(path: Self.folder + "/export.json").labels
        try store.importLabels(labels, dictionary: "a")
        #expect(try store.importedLabels(dictionary: "a") == labels && store.importedLabels(dictionary: "b").isEmpty)
        try store.importLabels([1: ImportedLabel(text: "one", source: "Neuronpedia")], dictionary: "a")
        #expect(try store.importedLabels(dictionary: "a") == [1: ImportedLabel(text: "one", source: "Neuronpedia")])
        #expect(try store.holdsUnindexedData())
    }
}
