import Foundation

/// How steering edits reach the model.
public enum SteeringMode: String, CaseIterable, Codable, Sendable {
    /// Through the dictionary spliced in at its hook point, error term kept.
    case splice
    /// x + c · W_dec[i] on the residual stream, with no dictionary pass (`add` edits only).
    case additive
}

/// A saved set of edits, read and written as `{"mode": "splice", "edits": ["1234=clamp:10x", "77=ablate"],
/// "span": "all"}`; the edits are parsed once, when the file is read.
public struct SteeringPreset: Codable, Equatable, Sendable {
    public var mode: SteeringMode
    /// The edits, each over `span`.
    public private(set) var edits: [FeatureEdit]
    /// The positions every edit covers.
    public private(set) var span: EditSpan
    /// What the preset is for (shown to users).
    public var description: String?

    /// A preset of `edits`, each set to cover `span`; an additive preset holds `add` edits only.
    public init(mode: SteeringMode, edits: [FeatureEdit], span: EditSpan, description: String? = nil) throws {
        if mode == .additive, let bad = edits.first(where: { !$0.isAdditive }) {
            throw InputError("--edit", "\(bad.text) is not additive; additive mode takes ID=add:C edits")
        }
        self.mode = mode
        self.edits = edits.map { FeatureEdit(feature: $0.feature, operation: $0.operation, span: span) }
        self.span = span
        self.description = description
    }

    private enum CodingKeys: String, CodingKey { case mode, edits, span, description }

    /// Reads the JSON form, parsing each edit and the span.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let span = try EditSpan(parsing: try container.decode(String.self, forKey: .span))
        let edits = try container.decode([String].self, forKey: .edits).map { try FeatureEdit(parsing: $0, span: span) }
        try self.init(mode: try container.decode(SteeringMode.self, forKey: .mode), edits: edits, span: span,
                      description: try container.decodeIfPresent(String.self, forKey: .description))
    }

    /// Writes the JSON form: edits as `ID=OPERATION` text, the span as `all`, `prompt`, `generated` or `A:B`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encode(edits.map(\.text), forKey: .edits)
        try container.encode(span.text, forKey: .span)
        try container.encodeIfPresent(description, forKey: .description)
    }

    /// Reads and checks a preset file; an error names the file and what is wrong.
    public static func load(_ path: String) throws -> SteeringPreset {
        let file = try MappedFile(path: path)
        do {
            return try JSONDecoder().decode(SteeringPreset.self, from: Data(file.bytes))
        } catch let error as InputError {
            throw InputError(path, error.message)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.last?.stringValue == "mode" {
            throw InputError(path, "mode is not splice or additive")
        } catch {
            throw InputError(path, "is not a steering preset ({\"mode\", \"edits\", \"span\"})")
        }
    }

    /// Writes the preset as JSON, atomically.
    public func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(path, "cannot write: \(error.localizedDescription)")
        }
    }
}
