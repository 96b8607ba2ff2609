import Foundation
import GRDB

/// What a user wrote about a feature.
public struct Annotation: Sendable, Equatable {
    /// A name that replaces the automatic label.
    public var name: String
    /// Free-form notes.
    public var notes: String
    /// Whether the feature is starred.
    public var starred: Bool

    /// An annotation.
    public init(name: String = "", notes: String = "", starred: Bool = false) {
        self.name = name
        self.notes = notes
        self.starred = starred
    }
}

/// The user's own names, notes and stars for features, in their data folder (never next to the dictionary).
/// Each change is one SQLite transaction in write-ahead-log mode, so a crash mid-write loses nothing committed.
// @unchecked Sendable: every access goes through GRDB's DatabaseQueue, which serializes it; `path` is constant.
public final class AnnotationStore: @unchecked Sendable {
    /// The database file.
    public let path: String
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the store at `path`, by default `$XDG_DATA_HOME/saescope/annotations.sqlite`.
    public init(path: String = Paths.data("annotations.sqlite")) throws {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.journalMode = .wal
            // Several saescope processes may open the store at once (a script running commands side by side, the
            // first of them creating it): each waits its turn instead of failing on the lock.
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS annotations (
                        dictionary TEXT NOT NULL, feature INTEGER NOT NULL, name TEXT NOT NULL, notes TEXT NOT NULL,
                        starred INTEGER NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (dictionary, feature));
                    CREATE TABLE IF NOT EXISTS imported_labels (
                        dictionary TEXT NOT NULL, feature INTEGER NOT NULL, text TEXT NOT NULL, source TEXT NOT NULL,
                        PRIMARY KEY (dictionary, feature));
                    CREATE TABLE IF NOT EXISTS evaluations (
                        dictionary TEXT PRIMARY KEY NOT NULL, figures TEXT NOT NULL, text TEXT NOT NULL, date TEXT NOT NULL)
                    """)
            }
        } catch {
            throw InputError(path, "cannot open the annotation store: \(error)")
        }
    }

    /// The annotation of `feature` in the dictionary identified by `dictionary`, if any.
    public func annotation(dictionary: String, feature: Int) throws -> Annotation? {
        try perform { db in
            try Row.fetchOne(db, sql: "SELECT name, notes, starred FROM annotations WHERE dictionary = ? AND feature = ?",
                             arguments: [dictionary, feature]).map { Annotation(name: try $0.strict("name"), notes: try $0.strict("notes"), starred: try $0.strict("starred")) }
        }
    }

    /// Saves (or, when empty, removes) the annotation of `feature`.
    public func save(_ annotation: Annotation, dictionary: String, feature: Int) throws {
        try perform { db in
            if annotation == Annotation() {
                try db.execute(sql: "DELETE FROM annotations WHERE dictionary = ? AND feature = ?", arguments: [dictionary, feature])
            } else {
                try db.execute(sql: """
                    INSERT INTO annotations (dictionary, feature, name, notes, starred, updated) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (dictionary, feature) DO UPDATE SET name = excluded.name, notes = excluded.notes,
                        starred = excluded.starred, updated = excluded.updated
                    """, arguments: [dictionary, feature, annotation.name, annotation.notes, annotation.starred,
                                     ISO8601DateFormatter().string(from: Date())])
            }
        }
    }

    /// Every annotation of `dictionary`, by feature.
    public func all(dictionary: String) throws -> [Int: Annotation] {
        try perform { db in
            let rows = try Row.fetchAll(db, sql: "SELECT feature, name, notes, starred FROM annotations WHERE dictionary = ?",
                                        arguments: [dictionary])
            return Dictionary(uniqueKeysWithValues: try rows.map { row in
                (try row.strict("feature") as Int, Annotation(name: try row.strict("name"), notes: try row.strict("notes"), starred: try row.strict("starred")))
            })
        }
    }

    /// Replaces the imported labels of `dictionary` with `labels`, in one transaction.
    public func importLabels(_ labels: [Int: ImportedLabel], dictionary: String) throws {
        try perform { db in
            try db.execute(sql: "DELETE FROM imported_labels WHERE dictionary = ?", arguments: [dictionary])
            for (feature, label) in labels.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO imported_labels (dictionary, feature, text, source) VALUES (?, ?, ?, ?)",
                               arguments: [dictionary, feature, label.text, label.source])
            }
        }
    }

    /// The imported labels of `dictionary`, by feature.
    public func importedLabels(dictionary: String) throws -> [Int: ImportedLabel] {
        try perform { db in
            let rows = try Row.fetchAll(db, sql: "SELECT feature, text, source FROM imported_labels WHERE dictionary = ?", arguments: [dictionary])
            return Dictionary(uniqueKeysWithValues: try rows.map { row in
                (try row.strict("feature") as Int, ImportedLabel(text: try row.strict("text"), source: try row.strict("source")))
            })
        }
    }

    /// Whether any dictionary has imported labels or evaluations, which a dictionary without an index may have too
    /// (it is then worth identifying by its decoder).
    public func holdsUnindexedData() throws -> Bool {
        try perform { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM imported_labels UNION ALL SELECT 1 FROM evaluations LIMIT 1") != nil
        }
    }

    /// Keeps `evaluation` as the last one of `dictionary`, replacing any earlier one.
    public func record(_ evaluation: RecordedEvaluation, dictionary: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let figures = String(decoding: try encoder.encode(evaluation.figures), as: UTF8.self)
        try perform { db in
            try db.execute(sql: "INSERT OR REPLACE INTO evaluations (dictionary, figures, text, date) VALUES (?, ?, ?, ?)",
                           arguments: [dictionary, figures, evaluation.text ?? "", evaluation.date ?? ""])
        }
    }

    /// The last evaluation recorded for `dictionary`, if any.
    public func lastEvaluation(dictionary: String) throws -> RecordedEvaluation? {
        let row = try perform { db in
            try Row.fetchOne(db, sql: "SELECT figures, text, date FROM evaluations WHERE dictionary = ?", arguments: [dictionary])
        }
        guard let row else { return nil }
        do {
            let figures = try JSONDecoder().decode(SpliceEvaluation.self, from: Data((try row.strict("figures") as String).utf8))
            let text: String = try row.strict("text"), date: String = try row.strict("date")
            return RecordedEvaluation(figures: figures, text: text.isEmpty ? nil : text, date: date.isEmpty ? nil : date)
        } catch {
            throw InputError(path, "annotation store: the evaluation of \(dictionary.prefix(12))… cannot be read (\(error))")
        }
    }

    private func perform<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.write(body)
        } catch {
            throw InputError(path, "annotation store: \(error)")
        }
    }
}
