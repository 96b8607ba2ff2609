import Foundation

/// SAELens's registry of published dictionaries (`pretrained_saes.yaml` in the `sae-lens` wheel, kept here as data by
/// `scripts/refresh-saelens-registry`): `saelens:RELEASE/SAE_ID` names a dictionary by the release and id SAELens
/// users type, resolved to its folder on the Hub, the model it reads and its Neuronpedia source.
public enum SAELensRegistry {
    /// The scheme that marks a SAELens name.
    public static let scheme = "saelens:"

    /// One dictionary of a release.
    public struct Entry: Sendable, Equatable {
        /// The release (`gpt2-small-res-jb`).
        public let release: String
        /// The SAE's id in it (`blocks.8.hook_resid_pre`).
        public let id: String
        /// Its file or folder on the Hub.
        public let location: HubName
        /// The model it was trained on, as the registry names it (a TransformerLens name or a Hub id).
        public let model: String?
        /// SAELens's conversion for its layout (nil: a SAELens folder).
        public let conversion: String?
        /// Its Neuronpedia source (`gpt2-small/8-res-jb`), when Neuronpedia hosts it.
        public let neuronpedia: String?
    }

    /// The conversions whose layouts saescope reads itself: SAELens folders, Gemma Scope 1 and 2, sparsify.
    static let readableConversions: Set<String?> = [nil, "gemma_2", "gemma_3", "sparsify", "gemma_2_transcoder"]

    /// The releases, read from the packed data once.
    // nonisolated(unsafe): built once by the lazy initializer, then only read.
    nonisolated(unsafe) static let releases: [String: [String: Any]] = {
        guard let packed = Data(base64Encoded: packed.filter { !$0.isWhitespace }),
              let json = try? Gzip.decompress(packed, source: "the SAELens registry"),
              let object = try? JSONSerialization.jsonObject(with: json) as? [String: [String: Any]] else { return [:] }
        return object
    }()

    /// The config overrides SAELens applies to every cfg.json of the release `text` (`saelens:RELEASE/SAE_ID`)
    /// names (`model_from_pretrained_kwargs`, `normalize_activations`, …); empty for none or an unknown release.
    public static func configOverrides(_ text: String) -> [String: Any] {
        let release = text.dropFirst(scheme.count).prefix { $0 != "/" }
        return releases[String(release)]?["overrides"] as? [String: Any] ?? [:]
    }

    /// Whether `text` is written as a SAELens name.
    public static func isName(_ text: String) -> Bool { text.hasPrefix(scheme) }

    /// The entry `text` (`saelens:RELEASE/SAE_ID`) names; an `InputError` naming `argument` when the release or id
    /// is unknown (with the nearest names) or its layout is one saescope does not read. A release not in the registry
    /// but written `ORG/REPO` is taken as a repository, and the id as a folder in it, as SAELens does.
    public static func entry(_ text: String, argument: String) throws -> Entry {
        let body = String(text.dropFirst(scheme.count))
        guard let slash = body.firstIndex(of: "/") else {
            throw InputError(argument, "'\(text)' is not saelens:RELEASE/SAE_ID")
        }
        let release = String(body[..<slash]), id = String(body[body.index(after: slash)...])
        guard let record = releases[release] else {
            let parts = body.split(separator: "/", maxSplits: 2).map(String.init)
            if parts.count == 3, let name = try HubName.parse("hf://\(parts[0])/\(parts[1])/\(parts[2])", argument: argument) {
                return Entry(release: parts[0] + "/" + parts[1], id: parts[2], location: name, model: nil, conversion: nil, neuronpedia: nil)
            }
            let near = HubFetch.nearest(release, among: Array(releases.keys))
            throw InputError(argument, "'\(release)' is not a SAELens release (sae-lens \(version))" + (near.isEmpty ? "" : "; nearest: " + near.joined(separator: ", ")))
        }
        let saes = (record["saes"] as? [[Any]] ?? []).compactMap { row -> (String, String, String?)? in
            guard row.count == 3, let id = row[0] as? String, let path = row[1] as? String else { return nil }
            return (id, path, row[2] as? String)
        }
        guard let sae = saes.first(where: { $0.0 == id }) else {
            let near = HubFetch.nearest(id, among: saes.map(\.0))
            throw InputError(argument, "release \(release) has no SAE '\(id)'" + (near.isEmpty ? "" : "; nearest: " + near.joined(separator: ", ")))
        }
        let conversion = record["conversion"] as? String
        guard readableConversions.contains(conversion) else {
            throw InputError(argument, "release \(release) uses SAELens's '\(conversion ?? "")' conversion, a layout saescope does not read yet")
        }
        guard let repository = record["repo"] as? String,
              let location = try HubName.parse("hf://\(repository)/\(sae.1)", argument: argument) else {
            throw InputError(argument, "release \(release) has no repository in the registry")
        }
        return Entry(release: release, id: id, location: location, model: record["model"] as? String,
                     conversion: conversion, neuronpedia: sae.2)
    }
}
