import Foundation

/// The export Neuronpedia publishes for one source (one dictionary; docs/FORMATS.md §10): `features/`,
/// `activations/` and `explanations/` folders of `batch-N.jsonl.gz`, one JSON object a line. Features and activation
/// records come in the same batches (batch N: features 1024·N … 1024·N + 1023), so an import reads one batch of each at
/// a time, whatever the export's size.
public struct NeuronpediaExport {
    /// The export's folder.
    public let path: String
    /// The features' batch files, by batch number.
    public let featureBatches: [(number: Int, path: String)]
    /// The activation records' batch files, by batch number.
    public let activationBatches: [Int: String]
    /// The explanations' folders (`explanations/`, and `explanations-MODEL/` where a source has several explainers'),
    /// `explanations/` first.
    public let explanations: [String]
    /// Inflated bytes a batch file may hold.
    public let limit: Int

    /// The export in the folder `path`; `limit` bounds one batch file, inflated.
    public init(path: String, limit: Int = 1 << 30) throws {
        self.path = path
        self.limit = limit
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(path, "is not a folder (a Neuronpedia export: features/, activations/, explanations/)")
        }
        let features = try Self.batches(in: path + "/features")
        guard !features.isEmpty else { throw InputError(path, "has no features/batch-N.jsonl.gz: it is not a Neuronpedia export") }
        featureBatches = features.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        activationBatches = try Self.batches(in: path + "/activations")
        if let orphan = activationBatches.keys.sorted().first(where: { features[$0] == nil }) {
            throw InputError(activationBatches[orphan]!, "has no features/batch-\(orphan) beside it: is the export complete?")
        }
        var explanations: [String] = []
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() where name.hasPrefix("explanations") {
            if !(try Self.batches(in: path + "/" + name)).isEmpty { explanations.append(path + "/" + name) }
        }
        self.explanations = explanations
    }

    /// The `batch-N.jsonl.gz` (or `.jsonl`) files of `folder`, by N (decimal digits, no leading zero); two files of one
    /// N are an error.
    private static func batches(in folder: String) throws -> [Int: String] {
        var found: [Int: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix("batch-") {
            let stem = name.hasSuffix(".jsonl.gz") ? name.dropLast(".jsonl.gz".count) : name.hasSuffix(".jsonl") ? name.dropLast(".jsonl".count) : nil
            guard let digits = stem?.dropFirst("batch-".count), !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                  digits == "0" || !digits.hasPrefix("0"), let number = Int(digits) else { continue }
            if let other = found[number] { throw InputError(folder, "holds batch \(number) twice (\((other as NSString).lastPathComponent), \(name))") }
            found[number] = folder + "/" + name
        }
        return found
    }

    /// Calls `body` with each JSON object of the line-delimited file `file` (gzipped or not) and its line number.
    public func forEachObject(in file: String, _ body: ([String: Any], Int) throws -> Void) throws {
        let attributes = try? FileManager.default.attributesOfItem(atPath: (file as NSString).resolvingSymlinksInPath)
        guard attributes?[.type] as? FileAttributeType == .typeRegular else { throw InputError(file, "is not a regular file") }
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else { throw InputError(file, "is \(size) bytes, over the \(limit) a batch file may be") }
        guard let raw = FileManager.default.contents(atPath: file) else { throw InputError(file, "cannot be read") }
        let data = raw.starts(with: [0x1F, 0x8B]) ? try Gzip.decompress(raw, source: file, limit: limit) : raw
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0, number = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                number += 1
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                start = end + 1
                guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
                let parsed: Any
                do { parsed = try JSONReader.parse(line) } catch { throw InputError("\(file):\(number)", "is not JSON: \(error)") }
                guard let object = parsed as? [String: Any] else { throw InputError("\(file):\(number)", "is not a JSON object") }
                try body(object, number)
            }
        }
    }
}

/// One row of an export's `features/`: a feature's statistics, histogram and top logit effects.
public struct NeuronpediaFeature {
    /// The feature's index in the dictionary.
    public var index: Int
    /// The Neuronpedia source (`modelId/layer`, e.g. `gpt2-small/8-res-jb`).
    public var source: String?
    /// The hook point, when the row names it.
    public var hookName: String?
    /// Approximate largest activation, and the fraction of tokens it fires on.
    public var maxActivation: Float, density: Double
    /// The activation histogram: bin centres and counts.
    public var histogramValues: [Float], histogramCounts: [Double]
    /// Tokens the feature's direction promotes and suppresses, with their logit effects.
    public var promoted: [(String, Float)], suppressed: [(String, Float)]
    /// The nearest features by decoder cosine (`topkCosSimIndices`, `topkCosSimValues`).
    public var neighbours: [FeatureNeighbour]

    /// The feature `object` describes (`place` names it in errors).
    init(_ object: [String: Any], place: String) throws {
        guard let index = NeuronpediaRow.index(object["index"]) else { throw InputError(place, "has no feature 'index' (a whole number)") }
        self.index = index
        source = NeuronpediaRow.source(object)
        hookName = object["hookName"] as? String
        maxActivation = Float(NeuronpediaRow.number(object["maxActApprox"]) ?? 0)
        density = NeuronpediaRow.number(object["frac_nonzero"]) ?? 0
        guard maxActivation.isFinite, density.isFinite, (0...1).contains(density) else {
            throw InputError(place, "has maxActApprox or frac_nonzero out of range")
        }
        histogramValues = NeuronpediaRow.numbers(object["freq_hist_data_bar_values"]).map(Float.init)
        histogramCounts = NeuronpediaRow.numbers(object["freq_hist_data_bar_heights"])
        guard histogramValues.allSatisfy(\.isFinite), histogramCounts.allSatisfy({ $0 >= 0 && $0 <= 9e15 && $0 == $0.rounded() }) else {
            throw InputError(place, "has a histogram with values that are not finite or counts that are not whole numbers")
        }
        func effects(_ texts: String, _ values: String) -> [(String, Float)] {
            let strings = (object[texts] as? [Any] ?? []).map { $0 as? String ?? "" }
            return zip(strings, NeuronpediaRow.numbers(object[values])).map { ($0, Float($1)) }
        }
        promoted = effects("pos_str", "pos_values")
        suppressed = effects("neg_str", "neg_values")
        let indices = (object["topkCosSimIndices"] as? [Any] ?? []).map(NeuronpediaRow.index)
        let cosines = NeuronpediaRow.numbers(object["topkCosSimValues"])
        guard indices.allSatisfy({ $0 != nil }), indices.count == cosines.count, cosines.allSatisfy({ $0.isFinite && abs($0) <= 1.001 }) else {
            throw InputError(place, "has topkCosSimIndices and topkCosSimValues that are not features with cosines")
        }
        neighbours = zip(indices, cosines).compactMap { $0.0 == index ? nil : FeatureNeighbour(feature: $0.0!, cosine: Float($0.1)) }
    }
}

/// One row of an export's `activations/`: a stretch of text with a feature's activation at each token.
public struct NeuronpediaActivation {
    /// The feature's index.
    public var index: Int
    /// The token texts, as Neuronpedia shows them.
    public var tokens: [String]
    /// The activation at each token.
    public var values: [Float]
    /// The largest value and where it is.
    public var maxValue: Float, peak: Int

    /// The record `object` describes (`place` names it in errors).
    init(_ object: [String: Any], place: String) throws {
        guard let index = NeuronpediaRow.index(object["index"]) else { throw InputError(place, "has no feature 'index' (a whole number)") }
        guard let tokens = object["tokens"] as? [Any], let texts = tokens as? [String] else { throw InputError(place, "has no 'tokens' (strings)") }
        let values = NeuronpediaRow.numbers(object["values"]).map(Float.init)
        guard values.count == texts.count, !texts.isEmpty else {
            throw InputError(place, "has \(texts.count) tokens but \(values.count) values")
        }
        guard values.allSatisfy(\.isFinite) else { throw InputError(place, "has a value that is not a finite number") }
        self.index = index
        self.tokens = texts
        self.values = values
        let peak = NeuronpediaRow.number(object["maxValueTokenIndex"]).flatMap { Int(exactly: $0) }
        self.peak = peak.flatMap { values.indices.contains($0) ? $0 : nil } ?? values.indices.max { values[$0] < values[$1] }!
        maxValue = values[self.peak]
    }
}

/// Field readers shared by the export's rows.
enum NeuronpediaRow {
    /// A feature index given as a number or, as the exports write it, a string.
    static func index(_ value: Any?) -> Int? {
        switch value {
        case let number as NSNumber: return Int(exactly: number.doubleValue).flatMap { $0 >= 0 ? $0 : nil }
        case let text as String: return Int(text).flatMap { $0 >= 0 ? $0 : nil }
        default: return nil
        }
    }

    /// A number, or nil.
    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    /// An array of numbers (non-numbers left out).
    static func numbers(_ value: Any?) -> [Double] { (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue } }

    /// `modelId/layer`, when the row names both.
    static func source(_ object: [String: Any]) -> String? {
        guard let model = object["modelId"] as? String, let layer = object["layer"] as? String else { return nil }
        return model + "/" + layer
    }
}
