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

/// `saescope corpus build`: runs the bundled corpus script (Python 3) that extracts and cleans the text.
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

    @OptionGroup var modelOption: ModelOption

    func run() throws {
        try runScript("build_corpus", arguments: getuid() == 0 ? ["--install"] : [])
        try countTokens()
        try runScript("build_prompts", arguments: [])
        print("corpus written to \(out)")
    }

    /// Runs one of the bundled Python scripts with `--out` and `arguments`.
    private func runScript(_ name: String, arguments: [String]) throws {
        guard let script = Bundle.module.path(forResource: name, ofType: "py") else {
            throw InputError("\(name).py", "is missing from saescope's resources; rebuild saescope")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--out", out] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InputError("corpus build", "\(name).py failed (exit \(process.terminationStatus)); see the lines above")
        }
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
