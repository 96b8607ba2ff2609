import Foundation
import SAEKit

/// The search the features pane runs (`FeatureFinder`), prepared once for the texts it searches and again only when
/// they change: preparing the labels and top tokens takes about 22 ms for the sample's 16k features and 170 ms for
/// 131k, where a search then takes 1 and 6 ms (2026-12-07, this machine), too long to repeat for every key typed.
/// What it returns depends on those texts alone, so the reducer that asks stays a function of its state.
enum FinderCache {
    /// What a finder was prepared from (arrays compare by their storage first, so an unchanged list costs nothing).
    private struct Texts: Equatable {
        var featureCount: Int
        var labels: [String]?
        var topTokens: [String]?
        var imported: [Int: ImportedLabel]
        var annotations: [Int: Annotation]
    }

    private static let lock = NSLock()
    // nonisolated(unsafe): read and written only under `lock`.
    nonisolated(unsafe) private static var last: (texts: Texts, finder: FeatureFinder)?

    /// The finder over `dictionary`'s labels, top tokens and imported explanations and the user's `annotations`.
    static func finder(for dictionary: DictionarySummary, annotations: [Int: Annotation]?) -> FeatureFinder {
        let texts = Texts(featureCount: dictionary.featureCount, labels: dictionary.labels, topTokens: dictionary.topTokens,
                          imported: dictionary.importedLabels ?? [:], annotations: annotations ?? [:])
        return lock.withLock {
            if let last, last.texts == texts { return last.finder }
            let finder = FeatureFinder(featureCount: texts.featureCount, labels: texts.labels, topTokens: texts.topTokens,
                                       imported: texts.imported, annotations: texts.annotations)
            last = (texts, finder)
            return finder
        }
    }
}
