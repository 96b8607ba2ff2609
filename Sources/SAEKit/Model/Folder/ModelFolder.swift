import Foundation

/// A Hugging Face model folder (`config.json`, `model.safetensors` or shards listed in `model.safetensors.index.json`,
/// `tokenizer.json`) opened as a model source, with no conversion step: the config becomes GGUF metadata
/// (`FolderConfig`), the tensors get GGUF names (`FolderTensorName`), and F32, F16 and BF16 matrices stay in the
/// memory-mapped files; only what needs other bytes (norms and biases as F32, GPT-2's transposed Conv1D weights,
/// GPT-NeoX's regrouped heads, Llama 3's RoPE divisors) is computed into memory of its own.
// @unchecked Sendable: everything is set in init and only read after; the owners are mapped files and buffers.
public final class ModelFolder: ModelSource, @unchecked Sendable {
    /// The folder.
    public let path: String
    /// The config as GGUF metadata.
    public let metadata: [String: GGUFValue]
    /// The tensors under their GGUF names.
    public let tensors: [ModelTensor]
    /// A folder keeps Hugging Face's rotate-half query and key rows, which the converter would have permuted.
    public var rotaryPairs: BlockDesign.RotaryPairs? { .halves }
    /// The mapped weight files and computed buffers the tensors view.
    private let owners: [AnyObject]
    private let index: [String: Int]

    /// Whether `path` is a model folder: a `config.json` beside safetensors weights (or their index) or a
    /// `tokenizer.json` (a Gemma Scope dictionary folder has a `config.json` too, but neither of those).
    public static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        let has = { FileManager.default.fileExists(atPath: path + "/" + $0) }
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue && has("config.json")
            && (has("model.safetensors") || has("model.safetensors.index.json") || has("tokenizer.json"))
    }

    /// Opens the folder at `path`: its config, every weight file, every tensor named and checked.
    public init(path: String) throws {
        self.path = path
        let config = try FolderConfig(path: path + "/config.json")
        let metadata = config.metadata
        var owners: [AnyObject] = []
        var tensors: [ModelTensor] = []
        for file in try Self.weightFiles(in: path) {
            owners.append(file)
            for stored in file.tensors.values.sorted(by: { $0.name < $1.name }) {
                guard let target = try FolderTensorName.of(stored.name, config.architecture, path: file.path) else { continue }
                let (tensor, owner) = try Self.tensor(stored, as: target, config: config, source: file.path)
                if let owner { owners.append(owner) }
                tensors.append(tensor)
            }
        }
        if let factors = config.ropeFrequencyFactors {
            let buffer = OwnedBytes(count: factors.count * 4)
            factors.withUnsafeBytes { buffer.pointer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            owners.append(buffer)
            tensors.append(ModelTensor(name: "rope_freqs.weight", dimensions: [factors.count], type: .f32, bytes: buffer.buffer, owner: buffer))
        }
        var index: [String: Int] = [:]
        for (i, tensor) in tensors.enumerated() {
            guard index.updateValue(i, forKey: tensor.name) == nil else {
                throw InputError(path, "two weight files hold the tensor that becomes '\(tensor.name)'")
            }
        }
        if index["output.weight"] != nil, config.tiesEmbeddings {
            // A tied checkpoint that saved its head anyway: the head is the embedding, as transformers loads it.
            index["output.weight"] = nil
        } else if index["output.weight"] == nil, !config.tiesEmbeddings {
            throw InputError(path, "has no lm_head.weight, and its config says the embeddings are not tied")
        }
        self.metadata = metadata
        self.tensors = tensors.filter { index[$0.name] != nil }
        self.index = Dictionary(uniqueKeysWithValues: self.tensors.enumerated().map { ($1.name, $0) })
        self.owners = owners
    }

    /// The named tensor, or nil.
    public func tensorIfPresent(_ name: String) -> ModelTensor? { index[name].map { tensors[$0] } }

    /// The folder's tokenizer (`tokenizer.json`), its vocabulary padded to the embedding's rows as the converter pads it.
    public func tokenizer() throws -> Tokenizer {
        let rows = try tensor("token_embd.weight").rowCount
        return try Tokenizer(folder: path, vocabularySize: rows)
    }

    /// The weight files: the shards `model.safetensors.index.json` lists, else `model.safetensors`.
    private static func weightFiles(in path: String) throws -> [SafetensorsFile] {
        let indexPath = path + "/model.safetensors.index.json"
        if FileManager.default.fileExists(atPath: indexPath) {
            guard let map = try JSONConfig(path: indexPath).object("weight_map") else { throw InputError(indexPath, "has no weight_map") }
            var names: [String] = []
            for (tensor, value) in map.fields {
                guard let file = value as? String, !file.contains("/"), !file.hasPrefix(".") else {
                    throw InputError(indexPath, "weight_map names no plain file for tensor '\(tensor)'")
                }
                if !names.contains(file) { names.append(file) }
            }
            return try names.sorted().map { try SafetensorsFile(path: path + "/" + $0) }
        }
        let single = path + "/model.safetensors"
        guard FileManager.default.fileExists(atPath: single) else {
            let torch = FileManager.default.fileExists(atPath: path + "/pytorch_model.bin")
            throw InputError(path, torch ? "holds only pytorch_model.bin; saescope reads safetensors weights (model.safetensors)"
                                         : "has no model.safetensors or model.safetensors.index.json")
        }
        return [try SafetensorsFile(path: single)]
    }

    /// The GGUF tensor for `stored`, and the buffer it lives in when its bytes had to be computed.
    private static func tensor(_ stored: StoredTensor, as target: FolderTensorName, config: FolderConfig,
                               source: String) throws -> (ModelTensor, OwnedBytes?) {
        let type: GGMLType
        switch stored.type {
        case .f32: type = .f32
        case .f16: type = .f16
        case .bf16: type = .bf16
        default:
            throw InputError(source, "tensor '\(stored.name)' is \(stored.type.rawValue); saescope runs F32, F16 and BF16 weights (a quantized checkpoint?)")
        }
        let dimensions = Array(stored.shape.reversed())
        func computed(_ bytes: OwnedBytes, type: GGMLType) -> (ModelTensor, OwnedBytes?) {
            (ModelTensor(name: target.name, dimensions: dimensions, type: type, bytes: bytes.buffer, owner: bytes), bytes)
        }
        switch target.treatment {
        case .matrix:
            guard stored.shape.count == 2 else {
                throw InputError(source, "tensor '\(stored.name)' has shape \(stored.shape), expected a matrix")
            }
            return (ModelTensor(name: target.name, dimensions: dimensions, type: type, bytes: stored.bytes, owner: stored.owner), nil)
        case .vector, .gemmaNorm:
            guard stored.shape.count == 1 else { throw InputError(source, "tensor '\(stored.name)' has shape \(stored.shape), expected a vector") }
            let buffer = OwnedBytes(count: stored.count * 4)
            let floats = buffer.pointer.assumingMemoryBound(to: Float.self)
            stored.type.convert(stored.bytes.baseAddress!, count: stored.count, into: floats)
            if target.treatment == .gemmaNorm { for i in 0..<stored.count { floats[i] += 1 } }
            return computed(buffer, type: .f32)
        case .transposed:
            guard stored.shape.count == 2 else { throw InputError(source, "tensor '\(stored.name)' has shape \(stored.shape), expected a matrix") }
            let (inputs, outputs) = (stored.shape[0], stored.shape[1])
            let size = stored.type.size, buffer = OwnedBytes(count: stored.bytes.count)
            let from = stored.bytes.baseAddress!
            for i in 0..<inputs {
                for o in 0..<outputs {
                    (buffer.pointer + (o * inputs + i) * size).copyMemory(from: from + (i * outputs + o) * size, byteCount: size)
                }
            }
            return (ModelTensor(name: target.name, dimensions: [inputs, outputs], type: type, bytes: buffer.buffer, owner: buffer), buffer)
        case .regroupedHeads:
            return try regroupedHeads(stored, as: target, type: type, config: config, source: source)
        }
    }

    /// GPT-NeoX's fused QKV rows (or bias) reordered from [heads, 3, headDim] to [3, heads, headDim].
    private static func regroupedHeads(_ stored: StoredTensor, as target: FolderTensorName, type: GGMLType,
                                       config: FolderConfig, source: String) throws -> (ModelTensor, OwnedBytes?) {
        let heads = config.headCount, headDim = config.headDim
        guard stored.shape.first == 3 * heads * headDim, stored.shape.count <= 2 else {
            throw InputError(source, "tensor '\(stored.name)' has shape \(stored.shape), expected [\(3 * heads * headDim), …]")
        }
        let isBias = stored.shape.count == 1
        let rowLength = isBias ? 1 : stored.shape[1]
        // A bias becomes F32 like every other; a weight keeps its type.
        let elementSize = isBias ? 4 : stored.type.size
        let rowBytes = rowLength * elementSize
        let buffer = OwnedBytes(count: 3 * heads * headDim * rowBytes)
        var source = stored.bytes.baseAddress!
        var converted: OwnedBytes?
        if isBias {
            let floats = OwnedBytes(count: stored.count * 4)
            stored.type.convert(stored.bytes.baseAddress!, count: stored.count, into: floats.pointer.assumingMemoryBound(to: Float.self))
            source = UnsafeRawPointer(floats.pointer)
            converted = floats
        }
        for head in 0..<heads {
            for part in 0..<3 {
                for d in 0..<headDim {
                    let from = (head * 3 * headDim + part * headDim + d) * rowBytes
                    let to = (part * heads * headDim + head * headDim + d) * rowBytes
                    (buffer.pointer + to).copyMemory(from: source + from, byteCount: rowBytes)
                }
            }
        }
        withExtendedLifetime(converted) {}
        let dimensions = Array(stored.shape.reversed())
        return (ModelTensor(name: target.name, dimensions: dimensions, type: isBias ? .f32 : type, bytes: buffer.buffer, owner: buffer), buffer)
    }
}
