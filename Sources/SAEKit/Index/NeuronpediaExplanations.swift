import Foundation

/// A feature's explanation from elsewhere (Neuronpedia's auto-interp), with where it came from.
public struct ImportedLabel: Equatable, Sendable {
    /// The explanation.
    public var text: String
    /// Its source as shown beside it: "Neuronpedia" and the model that wrote it, e.g. "Neuronpedia · gpt-4o-mini".
    public var source: String

    /// `text` from `source`.
    public init(text: String, source: String) {
        self.text = text
        self.source = source
    }
}

/// Reads the explanations Neuronpedia publishes for a dictionary: its exports (`explanations/batch-N.jsonl.gz`, one
/// JSON object a line, gzipped), the same uncompressed (`.jsonl`), a folder of them, or the JSON array its
/// `/api/explanation/export` endpoint returns. Each object names the feature (`index`, a number or a numeric
/// string) and holds the `description`, with `explanationModelName` and `modelId`/`layer` (the Neuronpedia source).
public struct NeuronpediaExplanations {
    /// The first explanation of each feature, by feature.
    public private(set) var labels: [Int: ImportedLabel] = [:]
    /// Explanations after a feature's first (several explainer models), left out.
    public private(set) var extra = 0
    /// The Neuronpedia sources (`modelId/layer`) the explanations name.
    public private(set) var sources: Set<String> = []

    /// The explanations at `path` (a file or a folder of files), refusing a file over `limit` bytes, inflated or not
    /// (a source's explanations are tens of megabytes).
    public init(path: String, limit: Int = 256 << 20) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw InputError(path, "does not exist") }
        let files: [String]
        if isDirectory.boolValue {
            files = try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { ($0.hasSuffix(".jsonl.gz") || $0.hasSuffix(".jsonl") || $0.hasSuffix(".json")) && Self.isRegularFile(path + "/" + $0) }
                .sorted { $0.localizedStandardCompare($1) == .orderedAscending }.map { path + "/" + $0 }
            guard !files.isEmpty else { throw InputError(path, "holds no .jsonl.gz, .jsonl or .json explanation files") }
        } else {
            guard Self.isRegularFile(path) else { throw InputError(path, "is not a regular file") }
            files = [path]
        }
        for file in files { try read(file, limit: limit) }
        guard !labels.isEmpty else { throw InputError(path, "holds no explanations (objects with 'index' and 'description')") }
    }

    /// Whether `path` is a regular file (a FIFO or a device would block the read, or never end).
    private static func isRegularFile(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
    }

    /// Adds the explanations of one file.
    private mutating func read(_ file: String, limit: Int) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else { throw InputError(file, "is \(size) bytes, over the \(limit) a file of explanations may be") }
        guard let raw = FileManager.default.contents(atPath: file) else { throw InputError(file, "cannot be read") }
        let data = raw.starts(with: [0x1F, 0x8B]) ? try Gzip.decompress(raw, source: file, limit: limit) : raw
        let first = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        if first == UInt8(ascii: "[") {
            guard let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else {
                throw InputError(file, "is not a JSON array of explanations")
            }
            for (number, object) in array.enumerated() { try add(object, file: file, at: "item \(number + 1)") }
        } else {
            // Line by line, without an array of every line (a file of newlines would make billions).
            var start = data.startIndex, number = 0
            while start < data.endIndex {
                let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
                number += 1
                let line = data[start..<end]
                start = end < data.endIndex ? data.index(after: end) : end
                guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) else {
                    throw InputError("\(file):\(number)", "is not a JSON object")
                }
                try add(object, file: file, at: "line \(number)")
            }
        }
    }

    /// Adds one explanation object (`at` says where it was, for errors).
    private mutating func add(_ object: Any, file: String, at place: String) throws {
        guard let fields = object as? [String: Any] else { throw InputError(file, "\(place) is not a JSON object") }
        let feature: Int?
        switch fields["index"] {
        case let number as NSNumber: feature = Int(exactly: number.doubleValue)
        case let text as String: feature = Int(text)
        default: feature = nil
        }
        guard let feature, feature >= 0 else { throw InputError(file, "\(place) has no feature 'index' (a whole number)") }
        guard let description = fields["description"] as? String else { throw InputError(file, "\(place) has no 'description'") }
        let text = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return }
        if let model = fields["modelId"] as? String, let layer = fields["layer"] as? String { sources.insert(model + "/" + layer) }
        guard labels[feature] == nil else {
            extra += 1
            return
        }
        let explainer = (fields["explanationModelName"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        labels[feature] = ImportedLabel(text: text, source: "Neuronpedia" + (explainer.map { " · " + $0 } ?? ""))
    }
}
