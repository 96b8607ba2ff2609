import Foundation
import GRDB

/// Writes a feature index file: schema, metadata and one record per feature, in one transaction into a temporary
/// file that is renamed into place, so a crash never leaves a half-written index.
public enum FeatureIndexWriter {
    /// Writes `records` with `metadata` to `path`, replacing any index there.
    public static func write(_ records: [FeatureRecord], metadata: [String: String], to path: String) throws {
        let temporary = path + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let queue = try DatabaseQueue(path: temporary)
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE features (
                        id INTEGER PRIMARY KEY, density REAL NOT NULL, max_activation REAL NOT NULL,
                        mean_activation REAL NOT NULL, label TEXT NOT NULL, top_tokens TEXT NOT NULL,
                        top_tokens_json TEXT NOT NULL, histogram BLOB NOT NULL, promoted TEXT NOT NULL, suppressed TEXT NOT NULL);
                    CREATE TABLE examples (
                        feature INTEGER NOT NULL, kind TEXT NOT NULL, rank INTEGER NOT NULL, max_activation REAL NOT NULL,
                        tokens TEXT NOT NULL, activations BLOB NOT NULL, PRIMARY KEY (feature, kind, rank));
                    CREATE VIRTUAL TABLE feature_text USING fts5(label, top_tokens, content='features', content_rowid='id');
                    """)
                var allMetadata = metadata
                allMetadata["schema_version"] = FeatureIndex.schemaVersion
                for (key, value) in allMetadata {
                    try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
                }
                let encoder = JSONEncoder()
                func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
                for record in records {
                    try db.execute(sql: """
                        INSERT INTO features (id, density, max_activation, mean_activation, label, top_tokens, top_tokens_json,
                                              histogram, promoted, suppressed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [record.id, record.density, record.maxActivation, record.meanActivation, record.label,
                                         record.topTokens.joined(separator: " "), try json(record.topTokens),
                                         FeatureIndex.blob(record.histogram.map(Float.init)), try json(record.promoted), try json(record.suppressed)])
                    for (kind, examples) in [("top", record.topExamples), ("quantile", record.quantileExamples)] {
                        for (rank, example) in examples.enumerated() {
                            try db.execute(sql: "INSERT INTO examples (feature, kind, rank, max_activation, tokens, activations) VALUES (?, ?, ?, ?, ?, ?)",
                                           arguments: [record.id, kind, rank, example.maxActivation, try json(example.tokens),
                                                       FeatureIndex.blob(example.activations)])
                        }
                    }
                }
                try db.execute(sql: "INSERT INTO feature_text(feature_text) VALUES ('rebuild')")
            }
            try queue.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw InputError(path, "cannot write the feature index: \(error)")
        }
    }
}
