import Foundation
import SAEKit

/// The real SmolLM2 model for the tests that need it, fetched once through `ModelStore.fetch` as a user would.
enum RealModel {
    private static let lock = NSLock()
    private static var cached: LlamaModel?

    /// The loaded model (downloaded into the user's cache on first use).
    static func shared() throws -> LlamaModel {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let model = try LlamaModel(path: try ModelStore.fetch())
        cached = model
        return model
    }

    /// The float64 NumPy reference written by Tests/make_model_reference.py.
    static func reference() throws -> [String: Any] {
        let url = Bundle.module.url(forResource: "model_reference", withExtension: "json", subdirectory: "Fixtures")!
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }
}
