import ArgumentParser
import Foundation
import SAEKit

/// `saescope corpus …`: the text corpus dictionaries are trained and indexed on.
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Build the training corpus from Debian packages and the model's own writing.",
        subcommands: [CorpusBuildCommand.self, CorpusGenerateCommand.self])
}

/// `saescope corpus build`: runs the repository's corpus scripts (Python 3, `scripts/corpus`) that extract and clean
/// the text; they are dataset tooling, not part of the binary.
struct CorpusBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Extract, clean and split the corpus; writes train.jsonl, heldout.jsonl, prompts.jsonl and manifest.json.",
        discussion: """
            Sources are Debian packages: manuals and help in several languages (fetched with apt-get download and \
            unpacked into OUT/packages, not installed), prose, dictionaries, code; run as root to install the missing \
            ones of the rest. prompts.jsonl holds the requests `saescope corpus generate` gives the model: topics \
            from WordNet (wordnet-base, fetched the same way) in several genres and languages.
            """)

    @Option(help: "Output folder.")
    var out = Paths.cache("corpus")

    @Option(help: "The folder of the corpus scripts (default: $SAESCOPE_SCRIPTS, else scripts/corpus in the repository saescope runs from or was built in).")
    var scripts: String?

    @OptionGroup var modelOption: ModelOption

    func run() throws {
        try runScript("build_corpus", arguments: getuid() == 0 ? ["--install"] : [])
        try countTokens()
        try runScript("build_prompts", arguments: [])
        print("corpus written to \(out)")
    }

    /// Runs one of the corpus scripts with `--out` and `arguments`.
    private func runScript(_ name: String, arguments: [String]) throws {
        let script = try Self.scriptPath(name + ".py", folder: scripts)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--out", out] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InputError("corpus build", "\(script) failed (exit \(process.terminationStatus)); see the lines above")
        }
    }

    /// Where the script `file` is: in `folder` when one is given, else in $SAESCOPE_SCRIPTS, `scripts/corpus` under
    /// the working folder, or `scripts/corpus` of the repository the binary was built in (`.build/release/saescope`).
    static func scriptPath(_ file: String, folder: String?) throws -> String {
        let environment = ProcessInfo.processInfo.environment["SAESCOPE_SCRIPTS"]
        let built = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("../../../scripts/corpus").standardizedFileURL.path
        let candidates = folder.map { [$0] } ?? [environment, "scripts/corpus", built].compactMap { $0 }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/" + file) {
            return candidate + "/" + file
        }
        throw InputError(file, "is not in \(candidates.joined(separator: " or ")): corpus build runs the repository's scripts/corpus; run it from the repository or give --scripts FOLDER")
    }

    /// Adds the model tokenizer's token counts per source and split to the manifest, and prints the mix.
    private func countTokens() throws {
        let model = try modelOption.load()
        let manifestPath = out + "/manifest.json"
        guard var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [String: Any],
              var sources = manifest["sources"] as? [String: [String: Any]] else {
            throw InputError(manifestPath, "is not a corpus manifest")
        }
        var totals: [String: Int] = [:]
        for split in ["train", "heldout"] {
            var counts: [String: Int] = [:]
            for document in try CorpusFile(path: out + "/\(split).jsonl").documents {
                counts[document.source, default: 0] += model.tokenizer.encode(document.text).count
            }
            for (source, tokens) in counts {
                var entry = sources[source] ?? [:]
                var splitEntry = entry[split] as? [String: Any] ?? [:]
                splitEntry["tokens"] = tokens
                entry[split] = splitEntry
                sources[source] = entry
                totals[(entry["kind"] as? String) ?? "other", default: 0] += tokens
            }
        }
        let all = totals.values.reduce(0, +)
        manifest["sources"] = sources
        manifest["tokenizer"] = model.fileName
        manifest["tokens"] = ["total": all, "by_kind": totals] as [String: Any]
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
        let share = { (kind: String) in 100 * Double(totals[kind] ?? 0) / Double(max(all, 1)) }
        print(String(format: "corpus: %d tokens; code %.1f%%, non-English %.1f%%, English %.1f%%", all, share("code"), share("non-english"), share("english")))
    }
}
