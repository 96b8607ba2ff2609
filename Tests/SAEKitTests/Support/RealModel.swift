import Foundation
import SAEKit

/// The real models for the tests that need them, each fetched once through `ModelStore.fetch` as a user would.
enum RealModel {
    private static let lock = NSLock()
    /// Guarded by `lock`.
    nonisolated(unsafe) private static var cached: [String: LanguageModel] = [:]

    /// The loaded SmolLM2 model (downloaded into the user's cache on first use).
    static func shared() throws -> LanguageModel { try loaded(.smolLM2) }

    /// The loaded Gemma 3 270M model (downloaded into the user's cache on first use).
    static func gemma3() throws -> LanguageModel { try loaded(.gemma3_270m) }

    private static func loaded(_ known: KnownModel) throws -> LanguageModel {
        lock.lock()
        defer { lock.unlock() }
        if let model = cached[known.name] { return model }
        let model = try LanguageModel(path: try ModelStore.fetch(known))
        cached[known.name] = model
        return model
    }

    /// The float64 NumPy reference written by Tests/make_model_reference.py.
    static func reference() throws -> [String: Any] {
        let url = Bundle.module.url(forResource: "model_reference", withExtension: "json", subdirectory: "Fixtures")!
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }
}
