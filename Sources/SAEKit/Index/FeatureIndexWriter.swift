import Foundation
import GRDB

/// Writes a feature index file: schema, metadata and one record per feature, into a temporary file that is renamed
/// over the index (one atomic step), so a crash never leaves a half-written index or loses the old one.
public enum FeatureIndexWriter {
    /// Sets `values` in the metadata of the index at `path` (one transaction; other keys stay as they are).
    public static func record(_ values: [String: String], inIndexAt path: String) throws {
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                for (key, value) in values {
                    try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                   arguments: [key, value])
                }
            }
        } catch {
            throw InputError(path, "could not record \(values.keys.sorted().joined(separator: ", ")) in the index (\(error))")
        }
    }

    /// Writes `records` with `metadata` to `path`, replacing any index there. `tokenBytes` gives a token id's raw
    /// bytes, kept beside its text so that a reader can show a character split over tokens whole.
    public static func write(_ records: [FeatureRecord], metadata: [String: String], tokenBytes: ((Int) -> [UInt8])? = nil,
                             to path: String) throws {
        let largestID = records.flatMap { $0.topExamples + $0.quantileExamples }.flatMap(\.ids).max() ?? 0
        let stream = try Stream(path: path, metadata: metadata, largestTokenID: largestID)
        do {
            try stream.add(records)
            try stream.finish(tokenBytes: tokenBytes)
        } catch {
            stream.discard()
            throw error
        }
    }

    /// An index written a batch of records at a time (an import of a large export), into `<path>.partial`, renamed
    /// over `path` by `finish`; `discard` removes the partial file.
    public final class Stream {
        private let path: String, temporary: String
        private var queue: DatabaseQueue?
        private let idWidth: Int
        private var vocabulary: [Int: String] = [:]

        /// Starts an index at `path` with `metadata`, whose examples name token ids up to `largestTokenID`.
        public init(path: String, metadata: [String: String], largestTokenID: Int) throws {
            self.path = path
            temporary = path + ".partial"
            // Token effects always store 4-byte ids (followed by float16 effects); examples use `idWidth`.
            idWidth = FeatureIndex.tokenIDWidth(forLargest: largestTokenID)
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try? FileManager.default.removeItem(atPath: temporary)
                let queue = try DatabaseQueue(path: temporary)
                self.queue = queue
                try queue.write { db in
                    try db.execute(sql: """
                        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                        CREATE TABLE features (
                            id INTEGER PRIMARY KEY, density REAL NOT NULL, max_activation REAL NOT NULL,
                            mean_activation REAL NOT NULL, label TEXT NOT NULL, top_tokens TEXT NOT NULL,
                            histogram BLOB NOT NULL, promoted BLOB NOT NULL, suppressed BLOB NOT NULL);
                        CREATE TABLE examples (
                            feature INTEGER NOT NULL, kind TEXT NOT NULL, rank INTEGER NOT NULL, max_activation REAL NOT NULL,
                            token_ids BLOB NOT NULL, activations BLOB NOT NULL, PRIMARY KEY (feature, kind, rank)) WITHOUT ROWID;
                        CREATE TABLE tokens (id INTEGER PRIMARY KEY, text TEXT NOT NULL, bytes BLOB);
                        CREATE TABLE neighbours (
                            feature INTEGER NOT NULL, rank INTEGER NOT NULL, neighbour INTEGER NOT NULL, cosine REAL NOT NULL,
                            PRIMARY KEY (feature, rank)) WITHOUT ROWID;
                        """)
                    var allMetadata = metadata
                    allMetadata["schema_version"] = FeatureIndex.schemaVersion
                    allMetadata["token_id_bytes"] = String(idWidth)
                    for (key, value) in allMetadata {
                        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
                    }
                }
            } catch {
                discard()
                throw InputError(path, "cannot write the feature index: \(error)")
            }
        }

        /// Adds `records` in one transaction.
        public func add(_ records: [FeatureRecord]) throws {
            guard let queue else { throw InputError(path, "the index being written was discarded") }
            let idWidth = self.idWidth
            do {
                try queue.write { db in
                    for record in records {
                        try db.execute(sql: """
                            INSERT INTO features (id, density, max_activation, mean_activation, label, top_tokens,
                                                  histogram, promoted, suppressed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: [record.id, record.density, record.maxActivation, record.meanActivation, record.label,
                                             record.topTokens.joined(separator: " "), FeatureIndex.blob(record.histogram.map(Float.init)),
                                             effects(record.promoted), effects(record.suppressed)])
                        for (rank, neighbour) in (record.neighbours ?? []).enumerated() {
                            try db.execute(sql: "INSERT INTO neighbours (feature, rank, neighbour, cosine) VALUES (?, ?, ?, ?)",
                                           arguments: [record.id, rank, neighbour.feature, neighbour.cosine])
                        }
                        for (kind, examples) in [("top", record.topExamples), ("quantile", record.quantileExamples)] {
                            for (rank, example) in examples.enumerated() {
                                for (id, text) in zip(example.ids, example.tokens) { vocabulary[id] = text }
                                try db.execute(sql: "INSERT INTO examples (feature, kind, rank, max_activation, token_ids, activations) VALUES (?, ?, ?, ?, ?, ?)",
                                               arguments: [record.id, kind, rank, example.maxActivation, FeatureIndex.idBlob(example.ids, width: idWidth),
                                                           FeatureIndex.halfBlob(example.activations)])
                            }
                        }
                    }
                }
            } catch {
                throw InputError(path, "cannot write the feature index: \(error)")
            }
        }

        /// The blob of promoted or suppressed tokens, their texts noted for the tokens table.
        private func effects(_ list: [TokenEffect]) -> Data {
            for effect in list { vocabulary[effect.id] = effect.token }
            return FeatureIndex.idBlob(list.map(\.id), width: 4) + FeatureIndex.halfBlob(list.map(\.effect))
        }

        /// Writes the tokens the records named (with their bytes, when `tokenBytes` gives them) and `metadata` learnt
        /// while writing, then moves the index into place.
        public func finish(tokenBytes: ((Int) -> [UInt8])? = nil, metadata: [String: String] = [:]) throws {
            guard let queue else { throw InputError(path, "the index being written was discarded") }
            do {
                try queue.write { db in
                    for (key, value) in metadata {
                        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
                    }
                    for (id, text) in vocabulary {
                        // SQLite's text ends at a NUL; a token whose text holds one is stored as its UTF-8 bytes.
                        let stored: DatabaseValueConvertible = text.utf8.contains(0) ? Data(text.utf8) : text
                        try db.execute(sql: "INSERT INTO tokens (id, text, bytes) VALUES (?, ?, ?)",
                                       arguments: [id, stored, tokenBytes.map { Data($0(id)) }])
                    }
                }
                try queue.vacuum()
                try queue.close()
                self.queue = nil
                guard rename(temporary, path) == 0 else { throw InputError(path, "cannot be replaced: \(String(cString: strerror(errno)))") }
            } catch {
                discard()
                throw InputError(path, "cannot write the feature index: \(error)")
            }
        }

        /// Abandons the index: the partial file is removed, the one at `path` (if any) left as it was.
        public func discard() {
            try? queue?.close()
            queue = nil
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }
}
