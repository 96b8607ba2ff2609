/// Finds features by id, by the user's names and notes, and by label or top token in the index.
public struct FeatureFinder {
    /// The index (nil when the dictionary has none yet: then only ids and annotations are searched).
    public let index: FeatureIndex?
    /// The user's annotations.
    public let annotations: AnnotationStore?
    /// The dictionary's identity in the annotation store.
    public let dictionaryID: String
    /// Number of features in the dictionary.
    public let featureCount: Int

    /// A search over the given sources.
    public init(index: FeatureIndex?, annotations: AnnotationStore?, dictionaryID: String, featureCount: Int) {
        self.index = index
        self.annotations = annotations
        self.dictionaryID = dictionaryID
        self.featureCount = featureCount
    }

    /// Matching feature ids, best first: an exact id, then annotated features, then index matches; no repeats.
    public func run(_ query: String, limit: Int = 50) throws -> [Int] {
        var ids: [Int] = []
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        if let id = Int(trimmed.hasPrefix("#") ? String(trimmed.dropFirst()) : trimmed), (0..<featureCount).contains(id) { ids.append(id) }
        if let annotations { ids += try annotations.search(dictionary: dictionaryID, query: trimmed) }
        if let index { ids += try index.search(trimmed, limit: limit).map(\.id) }
        var seen = Set<Int>()
        return Array(ids.filter { seen.insert($0).inserted }.prefix(limit))
    }
}

import Foundation
