import ArgumentParser
import Foundation
import SAEKit

/// `saescope corpus …`: the text corpus dictionaries are trained and indexed on.
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Build the training corpus from Debian packages.",
        subcommands: [CorpusBuildCommand.self])
}

/// `saescope corpus build`: runs the bundled corpus script (Python 3) that extracts and cleans the text.
struct CorpusBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Extract, clean and split the corpus; writes train.jsonl, heldout.jsonl and manifest.json.",
        discussion: "Sources are Debian packages (dictionaries, prose, code, other languages); run as root to install missing ones.")

    @Option(help: "Output folder.")
    var out = Paths.cache("corpus")

    func run() throws {
        guard let script = Bundle.module.path(forResource: "build_corpus", ofType: "py") else {
            throw InputError("build_corpus.py", "is missing from saescope's resources; rebuild saescope")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--out", out] + (getuid() == 0 ? ["--install"] : [])
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InputError("corpus build", "the corpus script failed (exit \(process.terminationStatus)); see the lines above")
        }
        print("corpus written to \(out)")
    }
}
