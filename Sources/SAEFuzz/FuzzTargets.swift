import Explorer
import Foundation
import SAEKit
import TermKit

/// The readers of files a user hands saescope, each as a libFuzzer target: the input is written where the reader
/// expects a file, read, and everything read is used. A reader may refuse an input (an `InputError` or another
/// thrown error); it must never crash, hang or allocate without bound.
enum FuzzTargets {
    /// Each target's name and what it does with one input.
    static let all: [(name: String, run: @Sendable (Data) -> Void)] = [
        ("gguf", gguf), ("safetensors", safetensors), ("npy", npy), ("npz", npz),
        ("saelens-config", saelensConfig), ("sparsify-config", sparsifyConfig), ("preset", preset),
        ("theme", theme), ("settings", settings), ("tokenizer-bpe", bytePairTokenizer),
        ("tokenizer-sentencepiece", sentencePieceTokenizer), ("neuronpedia", neuronpedia),
    ]

    /// A scratch folder in memory, where inputs are written as files.
    static let scratch: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = base + "/saescope-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// `data` written to `name` in the scratch folder; its path.
    static func file(_ data: Data, _ name: String) -> String {
        let path = scratch + "/" + name
        try? data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A GGUF model file: header, metadata, tensor table; then its tokenizer and the model built from it.
    static func gguf(_ data: Data) {
        let path = file(data, "model.gguf")
        guard let gguf = try? GGUFFile(path: path) else { return }
        for tensor in gguf.tensors.prefix(4) where tensor.rowCount > 0 && tensor.rowLength <= 1 << 16 {
            var row = [Float](repeating: 0, count: tensor.rowLength)
            row.withUnsafeMutableBufferPointer { tensor.dequantizeRow(0, into: $0.baseAddress!) }
        }
        if let tokenizer = try? Tokenizer(gguf: gguf) { _ = tokenizer.decode(tokenizer.encode("Hello, world! 123")) }
        _ = try? LanguageModel(path: path)
    }

    /// A safetensors file, every tensor read as floats.
    static func safetensors(_ data: Data) {
        guard let file = try? SafetensorsFile(path: file(data, "weights.safetensors")) else { return }
        for tensor in file.tensors.values { _ = tensor.floats() }
    }

    /// A .npy matrix.
    static func npy(_ data: Data) {
        _ = try? NPYFile.readMatrix(file(data, "x.npy"))
    }

    /// A .npz archive, every array read as floats.
    static func npz(_ data: Data) {
        guard let archive = try? NPZArchive(path: file(data, "params.npz")) else { return }
        for name in archive.arrays.keys { _ = try? archive.array(name).floats() }
    }

    /// A SAELens cfg.json beside valid weights, the dictionary opened and loaded.
    static func saelensConfig(_ data: Data) {
        dictionaryFolder(config: data, weights: FuzzSeeds.saelensWeights, weightsName: "sae_weights.safetensors", folder: "saelens")
    }

    /// A sparsify cfg.json beside valid weights, the dictionary opened and loaded.
    static func sparsifyConfig(_ data: Data) {
        dictionaryFolder(config: data, weights: FuzzSeeds.sparsifyWeights, weightsName: "sae.safetensors", folder: "sparsify")
    }

    /// Writes `config` as cfg.json into a folder holding `weights`, then opens and loads it as a dictionary.
    static func dictionaryFolder(config: Data, weights: Data?, weightsName: String, folder: String) {
        guard let weights else { return }
        let directory = scratch + "/" + folder
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let weightsPath = directory + "/" + weightsName
        if !FileManager.default.fileExists(atPath: weightsPath) { try? weights.write(to: URL(fileURLWithPath: weightsPath)) }
        try? config.write(to: URL(fileURLWithPath: directory + "/cfg.json"))
        _ = try? DictionaryLoader.open(directory).load()
    }

    /// A file of Neuronpedia explanations (gzipped JSON lines, JSON lines or a JSON array), read as `labels import`
    /// reads it, inflating no more than 64 MB.
    static func neuronpedia(_ data: Data) {
        _ = try? NeuronpediaExplanations(path: file(data, "explanations.jsonl.gz"), limit: 64 << 20)
    }

    /// A steering preset file.
    static func preset(_ data: Data) {
        _ = try? SteeringPreset.load(file(data, "preset.json"))
    }

    /// A theme file's text.
    static func theme(_ data: Data) {
        _ = try? Theme.parse(String(decoding: data, as: UTF8.self), file: "fuzz.theme")
    }

    /// The explorer's settings file's text.
    static func settings(_ data: Data) {
        _ = try? ExplorerSettings.parse(String(decoding: data, as: UTF8.self), file: "config")
    }

    /// Text through the byte-level BPE tokenizer of the seed vocabulary: encoding and decoding give the text back.
    static func bytePairTokenizer(_ data: Data) {
        tokenizerRoundTrip(FuzzSeeds.bytePairTokenizer, data)
    }

    /// Text through the SentencePiece tokenizer of the seed vocabulary: encoding and decoding give the text back
    /// (unless it holds ▁ itself, which SentencePiece reads as a space, as llama.cpp and transformers do).
    static func sentencePieceTokenizer(_ data: Data) {
        tokenizerRoundTrip(FuzzSeeds.sentencePieceTokenizer, data, exceptWhenHolding: "▁")
    }

    /// Encodes `data` as text (and with special tokens parsed) and checks that decoding gives the text back, unless
    /// the text holds `marker`.
    static func tokenizerRoundTrip(_ tokenizer: Tokenizer, _ data: Data, exceptWhenHolding marker: Unicode.Scalar? = nil) {
        let text = String(decoding: data, as: UTF8.self)
        let ids = tokenizer.encode(text)
        let exempt = marker.map { text.unicodeScalars.contains($0) } ?? false
        guard exempt || tokenizer.decode(ids) == text else { fatalError("the tokenizer does not give the text back: \(Array(text.utf8))") }
        _ = tokenizer.decode(tokenizer.encode(text, special: true))
    }
}
