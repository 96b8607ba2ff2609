import Foundation

/// A saved set of edits: `{"mode": "splice", "edits": ["1234=clamp:10x", "77=ablate"], "span": "all"}`.
public struct SteeringPreset: Codable, Equatable, Sendable {
    /// `splice` or `additive`.
    public var mode: String
    /// Edits in `ID=OPERATION` form.
    public var edits: [String]
    /// `all`, `prompt`, `generated` or `A:B`.
    public var span: String
    /// What the preset is for (shown to users).
    public var description: String?

    /// A preset.
    public init(mode: String, edits: [String], span: String, description: String? = nil) {
        self.mode = mode
        self.edits = edits
        self.span = span
        self.description = description
    }

    /// Reads and checks a preset file.
    public static func load(_ path: String) throws -> SteeringPreset {
        let file = try MappedFile(path: path)
        guard let preset = try? JSONDecoder().decode(SteeringPreset.self, from: Data(file.bytes)) else {
            throw InputError(path, "is not a steering preset ({\"mode\", \"edits\", \"span\"})")
        }
        guard ["splice", "additive"].contains(preset.mode) else { throw InputError(path, "mode '\(preset.mode)' is not splice or additive") }
        do {
            _ = try preset.parsedEdits()
        } catch let error as InputError {
            throw InputError(path, error.message)
        }
        return preset
    }

    /// The edits, parsed, each over the preset's span.
    public func parsedEdits() throws -> [FeatureEdit] {
        let span = try EditSpan(parsing: self.span)
        return try edits.map { try FeatureEdit(parsing: $0, span: span) }
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
