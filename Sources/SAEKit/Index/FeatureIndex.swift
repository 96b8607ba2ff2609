import Foundation
import GRDB

/// A feature index: per-feature statistics, examples and labels in SQLite. Written once by `FeatureIndexWriter` (which
/// writes a new file and renames it over the old), then only read: `eval --record-in-index`, for an index being built to
/// ship, is the one command that adds to it (its figures, in the metadata).
// @unchecked Sendable: reads go through GRDB's DatabaseQueue (serialized, read-only); the metadata is set in init.
public final class FeatureIndex: @unchecked Sendable {
    /// The schema version this code reads and writes.
    public static let schemaVersion = "3"

    /// The database file's path.
    public let path: String
    /// Build facts: dictionary id, model, hook point, tokens seen, date.
    public let metadata: [String: String]
    private let queue: DatabaseQueue

    /// The index file that belongs to the dictionary at `dictionaryPath` (`X.safetensors` → `X.index.sqlite`,
    /// a folder → `folder/saescope-index.sqlite`). A dictionary on the Hub (`hf://…`) gets one in saescope's cache,
    /// `indexes/ORG--REPO/REVISION/PATH.index.sqlite`, never inside the Hugging Face cache; so does a `saelens:` name.
    public static func defaultPath(forDictionary dictionaryPath: String) -> String {
        let hubName = SAELensRegistry.isName(dictionaryPath) ? (try? SAELensRegistry.entry(dictionaryPath, argument: "--dict"))?.location
            : try? HubName.parse(dictionaryPath, argument: "--dict")
        if let name = hubName {
            let file = (name.path ?? "repository").replacingOccurrences(of: "/", with: "--")
            return Paths.cache("indexes") + "/" + name.repository.replacingOccurrences(of: "/", with: "--") + "/" + name.revision + "/" + file + ".index.sqlite"
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: dictionaryPath, isDirectory: &isDirectory), isDirectory.boolValue {
            return dictionaryPath + "/saescope-index.sqlite"
        }
        let url = URL(fileURLWithPath: dictionaryPath)
        return url.deletingPathExtension().path + ".index.sqlite"
    }

    /// Opens the index at `path` read-only.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(path, "no feature index here; build it with `saescope index build --dict …`")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            metadata = try queue.read { db in
                try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM meta").map { (try $0.strict("key") as String, try $0.strict("value") as String) })
            }
        } catch {
            throw InputError(path, "is not a saescope feature index (\(error))")
        }
        guard metadata["schema_version"] == Self.schemaVersion else {
            throw InputError(path, "has index schema \(metadata["schema_version"] ?? "none"); rebuild it with `saescope index build`")
        }
        guard let width = metadata["token_id_bytes"].flatMap(Int.init), Self.tokenIDWidths.contains(width) else {
            throw InputError(path, "meta token_id_bytes is '\(metadata["token_id_bytes"] ?? "missing")', not 2, 3 or 4")
        }
        self.path = path
        try checkTokenIDWidth()
        hasNeighbours = try read { try Bool.fetchOne($0, sql: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'neighbours'") ?? false }
    }

    /// Whether the index has a table of imported neighbour lists (indexes written before it existed have none).
    private var hasNeighbours = false

    /// The imported neighbour lists of feature `id` (of every feature when nil), by feature.
    private func neighbourLists(_ db: Database, of id: Int? = nil) throws -> [Int: [FeatureNeighbour]] {
        guard hasNeighbours else { return [:] }
        var lists: [Int: [FeatureNeighbour]] = [:]
        let sql = "SELECT feature, neighbour, cosine FROM neighbours" + (id == nil ? "" : " WHERE feature = ?") + " ORDER BY feature, rank"
        for row in try Row.fetchAll(db, sql: sql, arguments: id.map { [$0] } ?? []) {
            lists[try row.strict("feature"), default: []].append(FeatureNeighbour(feature: try row.strict("neighbour"), cosine: try row.strict("cosine")))
        }
        return lists
    }

    /// Checks that the stored examples' token ids are `token_id_bytes` wide (one example's blob against its activations,
    /// two bytes each), so that an index whose width was changed is refused when it opens, not read as other ids.
    private func checkTokenIDWidth() throws {
        let lengths = try read { db in try Row.fetchOne(db, sql: "SELECT length(token_ids) AS id_bytes, length(activations) AS value_bytes FROM examples LIMIT 1") }
        guard let lengths else { return }
        let ids: Int = try lengths.strict("id_bytes"), values: Int = try lengths.strict("value_bytes")
        guard ids == tokenIDWidth * (values / 2) else {
            throw InputError(path, "meta token_id_bytes is \(tokenIDWidth), but its examples hold \(ids) bytes of ids for \(values / 2) tokens")
        }
    }

    /// Where the index's statistics and examples came from, when it was imported: "Neuronpedia (gpt2-small/8-res-jb)".
    public var importedFrom: String? {
        guard metadata["imported_from"] == "neuronpedia" else { return nil }
        return "Neuronpedia" + (metadata["neuronpedia_source"].map { " (\($0))" } ?? "")
    }

    /// What the statistics were measured on, as the overview says it: "1031875 tokens" of held-out text, or the
    /// source of an imported index.
    public var statisticsSource: String? {
        guard metadata["imported_from"] != "neuronpedia" else {
            return "Neuronpedia's export" + (metadata["neuronpedia_source"].map { " of \($0)" } ?? "")
        }
        return metadata["tokens"].flatMap(Int.init).map { "\($0) tokens" }
    }

    /// The metadata key under which `saescope eval` records its last figures (as JSON), with the text it read and
    /// when under `evalTextKey` and `evalDateKey`.
    public static let evalKey = "eval", evalTextKey = "eval_text", evalDateKey = "eval_date"

    /// The figures the last `saescope eval` of this index's dictionary recorded, if any; an error when the recorded
    /// value is not such figures.
    public func lastEvaluation() throws -> SpliceEvaluation? {
        guard let text = metadata[Self.evalKey] else { return nil }
        do {
            return try JSONDecoder().decode(SpliceEvaluation.self, from: Data(text.utf8))
        } catch {
            throw InputError(path, "meta \(Self.evalKey) is not the figures saescope eval records (\(error))")
        }
    }

    /// Why this index does not belong to `dictionary`, or nil when it does: it must record the dictionary's identity
    /// (`DictionaryIdentity`, over its decoder) and hold no feature the dictionary lacks. Labels, maxima and examples
    /// from another dictionary's index would be silently wrong.
    public func mismatch(with dictionary: SparseDictionary) throws -> String? {
        let largest = try read { try Int.fetchOne($0, sql: "SELECT MAX(id) FROM features") }
        if let largest, largest >= dictionary.featureCount {
            return "holds feature \(largest), but the dictionary has \(dictionary.featureCount) features"
        }
        guard let recorded = metadata["dictionary_id"] else { return "records no dictionary_id" }
        let identity = DictionaryIdentity.of(dictionary)
        guard recorded == identity else {
            return "was built for another dictionary (dictionary_id \(recorded.prefix(12))…; this one's is \(identity.prefix(12))…)"
        }
        return nil
    }

    /// Number of features indexed.
    public func featureCount() throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM features") ?? 0 }
    }

    /// The whole record of feature `id`, or nil when the index has none.
    public func feature(_ id: Int) throws -> FeatureRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM features WHERE id = ?", arguments: [id]) else { return nil }
            let examples = try Row.fetchAll(db, sql: "SELECT kind, token_ids, activations, max_activation FROM examples WHERE feature = ? ORDER BY kind, rank",
                                            arguments: [id])
            let effectIDs = Self.effectIDs(try row.strict("promoted")) + Self.effectIDs(try row.strict("suppressed"))
            let ids = Set(try examples.flatMap { Self.ids(try $0.strict("token_ids"), width: tokenIDWidth) } + effectIDs)
            let tokens = ids.isEmpty ? TokenTable() : try TokenTable(
                db, sql: "SELECT * FROM tokens WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))", arguments: StatementArguments(Array(ids)))
            var found = try record(row, examples: examples, tokens: tokens)
            found.neighbours = try neighbourLists(db, of: id)[id]
            return found
        }
    }

    /// Every feature's whole record in ascending id order, read at once (for reports over the whole index).
    public func allFeatures() throws -> [FeatureRecord] {
        try read { db in
            let tokens = try TokenTable(db, sql: "SELECT * FROM tokens")
            var examples: [Int: [Row]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT feature, kind, token_ids, activations, max_activation FROM examples ORDER BY feature, kind, rank") {
                examples[try row.strict("feature"), default: []].append(row)
            }
            let neighbours = try neighbourLists(db)
            return try Row.fetchAll(db, sql: "SELECT * FROM features ORDER BY id").map { row in
                var found = try record(row, examples: examples[try row.strict("id")] ?? [], tokens: tokens)
                found.neighbours = neighbours[found.id]
                return found
            }
        }
    }

    /// The rows of the `tokens` table a record needs: each token's text and, in indexes that keep them, its raw
    /// bytes.
    private struct TokenTable {
        var texts: [Int: String] = [:]
        var bytes: [Int: [UInt8]] = [:]

        init() {}

        /// The rows `sql` selects from `tokens`.
        init(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws {
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                let id: Int = try row.strict("id")
                texts[id] = try row.strict("text")
                // Indexes written before the column existed, and tokens written without bytes, have none.
                if let value = row["bytes"] as DatabaseValue?, !value.isNull { bytes[id] = Array(try row.strict("bytes") as Data) }
            }
        }

        /// The texts of an example's tokens: from their bytes when the index kept every one's, so that a character
        /// split over tokens reads whole (at the token the feature fires on most), otherwise each token's own text.
        func exampleTexts(_ ids: [Int], activations: [Float]) -> [String] {
            let runs = ids.compactMap { bytes[$0] }
            return runs.count == ids.count ? TokenCharacters.texts(runs, weights: activations) : ids.map { texts[$0] ?? "" }
        }
    }

    /// A feature's record from its `features` row, its `examples` rows (by kind, then rank) and the tokens they name.
    private func record(_ row: Row, examples: [Row], tokens: TokenTable) throws -> FeatureRecord {
        let width = tokenIDWidth
        func effects(_ blob: Data) -> [TokenEffect] {
            let values = Self.halves(Data(blob.dropFirst(blob.count / 6 * 4)))
            return zip(Self.effectIDs(blob), values).map { TokenEffect(id: $0, token: tokens.texts[$0] ?? "", effect: $1) }
        }
        func decode(_ row: Row) throws -> FeatureExample {
            let blob: Data = try row.strict("token_ids")
            let activations = Self.halves(try row.strict("activations"))
            guard blob.count == width * activations.count else {
                throw InputError(path, "an example holds \(blob.count) bytes of token ids for \(activations.count) activations, "
                                 + "which does not fit meta token_id_bytes \(width)")
            }
            let exampleIDs = Self.ids(blob, width: width)
            if let unknown = exampleIDs.first(where: { tokens.texts[$0] == nil }) {
                throw InputError(path, "an example names token \(unknown), which its tokens table does not hold")
            }
            return FeatureExample(ids: exampleIDs, tokens: tokens.exampleTexts(exampleIDs, activations: activations),
                                  activations: activations, maxActivation: try row.strict("max_activation"))
        }
        return FeatureRecord(
            id: try row.strict("id"), density: try row.strict("density"), maxActivation: try row.strict("max_activation"),
            meanActivation: try row.strict("mean_activation"), label: try row.strict("label"),
            topTokens: (try row.strict("top_tokens") as String).split(separator: " ").map(String.init),
            histogram: Self.floats(try row.strict("histogram")).map { Int($0) },
            topExamples: try examples.filter { (try $0.strict("kind") as String) == "top" }.map(decode),
            quantileExamples: try examples.filter { (try $0.strict("kind") as String) == "quantile" }.map(decode),
            promoted: effects(try row.strict("promoted")), suppressed: effects(try row.strict("suppressed")))
    }

    /// Every feature's label, top tokens and statistics, by feature id.
    public struct Overview: Sendable {
        /// Each feature's label ("" where the index has none).
        public var labels: [String]
        /// Each feature's top tokens, separated by spaces.
        public var topTokens: [String]
        public var density: [Float]
        public var maxActivation: [Float]
        public var meanActivation: [Float]

        /// An overview of these texts and figures (each indexed by feature id).
        public init(labels: [String], topTokens: [String], density: [Float], maxActivation: [Float], meanActivation: [Float]) {
            self.labels = labels
            self.topTokens = topTokens
            self.density = density
            self.maxActivation = maxActivation
            self.meanActivation = meanActivation
        }
    }

    /// Every feature's label, top tokens and statistics, indexed by id (features the index lacks get empty texts and
    /// zeros).
    public func overview(featureCount: Int) throws -> Overview {
        var labels = [String](repeating: "", count: featureCount), topTokens = labels
        var density = [Float](repeating: 0, count: featureCount), maxima = density, means = density
        try read { db in
            for row in try Row.fetchAll(db, sql: "SELECT id, label, top_tokens, density, max_activation, mean_activation FROM features") {
                let id: Int = try row.strict("id")
                guard (0..<featureCount).contains(id) else { continue }
                labels[id] = try row.strict("label")
                topTokens[id] = try row.strict("top_tokens")
                density[id] = Float(try row.strict("density") as Double)
                maxima[id] = try row.strict("max_activation")
                means[id] = try row.strict("mean_activation")
            }
        }
        return Overview(labels: labels, topTokens: topTokens, density: density, maxActivation: maxima, meanActivation: means)
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(path, "cannot be read: \(error)")
        }
    }

    /// The widths a stored token id may have: 2 bytes for vocabularies up to 65,536 tokens, 3 up to 16,777,216
    /// (Gemma's 262,144), else 4.
    static let tokenIDWidths = 2...4

    /// The token ids of a promoted or suppressed blob: n 4-byte ids, then n float16 effects.
    static func effectIDs(_ blob: Data) -> [Int] { ids(blob.prefix(blob.count / 6 * 4), width: 4) }

    /// The narrowest id width that holds `largestID`.
    static func tokenIDWidth(forLargest largestID: Int) -> Int {
        largestID < 1 << 16 ? 2 : largestID < 1 << 24 ? 3 : 4
    }

    /// Token ids as little-endian integers of `width` bytes.
    static func idBlob(_ ids: [Int], width: Int) -> Data {
        var data = Data(capacity: ids.count * width)
        for id in ids {
            withUnsafeBytes(of: UInt32(id).littleEndian) { data.append(contentsOf: $0.prefix(width)) }
        }
        return data
    }

    /// Token ids from a blob of little-endian integers of `width` bytes.
    static func ids(_ data: Data, width: Int) -> [Int] {
        data.withUnsafeBytes { raw in
            (0..<(raw.count / width)).map { i in
                (0..<width).reduce(0) { value, byte in value | Int(raw[i * width + byte]) << (8 * byte) }
            }
        }
    }

    /// Bytes per stored token id (checked against `tokenIDWidths` when the index is opened).
    var tokenIDWidth: Int { Int(metadata["token_id_bytes"] ?? "4") ?? 4 }

    /// Values stored as little-endian float16 (example activations: display precision is plenty).
    static func halfBlob(_ values: [Float]) -> Data {
        var data = Data(capacity: values.count * 2)
        for v in values { withUnsafeBytes(of: FloatConversion.toHalf(v).littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Values from a blob of little-endian float16.
    static func halves(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in (0..<(raw.count / 2)).map { FloatConversion.half(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) } }
    }

    /// Little-endian float32 values from a blob.
    static func floats(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) } }
    }

    /// A blob of little-endian float32 values.
    static func blob(_ values: [Float]) -> Data {
        var data = Data(capacity: values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }
}
