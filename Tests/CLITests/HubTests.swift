#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SAEKit
import Testing

/// `hf://` names against a stand-in for the Hub on loopback (`Tests/hub_standin.py`: the Hub's routes, headers,
/// redirects to a CDN on another host name, gated repositories, a connection cut mid-file), from which both saescope
/// and the real `huggingface_hub` client download; each reads the other's cache.
@Suite(.serialized) struct HubTests {
    /// A running stand-in serving `root` (`Tests/hub_standin.py`, or another `script` there), stopped by `stop()`.
    /// Spawned with posix_spawn, not Foundation's Process, so that its exit never touches the bookkeeping of the
    /// `saescope` processes the tests wait for.
    final class StandIn {
        let pid: pid_t
        let endpoint: String
        let log: String

        init(root: String, options: [String] = [], script name: String = "hub_standin.py") throws {
            log = root + "/../requests.log"
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(name).path
            var pipe: [Int32] = [0, 0]
            guard Glibc.pipe(&pipe) == 0 else { throw InputError(script, "no pipe") }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipe[0])
            let arguments = ["/usr/bin/env", "python3", script, root, "--log", log] + options
            let argv = arguments.map { strdup($0) } + [nil]
            var child: pid_t = 0
            let spawned = posix_spawn(&child, "/usr/bin/env", &actions, nil, argv, environ)
            argv.forEach { free($0) }
            posix_spawn_file_actions_destroy(&actions)
            close(pipe[1])
            defer { close(pipe[0]) }
            guard spawned == 0 else { throw InputError(script, "cannot start the stand-in") }
            pid = child
            var line = Data()
            var buffer = [UInt8](repeating: 0, count: 256)
            while !line.contains(UInt8(ascii: "\n")) {
                let count = read(pipe[0], &buffer, buffer.count)
                guard count > 0 else { throw InputError(script, "the stand-in stopped before it listened") }
                line.append(contentsOf: buffer[0..<count])
            }
            let port = String(decoding: line, as: UTF8.self).split(separator: " ")[1].trimmingCharacters(in: .whitespacesAndNewlines)
            endpoint = "http://127.0.0.1:\(port)"
        }

        /// The requests it has served, one line each.
        var requests: [String] { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init) }

        /// Stops it and reaps it.
        func stop() {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// A scratch folder with the stand-in's repositories (`tiny/llama3`, a model folder saved by transformers;
    /// `gated/llama3`, the same behind the token `hf_secret`; `tiny/dictionaries`, three SAELens dictionaries, one of
    /// them, `layer_5_wide`, with 4 MB of weights) and an empty cache.
    struct Scratch {
        let folder: String
        var root: String { folder + "/hub" }
        var cache: String { folder + "/cache" }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-\(UUID().uuidString)").path
            let manager = FileManager.default
            try manager.createDirectory(atPath: folder + "/hub/tiny/dictionaries", withIntermediateDirectories: true)
            try manager.createDirectory(atPath: folder + "/hub/gated", withIntermediateDirectories: true)
            try manager.copyItem(atPath: CLITests.fixture("folders/llama3/model"), toPath: folder + "/hub/tiny/llama3")
            try manager.copyItem(atPath: CLITests.fixture("folders/llama3/model"), toPath: folder + "/hub/gated/llama3")
            try "hf_secret".write(toFile: folder + "/hub/gated/llama3/.gated", atomically: true, encoding: .utf8)
            try manager.copyItem(atPath: CLITests.fixture("families/llama3/dictionary"), toPath: folder + "/hub/tiny/dictionaries/blocks.0.hook_resid_post")
            try manager.copyItem(atPath: CLITests.fixture("saelens_standard"), toPath: folder + "/hub/tiny/dictionaries/blocks.3.hook_resid_post")
            let wide = SyntheticDictionary.make(architecture: .jumprelu, dIn: 64, dSAE: 8192, hook: "blocks.5.hook_resid_post")
            try SAELensExport.write(wide, to: folder + "/hub/tiny/dictionaries/layer_5_wide")
        }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// The environment that points saescope (or huggingface_hub) at `standIn` and `cache`.
    static func environment(_ standIn: StandIn?, cache: String, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["HF_HUB_CACHE": cache, "HF_TOKEN": "", "HF_HOME": cache + "/home", "HF_HUB_DISABLE_TELEMETRY": "1"]
        if let standIn { environment["HF_ENDPOINT"] = standIn.endpoint }
        return environment.merging(extra) { $1 }
    }

    static func sha256(_ path: String) throws -> String {
        var hash = SHA256()
        hash.update(try Data(contentsOf: URL(fileURLWithPath: path)))
        return hash.finalizeHex()
    }

    @Test func fetchesOnlyAModelsFilesIntoTheCacheLayout() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let standIn = try StandIn(root: scratch.root)
        defer { standIn.stop() }
        let result = try CLITests.run(["fetch", "hf://tiny/llama3"], environment: Self.environment(standIn, cache: scratch.cache))
        #expect(result.status == 0, "\(result.err)")
        let snapshot = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let repository = scratch.cache + "/models--tiny--llama3"
        let commit = try String(contentsOfFile: repository + "/refs/main", encoding: .utf8)
        #expect(snapshot == repository + "/snapshots/" + commit)
        let files = try FileManager.default.contentsOfDirectory(atPath: snapshot).sorted()
        #expect(files.contains("model.safetensors.index.json") && files.contains("tokenizer.json") && files.contains("config.json"))
        #expect(files.filter { $0.hasSuffix(".safetensors") }.count == 5)
        #expect(!files.contains("special_tokens_map.json"), "a file the model does not need was fetched")
        for file in files {
            let link = try FileManager.default.destinationOfSymbolicLink(atPath: snapshot + "/" + file)
            #expect(link.hasPrefix("../../blobs/"), "\(file) → \(link)")
            let original = CLITests.fixture("folders/llama3/model/" + file)
            #expect(try Self.sha256(snapshot + "/" + file) == Self.sha256(original), "\(file)")
            if file.hasSuffix(".safetensors") { #expect(link == "../../blobs/" + (try Self.sha256(original))) }
        }
        // The model runs from its name: the same logits as the folder it was copied from.
        let prompt = ["encode", "--dict", CLITests.fixture("families/llama3/dictionary"), "--text", "The quick brown fox", "--json"]
        let fromHub = try CLITests.run(prompt + ["--model", "hf://tiny/llama3"], environment: Self.environment(standIn, cache: scratch.cache))
        let fromFolder = try CLITests.run(prompt + ["--model", CLITests.fixture("folders/llama3/model")])
        #expect(fromHub.status == 0 && fromHub.out == fromFolder.out, "\(fromHub.err)")
    }

    @Test func resumesACutConnectionAndAnInterruptedRun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let shard = "model-00002-of-00005.safetensors"
        let standIn = try StandIn(root: scratch.root, options: ["--cut", shard])
        defer { standIn.stop() }
        let result = try CLITests.run(["fetch", "hf://tiny/llama3"], environment: Self.environment(standIn, cache: scratch.cache))
        #expect(result.status == 0, "\(result.err)")
        let sha = try Self.sha256(CLITests.fixture("folders/llama3/model/" + shard))
        let cdn = standIn.requests.filter { $0.contains("/cdn/" + sha) }
        #expect(cdn.count == 2 && cdn[1].contains("range=bytes="), "\(cdn)")
        #expect(result.err.contains("the connection was cut") && result.err.contains("resuming from byte"), "\(result.err)")
        #expect(try Self.sha256(result.out.trimmingCharacters(in: .whitespacesAndNewlines) + "/" + shard) == sha)

        // An interrupted run leaves <blob>.incomplete; the next asks only for the rest.
        let other = "model-00003-of-00005.safetensors"
        let otherSHA = try Self.sha256(CLITests.fixture("folders/llama3/model/" + other))
        let blob = scratch.cache + "/models--tiny--llama3/blobs/" + otherSHA
        let content = try Data(contentsOf: URL(fileURLWithPath: CLITests.fixture("folders/llama3/model/" + other)))
        try FileManager.default.removeItem(atPath: blob)
        try content.prefix(1000).write(to: URL(fileURLWithPath: blob + ".incomplete"))
        let again = try CLITests.run(["fetch", "hf://tiny/llama3"], environment: Self.environment(standIn, cache: scratch.cache))
        #expect(again.status == 0, "\(again.err)")
        #expect(standIn.requests.last { $0.contains("/cdn/" + otherSHA) }?.contains("range=bytes=1000-") == true)
        #expect(try Self.sha256(blob) == otherSHA && !FileManager.default.fileExists(atPath: blob + ".incomplete"))
    }

    @Test func refusesWhatItCannotFetchInOneLine() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let standIn = try StandIn(root: scratch.root)
        defer { standIn.stop() }
        let environment = Self.environment(standIn, cache: scratch.cache)
        func refusal(_ arguments: [String], _ environment: [String: String]) throws -> String {
            let result = try CLITests.run(arguments, environment: environment)
            #expect(result.status == 2, "\(arguments): \(result.out) \(result.err)")
            // Progress lines of files fetched before the failure may come first; the failure is one line.
            let lines = result.err.split(separator: "\n").filter { !$0.hasSuffix(", done") }
            #expect(lines.count == 1, "\(arguments): \(result.err)")
            return result.err
        }
        let gated = try refusal(["fetch", "hf://gated/llama3"], environment)
        #expect(gated.contains("gated") && gated.contains("HF_TOKEN"))
        let withToken = try CLITests.run(["fetch", "hf://gated/llama3"], environment: environment.merging(["HF_TOKEN": "hf_secret"]) { $1 })
        #expect(withToken.status == 0, "\(withToken.err)")   // the CDN refuses a request that carries the token
        #expect(try refusal(["fetch", "hf://tiny/nothing"], environment).contains("no such repository"))
        #expect(try refusal(["fetch", "hf://tiny/llama3@v9"], environment).contains("no such revision"))
        let near = try refusal(["fetch", "hf://tiny/dictionaries/blocks.0.hook_resid_pots"], environment)
        #expect(near.contains("nearest: blocks.0.hook_resid_post"))
        #expect(try refusal(["fetch", "hf://tiny"], environment).contains("hf://ORG/NAME"))
        let corrupting = try StandIn(root: scratch.root, options: ["--corrupt", "model-00001-of-00005.safetensors"])
        defer { corrupting.stop() }
        let corrupt = try refusal(["fetch", "hf://tiny/llama3"], Self.environment(corrupting, cache: scratch.cache))
        #expect(corrupt.contains("SHA-256") && corrupt.contains("discarded"))
        let blobs = try FileManager.default.contentsOfDirectory(atPath: scratch.cache + "/models--tiny--llama3/blobs")
        let bad = try Self.sha256(CLITests.fixture("folders/llama3/model/model-00001-of-00005.safetensors"))
        #expect(!blobs.contains { $0.hasPrefix(bad) }, "a blob that failed its check was kept: \(blobs)")
        let offline = try refusal(["fetch", "hf://tiny/llama3"], Self.environment(nil, cache: scratch.cache + "-empty", ["HF_HUB_OFFLINE": "1"]))
        #expect(offline.contains("saescope fetch") && offline.contains("HF_HUB_OFFLINE"))
        let unreachable = try refusal(["fetch", "hf://tiny/llama3"], Self.environment(nil, cache: scratch.cache + "-empty", ["HF_ENDPOINT": "http://127.0.0.1:9"]))
        #expect(unreachable.contains("cannot reach"))
    }

    /// A dictionary whose config names a model on the Hub runs its cached copy with no --model (a dictionary on disk
    /// does not download a model unasked: the refusal names the command that does).
    @Test func aDictionaryBringsItsModel() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let standIn = try StandIn(root: scratch.root)
        defer { standIn.stop() }
        let dictionary = scratch.folder + "/dictionary"
        try FileManager.default.copyItem(atPath: CLITests.fixture("families/llama3/dictionary"), toPath: dictionary)
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dictionary + "/cfg.json"))) as! [String: Any]
        var metadata = config["metadata"] as! [String: Any]
        metadata["model_name"] = "tiny/llama3"
        config["metadata"] = metadata
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: dictionary + "/cfg.json"))
        let prompt = ["encode", "--dict", dictionary, "--text", "The quick brown fox", "--json"]
        let environment = Self.environment(standIn, cache: scratch.cache)
        let unfetched = try CLITests.run(prompt, environment: environment)
        #expect(unfetched.status == 2 && unfetched.err.contains("saescope fetch hf://tiny/llama3"), "\(unfetched.err)")
        #expect(try CLITests.run(["fetch", "hf://tiny/llama3"], environment: environment).status == 0)
        let chosen = try CLITests.run(prompt, environment: environment)
        let named = try CLITests.run(prompt + ["--model", CLITests.fixture("folders/llama3/model")])
        #expect(chosen.status == 0 && chosen.out == named.out, "\(chosen.err)")
        #expect(chosen.err.contains("names the model tiny/llama3"), "the model chosen is not named: \(chosen.err)")
    }

    /// A dictionary by name: only its folder is fetched; its index would go in saescope's cache, not the Hub's.
    @Test func opensADictionaryByName() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let standIn = try StandIn(root: scratch.root)
        defer { standIn.stop() }
        let environment = Self.environment(standIn, cache: scratch.cache, ["XDG_CACHE_HOME": scratch.folder + "/xdg"])
        let info = try CLITests.run(["info", "hf://tiny/dictionaries/blocks.3.hook_resid_post", "--json"], environment: environment)
        #expect(info.status == 0, "\(info.err)")
        #expect(try CLITests.json(info.out)["hook_name"] as? String == "blocks.3.hook_resid_post")
        let snapshot = try FileManager.default.contentsOfDirectory(atPath: scratch.cache + "/models--tiny--dictionaries/snapshots").first!
        let fetched = try FileManager.default.contentsOfDirectory(atPath: scratch.cache + "/models--tiny--dictionaries/snapshots/" + snapshot)
        #expect(fetched == ["blocks.3.hook_resid_post"], "\(fetched)")
        #expect(FeatureIndex.defaultPath(forDictionary: "hf://tiny/dictionaries/blocks.3.hook_resid_post").hasPrefix(Paths.cache("indexes")))
    }

    /// `info` on a dictionary that is not cached reads its weights' header with two Range requests and downloads only
    /// its small files; it reports what the downloaded dictionary reports, and a dictionary described that way does
    /// not load.
    @Test func describesADictionaryFromItsHeaders() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let standIn = try StandIn(root: scratch.root)
        defer { standIn.stop() }
        let environment = Self.environment(standIn, cache: scratch.cache, ["XDG_CACHE_HOME": scratch.folder + "/xdg"])
        let name = "hf://tiny/dictionaries/layer_5_wide"
        let described = try CLITests.run(["info", name, "--json"], environment: environment)
        #expect(described.status == 0, "\(described.err)")
        let weights = standIn.requests.filter { $0.hasPrefix("GET /cdn/") }
        #expect(weights.count == 2 && weights.allSatisfy { $0.contains("range=bytes=0-7") || $0.contains("range=bytes=8-") }, "\(weights)")
        let snapshot = try FileManager.default.contentsOfDirectory(atPath: scratch.cache + "/models--tiny--dictionaries/snapshots").first!
        let cached = try FileManager.default.contentsOfDirectory(atPath: scratch.cache + "/models--tiny--dictionaries/snapshots/\(snapshot)/layer_5_wide")
        #expect(cached == ["cfg.json"], "\(cached)")
        let headersOnly = try #require(try DictionaryLoader.describe(name, environment: environment))
        #expect(headersOnly.weightsAbsent && headersOnly.config.dSAE == 8192)
        #expect(throws: InputError.self) { try headersOnly.load() }

        #expect(try CLITests.run(["fetch", name], environment: environment).status == 0)
        let opened = try CLITests.run(["info", name, "--json"], environment: environment)
        #expect(opened.status == 0, "\(opened.err)")
        var before = try CLITests.json(described.out), after = try CLITests.json(opened.out)
        #expect((before["notes"] as? [String])?.contains { $0.contains("headers") } == true)
        #expect(after["threshold"] != nil && before["threshold"] == nil)
        for key in ["notes", "threshold"] { before[key] = nil; after[key] = nil }
        let sorted = { (report: [String: Any]) in try JSONSerialization.data(withJSONObject: report, options: .sortedKeys) }
        #expect(try sorted(before) == sorted(after), "\(before) vs \(after)")
    }

    /// The real client and saescope share the cache both ways, byte for byte.
    @Test func sharesTheCacheWithHuggingFaceHub() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let standIn = try StandIn(root: scratch.root)
        defer { standIn.stop() }
        let python = ProcessInfo.processInfo.environment["SAESCOPE_TEST_PYTHONPATH"] ?? ""
        func huggingFaceHub(_ program: String, cache: String, offline: Bool) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", program]
            var environment = ProcessInfo.processInfo.environment.merging(Self.environment(standIn, cache: cache)) { $1 }
            environment["PYTHONPATH"] = python
            environment["HF_HUB_OFFLINE"] = offline ? "1" : "0"
            process.environment = environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "huggingface_hub (scripts/test installs it; PYTHONPATH=\(python)): \(errors)")
            return text
        }
        let listing = """
        import hashlib, os, sys
        from huggingface_hub import snapshot_download
        path = snapshot_download("tiny/llama3", allow_patterns=["*.json", "*.safetensors"])
        for name in sorted(os.listdir(path)):
            print(name, hashlib.sha256(open(os.path.join(path, name), "rb").read()).hexdigest())
        """
        // saescope writes, huggingface_hub reads offline.
        let fetched = try CLITests.run(["fetch", "hf://tiny/llama3"], environment: Self.environment(standIn, cache: scratch.cache))
        #expect(fetched.status == 0, "\(fetched.err)")
        let readByPython = try huggingFaceHub(listing, cache: scratch.cache, offline: true)
        let snapshot = fetched.out.trimmingCharacters(in: .whitespacesAndNewlines)
        for line in readByPython.split(separator: "\n") {
            let parts = line.split(separator: " ")
            #expect(try Self.sha256(snapshot + "/" + parts[0]) == String(parts[1]), "\(parts[0])")
        }
        #expect(readByPython.split(separator: "\n").count == (try FileManager.default.contentsOfDirectory(atPath: snapshot)).count)
        // huggingface_hub writes, saescope reads offline.
        let otherCache = scratch.folder + "/python-cache"
        let written = try huggingFaceHub(listing, cache: otherCache, offline: false)
        let offline = Self.environment(nil, cache: otherCache, ["HF_HUB_OFFLINE": "1"])
        let read = try CLITests.run(["fetch", "hf://tiny/llama3"], environment: offline)
        #expect(read.status == 0, "\(read.err)")
        for line in written.split(separator: "\n") where line.contains(".safetensors") || line.contains("config.json") || line.contains("tokenizer.json") {
            let parts = line.split(separator: " ")
            #expect(try Self.sha256(read.out.trimmingCharacters(in: .whitespacesAndNewlines) + "/" + parts[0]) == String(parts[1]))
        }
        let info = try CLITests.run(["info", "hf://tiny/llama3", "--json"], environment: offline)
        #expect(info.status == 0, "\(info.err)")
        #expect(try CLITests.json(info.out)["architecture"] as? String == "llama")
    }
}
