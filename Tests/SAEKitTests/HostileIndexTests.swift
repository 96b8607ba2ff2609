import Foundation
import Testing
import SAEKit

/// Feature indexes damaged the ways a user's files get damaged (or made hostile on purpose): each is refused with an
/// error naming the file, never a crash, and an index built for another dictionary is told apart.
@Suite struct HostileIndexTests {
    /// A valid index of the synthetic dictionary in a fresh folder, with the dictionary.
    static func written() throws -> (directory: String, path: String, dictionary: SparseDictionary) {
        let directory = Fixtures.temporaryDirectory()
        let (dictionary, _, records, _) = try FeatureIndexTests.build(directory)
        let path = directory + "/d.index.sqlite"
        try FeatureIndexWriter.write(records, metadata: ["dictionary_id": DictionaryIdentity.of(dictionary)], to: path)
        return (directory, path, dictionary)
    }

    /// Runs `sql` on a copy of the index at `path` (with Python's sqlite3: the test target does not link SQLite) and
    /// returns the copy's path.
    static func damaged(_ path: String, _ sql: String, name: String) throws -> String {
        let copy = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", copy, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 could not damage \(name)")
        return copy
    }

    /// Whether `body` fails with an `InputError` that names `path`.
    static func refuses(_ path: String, _ body: () throws -> Void) -> Bool {
        do {
            try body()
            return false
        } catch let error as InputError {
            return error.source == path
        } catch {
            return false
        }
    }

    @Test func damagedIndexesAreRefusedWithTheirName() throws {
        let (directory, path, dictionary) = try Self.written()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let count = dictionary.featureCount
        let opening: [(String, String)] = [
            ("UPDATE meta SET value = '0' WHERE key = 'token_id_bytes'", "zero-width.sqlite"),
            ("UPDATE meta SET value = 'three' WHERE key = 'token_id_bytes'", "word-width.sqlite"),
            // A width changed from the one the ids were written in would read other tokens, past the vocabulary.
            ("UPDATE meta SET value = '3' WHERE key = 'token_id_bytes'", "wider-width.sqlite"),
            ("UPDATE meta SET value = '2' WHERE key = 'schema_version'", "old.sqlite"),
            ("DROP TABLE meta", "no-meta.sqlite"),
        ]
        for (sql, name) in opening {
            let bad = try Self.damaged(path, sql, name: name)
            #expect(Self.refuses(bad) { _ = try FeatureIndex(path: bad) }, "\(name)")
        }
        let reading: [(String, String)] = [
            ("UPDATE features SET density = 'abc' WHERE id = 3", "text-density.sqlite"),
            ("UPDATE features SET label = X'FF' WHERE id = 3", "bytes-label.sqlite"),
            ("UPDATE features SET max_activation = X'00' WHERE id = 3", "bytes-max.sqlite"),
            ("UPDATE examples SET max_activation = 'x' WHERE feature = 3", "text-example.sqlite"),
            ("UPDATE tokens SET bytes = 7", "number-bytes.sqlite"),
            ("UPDATE examples SET token_ids = X'0100' WHERE feature = 3", "short-ids.sqlite"),
        ]
        // Only a feature's whole record reads its examples and their tokens.
        let recordOnly: Set = ["text-example.sqlite", "number-bytes.sqlite", "short-ids.sqlite"]
        for (sql, name) in reading {
            let bad = try Self.damaged(path, sql, name: name)
            #expect(Self.refuses(bad) { _ = try FeatureIndex(path: bad).feature(3) }, "\(name): feature")
            if !recordOnly.contains(name) {
                #expect(Self.refuses(bad) { _ = try FeatureIndex(path: bad).overview(featureCount: count) }, "\(name): overview")
            }
        }
        let figures = try Self.damaged(path, "INSERT INTO meta VALUES ('eval', '{\"fve\": \"high\"}')", name: "bad-eval.sqlite")
        #expect(Self.refuses(figures) { _ = try FeatureIndex(path: figures).lastEvaluation() }, "bad-eval.sqlite")
        #expect(try FeatureIndex(path: path).lastEvaluation() == nil)
        let garbage = directory + "/garbage.sqlite"
        try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: garbage))
        #expect(Self.refuses(garbage) { _ = try FeatureIndex(path: garbage) })
    }

    @Test func anIndexOfAnotherDictionaryIsToldApart() throws {
        let (directory, path, dictionary) = try Self.written()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try FeatureIndex(path: path).mismatch(with: dictionary) == nil)
        let other = SyntheticDictionary.make(architecture: .topk, dIn: SyntheticModel.modelDim, dSAE: 40, k: 4, seed: 10)
        #expect(try FeatureIndex(path: path).mismatch(with: other)?.contains("another dictionary") == true)
        let smaller = SyntheticDictionary.make(architecture: .topk, dIn: SyntheticModel.modelDim, dSAE: 20, k: 4, seed: 9)
        #expect(try FeatureIndex(path: path).mismatch(with: smaller)?.contains("has 20 features") == true)
        let anonymous = try Self.damaged(path, "DELETE FROM meta WHERE key = 'dictionary_id'", name: "anonymous.sqlite")
        #expect(try FeatureIndex(path: anonymous).mismatch(with: dictionary) == "records no dictionary_id")
    }
}
