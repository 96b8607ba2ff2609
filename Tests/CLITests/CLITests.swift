import Explorer
import Foundation
import SAEKit
import Testing

/// The `saescope` binary run as a user runs it: output shapes, exit statuses, one-line errors.
@Suite struct CLITests {
    /// The built executable, in the build folder that holds this test process.
    static let binary: String = {
        var url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 where !FileManager.default.fileExists(atPath: url.appendingPathComponent("saescope").path) {
            url = url.deletingLastPathComponent()
        }
        return url.appendingPathComponent("saescope").path
    }()

    /// A fixture of the engine tests' Fixtures folder (shared by path, not copied).
    static func fixture(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SAEKitTests/Fixtures").appendingPathComponent(relative).path
    }

    /// Runs the binary with `arguments` (`input` on its standard input, and `environment` over this process's);
    /// returns exit status, stdout and stderr. A run still going after `timeout` seconds is killed and its stderr says
    /// so, so that a stalled run (a stand-in server that stops answering) fails its test instead of hanging the suite.
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                    timeout: Double = 600) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let killed = KillFlag()
        let watchdog = DispatchWorkItem {
            guard process.isRunning else { return }
            killed.set()
            kill(process.processIdentifier, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let note = killed.isSet ? "\n(the test killed saescope \(arguments.prefix(2).joined(separator: " ")) after \(Int(timeout)) s)" : ""
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self) + note)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func infoDescribesEachFormat() throws {
        let result = try Self.run(["info", Self.fixture("saelens_standard"), "--json"])
        #expect(result.status == 0)
        let info = try Self.json(result.out)
        #expect(info["format"] as? String == "SAELens")
        #expect(info["architecture"] as? String == "standard")
        #expect(info["d_in"] as? Int == 8)
        #expect(info["d_sae"] as? Int == 24)
        #expect(info["hook_name"] as? String == "blocks.3.hook_resid_post")
        #expect(info["dead_fraction"] as? Double == 0.125)
        let text = try Self.run(["info", Self.fixture("sparsify_run/layers.3")])
        #expect(text.status == 0)
        #expect(text.out.contains("sparsify"))
        #expect(text.out.contains("topk (k = 4)"))
        let gemma = try Self.json(try Self.run(["info", Self.fixture("gemmascope/gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_5"), "--json"]).out)
        #expect(gemma["architecture"] as? String == "jumprelu")
        #expect((gemma["threshold"] as? [String: Any])?["max"] != nil)
        let scope2 = try Self.json(try Self.run(["info", Self.fixture("gemmascope2/gemma-scope-2-270m-pt/resid_post/layer_9_width_16k_l0_medium"), "--json"]).out)
        #expect(scope2["hook_name"] as? String == "blocks.9.hook_resid_post" && scope2["model"] as? String == "google/gemma-3-270m")
    }

    /// `info` on a GGUF names the family and what saescope runs in it (the fetched Gemma 3 model).
    @Test(.enabled(if: ModelStore.isInstalled(.gemma3_270m)))
    func infoDescribesAModel() throws {
        let info = try Self.json(try Self.run(["info", ModelStore.path(of: .gemma3_270m), "--json"]).out)
        #expect(info["architecture"] as? String == "gemma3" && info["width"] as? Int == 640 && info["layers"] as? Int == 18)
        #expect(info["tokenizer"] as? String == "SentencePiece" && info["bos_first"] as? Bool == true && info["chat_template"] as? Bool == false)
        #expect(info["local_layers"] as? [Int] == [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16])
        let list = try Self.run(["model", "list"])
        #expect(list.status == 0 && list.out.contains("gemma-3-270m\tgemma3\twidth 640\t18 layers"))
    }

    /// `info` names each family's GGUF and `steer` runs on it through the family's dictionary (the tiny models of
    /// `Tests/make_family_models.py`).
    @Test(arguments: ["gpt2", "gptneox", "llama3", "qwen2", "qwen3", "gemma2"])
    func everyFamilyRunsThroughTheCommands(_ family: String) throws {
        let model = Self.fixture("families/\(family)/model.gguf")
        let info = try Self.json(try Self.run(["info", model, "--json"]).out)
        let architecture = family == "llama3" ? "llama" : family
        #expect(info["architecture"] as? String == architecture && info["width"] as? Int == 32)
        #expect((info["family"] as? String)?.isEmpty == false)
        #expect((info["hooks"] as? [String])?.contains { $0.hasSuffix("attn.hook_z") } == true)
        let steer = try Self.run(["steer", "--dict", Self.fixture("families/\(family)/dictionary"), "--model", model,
                                  "--prompt", "The quick brown fox", "--edit", "0=clamp:40", "--compare", "--max-tokens", "8", "--json"])
        #expect(steer.status == 0, "\(steer.err)")
        let runs = try #require(try Self.json(steer.out)["runs"] as? [[String: Any]])
        #expect(runs.count == 2 && runs[0]["text"] as? String != runs[1]["text"] as? String)
    }

    /// A Gemma Scope 2 transcoder: info names what it writes, steer runs it at the MLP.
    @Test func aTranscoderRunsThroughTheCommands() throws {
        let model = Self.fixture("families/gemma2/model.gguf")
        let transcoder = Self.fixture("transcoders/gemma-scope-2-tiny-pt/transcoder/layer_1_width_48_l0_small_affine")
        let info = try Self.json(try Self.run(["info", transcoder, "--json"]).out)
        let written = try #require(info["transcoder"] as? [String: Any])
        #expect(info["hook_name"] as? String == "blocks.1.ln2.hook_normalized")
        #expect(written["hook_name_out"] as? String == "blocks.1.hook_mlp_out" && written["skip_connection"] as? Bool == true)
        let steer = try Self.run(["steer", "--dict", transcoder, "--model", model, "--prompt", "The quick brown fox",
                                  "--edit", "5=clamp:40", "--compare", "--max-tokens", "8", "--json"])
        #expect(steer.status == 0, "\(steer.err)")
        let runs = try #require(try Self.json(steer.out)["runs"] as? [[String: Any]])
        #expect(runs.count == 2 && runs[0]["text"] as? String != runs[1]["text"] as? String)
    }

    @Test func encodePrintsTopFeaturesInDescendingOrder() throws {
        let result = try Self.run(["encode", "--dict", Self.fixture("saelens_topk_rescale"),
                                   "--activations", Self.fixture("saelens_topk_rescale/x.npy"), "--top", "3", "--json"])
        #expect(result.status == 0)
        let rows = try #require(try Self.json(result.out)["rows"] as? [[[String: Any]]])
        #expect(rows.count == 6)
        for row in rows {
            #expect(row.count <= 3 && !row.isEmpty)
            let values = row.compactMap { $0["activation"] as? Double }
            #expect(values == values.sorted(by: >))
            #expect(values.allSatisfy { $0 > 0 })
            #expect(row.allSatisfy { ($0["feature"] as? Int).map { (0..<24).contains($0) } == true })
        }
    }

    @Test func neighboursFindsFeaturesByCosine() throws {
        let result = try Self.run(["neighbours", "--dict", Self.fixture("saelens_standard"), "5", "--top", "4", "--json"])
        #expect(result.status == 0)
        let doc = try Self.json(result.out)
        #expect(doc["feature"] as? Int == 5)
        let neighbours = try #require(doc["neighbours"] as? [[String: Any]])
        #expect(neighbours.count == 4)
        let cosines = neighbours.compactMap { $0["cosine"] as? Double }
        #expect(cosines == cosines.sorted(by: >))
        #expect(cosines.allSatisfy { (-1.0001...1.0001).contains($0) })
        let across = try Self.run(["neighbours", "--dict", Self.fixture("saelens_standard"), "5",
                                   "--against", Self.fixture("saelens_jumprelu_f16"), "--json"])
        #expect(across.status == 0)
        // The American spelling is the same command.
        #expect(try Self.run(["neighbors", "--dict", Self.fixture("saelens_standard"), "5", "--top", "4", "--json"]).out == result.out)
    }

    /// `activations` writes one row per token as the model reads the text, and names --text when it is longer than the
    /// model's context (the committed one-block model's 64 tokens).
    @Test func activationsWritesARowPerTokenAndRefusesATextPastTheContext() throws {
        let tiny = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/seeds/gguf/tiny-llama.gguf").path
        let model = try LanguageModel(path: tiny)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-\(UUID().uuidString).npy").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let arguments = ["activations", "--model", tiny, "--hook", "blocks.0.hook_resid_post", "--out", out, "--text"]
        let written = try Self.run(arguments + ["the cat is on the mat"])
        #expect(written.status == 0, "\(written.err)")
        let rows = try NPYFile.readMatrix(out)
        #expect(rows.rows == model.tokenizer.textIDs("the cat is on the mat").count && rows.cols == model.config.modelDim)
        let long = try Self.run(arguments + [String(repeating: "the cat is on the mat. ", count: 20)])
        #expect(long.status == 2 && long.err.hasPrefix("saescope: --text: is ") && long.err.contains("context holds 64"), "\(long.err)")
    }

    /// `SAESCOPE_KERNELS` takes one value; any other is refused before a command runs, and `portable` shows in the
    /// benchmark's report.
    @Test func aMistypedKernelChoiceIsRefused() throws {
        let wrong = try Self.run(["info", Self.fixture("saelens_standard")], environment: ["SAESCOPE_KERNELS": "avx512"])
        #expect(wrong.status == 2)
        #expect(wrong.err == "saescope: SAESCOPE_KERNELS=avx512: the only value is 'portable' (unset it to let saescope choose)\n")
        let portable = try Self.run(["info", Self.fixture("saelens_standard")], environment: ["SAESCOPE_KERNELS": "portable"])
        #expect(portable.status == 0)
    }

    @Test func badInputGetsOneLineAndStatus2() throws {
        let notAModel = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-\(UUID().uuidString).gguf")
        try Data(contentsOf: URL(fileURLWithPath: Self.fixture("quant/Q4_0.bin"))).write(to: notAModel)
        defer { try? FileManager.default.removeItem(at: notAModel) }
        let cases: [[String]] = [
            ["info", "/nonexistent"],
            ["info", Self.fixture("saelens_standard/cfg.json")],
            ["encode", "--dict", Self.fixture("saelens_standard"), "--activations", Self.fixture("quant/Q4_0.npy")],
            ["encode", "--dict", Self.fixture("saelens_standard"), "--activations", "/nonexistent.npy"],
            ["neighbours", "--dict", Self.fixture("saelens_standard"), "24"],
            ["neighbours", "--dict", Self.fixture("saelens_standard"), "1", "--top", "0"],
            ["encode", "--dict", Self.fixture("saelens_standard")],
            ["info", notAModel.path],
            ["model", "fetch", "no-such-model"],
            ["generate", "--model", "no-such-model", "--prompt", "x"],
            ["steer", "--dict", Self.fixture("gemmascope/gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_5"), "--prompt", "x", "--edit", "1=ablate"],
            ["no-such-command"],
        ]
        for arguments in cases {
            let result = try Self.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.err.split(separator: "\n").count == 1, "\(arguments): \(result.err)")
            #expect(result.out.isEmpty)
        }
    }

    /// A file's own strings reach the terminal as text: a control character in its model name or statistics' source
    /// is printed as its picture, not sent as an escape sequence.
    @Test func infoShowsAFilesControlCharactersAsPictures() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let plain = SyntheticDictionary.make(architecture: .topk, dIn: 8, dSAE: 16, k: 2)
        var config = plain.config
        config.modelName = "\u{1b}[31mred"
        let dictionary = SparseDictionary(config: config, encoder: plain.encoder, encoderIsFeatureMajor: false, decoder: plain.decoder,
                                          encoderBias: plain.encoderBias, decoderBias: plain.decoderBias)
        try NativeDictionaryFormat.write(dictionary, statistics: FeatureStatistics(density: [Float](repeating: 0.1, count: 16),
                                                                                   source: "\u{1b}[2Jcleared\nscreen"), to: path)
        let result = try Self.run(["info", path])
        #expect(result.status == 0, "\(result.err)")
        #expect(!result.out.contains("\u{1b}") && result.out.contains("␛[31mred") && result.out.contains("␛[2Jcleared␊screen"))
    }

    /// A preset saved on a larger dictionary: the error names the preset file, not `--edit`.
    @Test func aPresetBeyondTheDictionaryIsNamed() throws {
        let preset = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-\(UUID().uuidString).json")
        try Data(#"{"edits": ["99999=clamp:3x"], "mode": "splice", "span": "generated"}"#.utf8).write(to: preset)
        defer { try? FileManager.default.removeItem(at: preset) }
        let result = try Self.run(["steer", "--dict", Self.fixture("saelens_standard"), "--prompt", "x", "--preset", preset.path])
        #expect(result.status == 2)
        #expect(result.err.split(separator: "\n").count == 1 && result.err.contains(preset.path) && result.err.contains("99999"),
                "\(result.err)")
        #expect(!result.err.contains("--edit"))
    }

    @Test func trainWritesADictionaryThatInfoReads() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let activations = SyntheticDictionary.gaussianMatrix(rows: 3000, cols: 16, seed: 1)
        try ActivationShardSet.writeShard(activations, index: 0, directory: directory, metadata: ["hook_name": "blocks.2.hook_resid_post"])
        let out = directory + "/d.safetensors"
        let train = try Self.run(["train", "--shards", directory, "--out", out, "--features", "64", "--k", "4",
                                  "--batch-size", "256", "--tokens", "5120", "--float16"])
        #expect(train.status == 0, "\(train.err)")
        #expect(train.err.contains("step 20/20"))
        let info = try Self.json(try Self.run(["info", out, "--json"]).out)
        #expect(info["format"] as? String == "saescope")
        #expect(info["architecture"] as? String == "topk")
        #expect(info["k"] as? Int == 4)
        #expect(info["d_sae"] as? Int == 64)
        #expect(info["dtype"] as? String == "F16")
        #expect(info["hook_name"] as? String == "blocks.2.hook_resid_post")
        // Its firing statistics are those of the written weights on every training row (3,000, under the sample's cap).
        let written = try DictionaryLoader.open(out)
        var tally = FiringTally(featureCount: 64)
        tally.add(try written.load().encode(try ActivationShardSet(directory: directory).rows(Array(0..<3000))))
        let statistics = try #require(written.statistics)
        #expect(statistics.density == tally.statistics(source: nil).density)
        #expect(statistics.maxActivation == tally.statistics(source: nil).maxActivation)
        #expect(statistics.source == "3000 training activations")
        #expect(info["dead_fraction"] as? Double == statistics.deadFraction)
        #expect(try Self.run(["info", out]).out.contains("from the file's statistics on 3000 training activations"))
        let bad = try Self.run(["train", "--shards", directory + "/missing", "--out", out])
        #expect(bad.status == 2)
        // A second harvest trains with the first: 4,000 rows, one and a half passes, 24 steps of 256.
        let second = directory + "/second"
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
        try ActivationShardSet.writeShard(SyntheticDictionary.gaussianMatrix(rows: 1000, cols: 16, seed: 2), index: 0,
                                          directory: second, metadata: ["hook_name": "blocks.2.hook_resid_post"])
        let both = try Self.run(["train", "--shards", directory, "--shards", second, "--out", directory + "/both.safetensors",
                                 "--features", "64", "--k", "4", "--batch-size", "256", "--passes", "1.5"])
        #expect(both.status == 0, "\(both.err)")
        #expect(both.err.contains("step 24/24"))
        let twice = try Self.run(["train", "--shards", directory, "--out", out, "--tokens", "512", "--passes", "1"])
        #expect(twice.status == 2 && twice.err.contains("--passes"))
    }

    /// `train --corpus` runs the model as it trains: two dictionaries from one pass, each written with its statistics.
    @Test func trainFromACorpusWritesEveryDictionaryItIsGiven() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lines = (0..<80).map { n in
            String(decoding: try! JSONSerialization.data(withJSONObject: ["source": "doc\(n)", "text": "Entry \(n): the river bends past \(n * 3) mills and a bridge."]), as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/text.jsonl", atomically: true, encoding: .utf8)
        let common = ["train", "--corpus", directory + "/text.jsonl", "--model", Self.fixture("families/llama3/model.gguf"),
                      "--hook", "blocks.0.hook_resid_post", "--context", "32", "--buffer-contexts", "16", "--batch-size", "64", "--tokens", "1280"]
        let a = directory + "/a.safetensors", b = directory + "/b.safetensors"
        let train = try Self.run(common + ["--out", a, "--features", "64", "--seed", "1", "--out", b, "--features", "128", "--seed", "2", "--k", "4"])
        #expect(train.status == 0, "\(train.err)")
        #expect(train.err.contains("step 20/20"))
        for (path, features) in [(a, 64), (b, 128)] {
            let info = try Self.json(try Self.run(["info", path, "--json"]).out)
            #expect(info["d_sae"] as? Int == features && info["k"] as? Int == 4)
            #expect(info["hook_name"] as? String == "blocks.0.hook_resid_post")
            #expect(try DictionaryLoader.open(path).statistics?.source?.contains("training activations") == true)
        }
        // Too few tokens in the corpus, a weight per corpus missing, two passes over a stream, shards with a corpus: one
        // line each, exit 2.
        let short = try Self.run(common.dropLast(2) + ["--tokens", "10000000", "--out", directory + "/c.safetensors"])
        #expect(short.status == 2 && short.err.contains("text.jsonl") && short.err.split(separator: "\n").count == 1, "\(short.err)")
        let weights = try Self.run(common + ["--weight", "1", "--weight", "2", "--out", directory + "/c.safetensors"])
        #expect(weights.status == 2 && weights.err.contains("--weight"), "\(weights.err)")
        let passes = try Self.run(common.dropLast(2) + ["--passes", "2", "--out", directory + "/c.safetensors"])
        #expect(passes.status == 2 && passes.err.contains("--weight"), "\(passes.err)")
        let both = try Self.run(common + ["--shards", directory, "--out", directory + "/c.safetensors"])
        #expect(both.status == 2 && both.err.contains("--shards"), "\(both.err)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/c.safetensors"))
    }

    @Test func indexReportCountsNarrowFeaturesAndDrawsTheSameFeaturesEachTime() throws {
        let dict = Self.sample("smollm2-res14-4k.safetensors")
        let first = try Self.run(["index", "report", "--dict", dict, "--random", "3", "--seed", "7", "--json"])
        #expect(first.status == 0, "\(first.err)")
        let report = try Self.json(first.out)
        let depth = try #require(report["depth"] as? [String: Any])
        let live = try #require(depth["live"] as? Int), narrow = try #require(depth["narrow"] as? Int)
        #expect(live > 0 && live <= 4096 && narrow <= live)
        #expect(report["narrowShare"] as? Double == Double(narrow) / Double(live))
        let drawn = try #require(report["drawn"] as? [[String: Any]]).compactMap { $0["id"] as? Int }
        #expect(drawn.count == 3)
        let again = try Self.json(try Self.run(["index", "report", "--dict", dict, "--random", "3", "--seed", "7", "--json"]).out)
        #expect(try #require(again["drawn"] as? [[String: Any]]).compactMap { $0["id"] as? Int } == drawn)
        let text = try Self.run(["index", "report", "--dict", dict, "--random", "1"])
        #expect(text.out.contains("peak on at most 2 distinct tokens") && text.out.contains("\(narrow) of \(live) live features"))
        #expect(try Self.run(["index", "report", "--dict", Self.fixture("saelens_standard")]).status == 2)
    }

    /// A file of the shipped sample.
    static func sample(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleData").appendingPathComponent(name).path
    }

    @Test func featureAndSearchReadTheSampleIndex() throws {
        let dict = Self.sample("smollm2-res14-16k.safetensors")
        // The shipped preset's feature: the sample's clearest one, whatever its id after a rebuild.
        let preset = try Self.json(String(contentsOfFile: Self.sample("presets/food.json"), encoding: .utf8))
        let edit = try #require((preset["edits"] as? [String])?.first)
        let id = try #require(Int(edit.prefix { $0.isNumber }))
        let feature = try Self.run(["feature", "--dict", dict, String(id), "--json"])
        #expect(feature.status == 0, "\(feature.err)")
        let record = try Self.json(feature.out)
        let label = try #require(record["label"] as? String)
        let examples = try #require(record["topExamples"] as? [[String: Any]])
        #expect(examples.count == 20)
        #expect(examples.allSatisfy { ($0["tokens"] as? [String])?.count == ($0["activations"] as? [Double])?.count })
        // Searching a word of its label finds it.
        let word = try #require(label.split(separator: " ").first { $0.count > 2 && $0.allSatisfy(\.isLetter) })
        let search = try Self.run(["search", "--dict", dict, String(word), "--json"])
        #expect(search.status == 0)
        let results = try #require(try Self.json(search.out)["results"] as? [[String: Any]])
        #expect(results.contains { $0["feature"] as? Int == id }, "search '\(word)' misses \(id)")
        let text = try Self.run(["feature", "--dict", dict, String(id)])
        #expect(text.out.hasPrefix("feature \(id): \(label)"))
        #expect(try Self.run(["feature", "--dict", dict, "16384"]).status == 2)
        let info = try Self.json(try Self.run(["info", dict, "--json"]).out)
        #expect(try #require(info["dead_fraction"] as? Double) <= 0.05)
        #expect(info["d_sae"] as? Int == 16384)
        #expect(try Self.run(["feature", "--dict", Self.fixture("saelens_standard"), "1"]).status == 2)
    }

    @Test func starsListWhatWasStarredWithNamesNotesAndLabels() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-stars-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let environment = ["XDG_DATA_HOME": data], dict = Self.sample("smollm2-res14-4k.safetensors")
        let empty = try Self.run(["stars", "--dict", dict], environment: environment)
        #expect(empty.status == 0 && empty.out.hasPrefix("no starred features in smollm2-res14-4k.safetensors"))
        let written = try Self.run(["annotate", "--dict", dict], input: "7 star\n7 name Seven\n7 notes a note\n3 star\n9 name only named\n3 unstar\n12 star\n",
                                   environment: environment)
        #expect(written.status == 0, "\(written.err)")
        let listing = try Self.json(try Self.run(["stars", "--dict", dict, "--json"], environment: environment).out)
        let stars = try #require(listing["stars"] as? [[String: Any]])
        #expect(stars.map { $0["feature"] as? Int } == [7, 12])
        #expect(stars[0]["name"] as? String == "Seven" && stars[0]["notes"] as? String == "a note")
        #expect(listing["dictionary"] as? String == "smollm2-res14-4k.safetensors")
        let feature12 = try Self.json(try Self.run(["feature", "--dict", dict, "12", "--json"]).out)
        #expect(stars[1]["label"] as? String == feature12["label"] as? String)
        #expect(abs((stars[1]["max_activation"] as? Double ?? -1) - (feature12["maxActivation"] as? Double ?? -2)) < 1e-3)
        let text = try Self.run(["stars", "--dict", dict], environment: environment)
        #expect(text.out.contains("   7  Seven  (") && text.out.contains("\n      a note\n"))
        #expect(try Self.run(["stars", "--dict", Self.fixture("saelens_standard")], environment: environment).status == 2)
    }

    /// Names and notes (and so imported explanations and index labels) reach the terminal as text: an escape
    /// sequence in them is printed as its pictures by the tables that show them.
    @Test func namesWithControlCharactersArePrintedAsPictures() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-names-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let environment = ["XDG_DATA_HOME": data], dict = Self.sample("smollm2-res14-4k.safetensors")
        let plain = try Self.json(try Self.run(["neighbours", "--dict", dict, "7", "--json"]).out)
        let nearest = try #require((plain["neighbours"] as? [[String: Any]])?.first?["feature"] as? Int)
        let written = try Self.run(["annotate", "--dict", dict], input: "7 star\n7 name \u{1b}[2Jseven\n7 notes \u{1b}]0;title\u{07}\n\(nearest) name \u{1b}[31mnear\n",
                                   environment: environment)
        #expect(written.status == 0, "\(written.err)")
        let stars = try Self.run(["stars", "--dict", dict], environment: environment)
        let neighbours = try Self.run(["neighbours", "--dict", dict, "7"], environment: environment)
        for output in [stars.out, neighbours.out] { #expect(!output.contains("\u{1b}") && !output.contains("\u{07}"), "\(output)") }
        #expect(stars.out.contains("␛[2Jseven") && stars.out.contains("␛]0;title␇") && neighbours.out.contains("␛[31mnear"))
    }

    @Test func neuronpediaLabelsAreImportedShownAndSearched() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-labels-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let environment = ["XDG_DATA_HOME": data], dict = Self.sample("smollm2-res14-4k.safetensors")
        let explanations = Self.fixture("neuronpedia/explanations")
        let imported = try Self.run(["labels", "import", explanations, "--dict", dict], environment: environment)
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.out.hasPrefix("imported 5 explanations for smollm2-res14-4k.safetensors from smollm2-135m/14-res-4k"))
        #expect(imported.out.contains("1 more were left out"))
        let found = try Self.json(try Self.run(["search", "--dict", dict, "rivers", "--json"], environment: environment).out)
        #expect((found["results"] as? [[String: Any]])?.first?["feature"] as? Int == 100)
        let neighbours = try Self.json(try Self.run(["neighbours", "--dict", dict, "99", "--top", "4096", "--json"], environment: environment).out)
        let row = (neighbours["neighbours"] as? [[String: Any]])?.first { $0["feature"] as? Int == 100 }
        #expect(row?["label"] as? String == "mentions of rivers and water")
        // Another dictionary's explanations (features beyond its size) are refused; a damaged file is named.
        #expect(try Self.run(["labels", "import", explanations, "--dict", Self.fixture("saelens_standard")], environment: environment).status == 2)
        let bad = data + "/bad.jsonl.gz"
        try Data([0x1F, 0x8B, 8, 0] + Array(repeating: 0x41, count: 30)).write(to: URL(fileURLWithPath: bad))
        let refused = try Self.run(["labels", "import", bad, "--dict", dict], environment: environment)
        #expect(refused.status == 2 && refused.err.contains(bad))
    }

    @Test func exportWritesASAELensFolderAndTheIndexAsJSON() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-export-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let dict = Self.sample("smollm2-res14-4k.safetensors")
        let result = try Self.run(["export", "--dict", dict, "--format", "saelens", "--out", out])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("wrote \(out)/cfg.json, sae_weights.safetensors, sparsity.safetensors"))
        #expect(result.out.contains("wrote \(out)/features.json (4096 features"))
        let cfg = try Self.json(try String(contentsOfFile: out + "/cfg.json", encoding: .utf8))
        #expect(cfg["architecture"] as? String == "topk" && cfg["d_sae"] as? Int == 4096)
        #expect((cfg["metadata"] as? [String: Any])?["hook_name"] as? String == "blocks.14.hook_resid_post")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/features.json"))) as? [[String: Any]])
        #expect(records.count == 4096 && records.map { $0["id"] as? Int } == (0..<4096).map { $0 })
        let feature = try Self.json(try Self.run(["feature", "--dict", dict, "100", "--json"]).out)
        #expect(records[100]["label"] as? String == feature["label"] as? String)
        #expect((records[100]["topExamples"] as? [Any])?.count == (feature["topExamples"] as? [Any])?.count)
        // The export opens as a dictionary of its own, and writing over the dictionary read is refused.
        #expect(try Self.run(["info", out]).out.contains("SAELens"))
        let own = try Self.run(["export", "--dict", Self.fixture("saelens_standard"), "--format", "saelens", "--out", Self.fixture("saelens_standard")])
        #expect(own.status == 2 && own.err.contains("--out"))
        #expect(try Self.run(["export", "--dict", dict, "--format", "npz", "--out", out]).status == 2)
    }

    @Test(.enabled(if: ModelStore.isInstalled(ModelStore.defaultModel)))
    func contrastFindsWhatFiresOnOneTextAndNotTheOther() throws {
        let dict = Self.sample("smollm2-res14-16k.safetensors")
        let result = try Self.run(["contrast", "--dict", dict, "--text", "The Golden Gate Bridge is in San Francisco.",
                                   "--than", "The Eiffel Tower is in Paris.", "--top", "10", "--json"])
        #expect(result.status == 0, "\(result.err)")
        let rows = try #require(try Self.json(result.out)["features"] as? [[String: Any]])
        #expect(rows.count == 10)
        let scores = rows.compactMap { $0["score"] as? Double }
        #expect(scores == scores.sorted(by: >) && scores.allSatisfy { $0 > 0 })
        #expect(rows.allSatisfy { abs(($0["peak"] as? Double ?? 0) - ($0["peak_than"] as? Double ?? 0) - ($0["score"] as? Double ?? 9)) < 1e-5 })
        // The sample's California feature (the one the card names for "San Francisco") is among them, with its label.
        let californian = rows.first { ($0["label"] as? String)?.hasPrefix("California") == true }
        #expect(californian != nil, "\(rows.map { $0["label"] ?? "" })")
        // Swapped, those features are gone.
        let swapped = try Self.json(try Self.run(["contrast", "--dict", dict, "--text", "The Eiffel Tower is in Paris.",
                                                 "--than", "The Golden Gate Bridge is in San Francisco.", "--json"]).out)
        let ids = Set((swapped["features"] as? [[String: Any]] ?? []).compactMap { $0["feature"] as? Int })
        #expect(ids.isDisjoint(with: rows.compactMap { $0["feature"] as? Int }))
        #expect(try Self.run(["contrast", "--dict", dict, "--text", "a", "--than", ""]).status == 2)
        // By mean, the score is the mean over --text less the mean over --than, still highest first.
        let byMean = try Self.run(["contrast", "--dict", dict, "--text", "The Golden Gate Bridge is in San Francisco.",
                                   "--than", "The Eiffel Tower is in Paris.", "--by", "mean", "--json"])
        let meanRows = try #require(try Self.json(byMean.out)["features"] as? [[String: Any]])
        let meanScores = meanRows.compactMap { $0["score"] as? Double }
        #expect(!meanRows.isEmpty && meanScores == meanScores.sorted(by: >))
        #expect(meanRows.allSatisfy { abs(($0["mean"] as? Double ?? 0) - ($0["mean_than"] as? Double ?? 0) - ($0["score"] as? Double ?? 9)) < 1e-5 })
        let badMeasure = try Self.run(["contrast", "--dict", dict, "--text", "a", "--than", "b", "--by", "median"])
        #expect(badMeasure.status == 2 && badMeasure.err.contains("--by"))
    }

    /// eval keeps its figures in the user's data, where the explorer's overview finds them; the index it was given
    /// (a tracked file of the sample, here a copy) is left byte for byte, unless --record-in-index asks for it.
    @Test func evalKeepsItsFiguresInTheUsersDataAndLeavesTheIndexAlone() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-eval-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["XDG_DATA_HOME": directory + "/data"]
        let dict = directory + "/d.safetensors", index = directory + "/d.index.sqlite", text = directory + "/text.txt"
        try FileManager.default.copyItem(atPath: Self.sample("smollm2-res14-4k.safetensors"), toPath: dict)
        try FileManager.default.copyItem(atPath: Self.sample("smollm2-res14-4k.index.sqlite"), toPath: index)
        try String(repeating: "The river runs past the old mill, and the miller counts his sacks of flour by lamplight. ", count: 12)
            .write(toFile: text, atomically: true, encoding: .utf8)
        let shipped = try Data(contentsOf: URL(fileURLWithPath: index))
        let arguments = ["eval", "--dict", dict, "--text-file", text, "--tokens", "128", "--context", "64", "--json"]
        let result = try Self.run(arguments, environment: environment)
        #expect(result.status == 0, "\(result.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: index)) == shipped)
        let printed = try JSONDecoder().decode(SpliceEvaluation.self, from: Data(result.out.utf8))
        let store = try AnnotationStore(path: Paths.data("annotations.sqlite", environment: environment))
        let workbench = try Workbench.open(Workbench.Request(dictionary: dict), annotations: store)
        let kept = try #require(try workbench.lastEvaluation())
        #expect(kept.figures == printed && kept.text == "text.txt" && kept.date?.hasPrefix("20") == true)
        #expect(try OpenedDictionary(workbench).evaluation == kept)

        let recorded = try Self.run(arguments + ["--record-in-index"], environment: environment)
        #expect(recorded.status == 0 && recorded.err.contains("recorded these figures in \(index)"), "\(recorded.err)")
        let opened = try FeatureIndex(path: index)
        #expect(try opened.lastEvaluation() == JSONDecoder().decode(SpliceEvaluation.self, from: Data(recorded.out.utf8)))
        // The index still belongs to its dictionary and reads as before.
        #expect(try opened.mismatch(with: try DictionaryLoader.load(dict)) == nil)
        #expect(try Self.run(["feature", "--dict", dict, "3"]).status == 0)
    }

    @Test func anotherDictionarysIndexIsRefusedUnlessForced() throws {
        let big = Self.sample("smollm2-res14-16k"), small = Self.sample("smollm2-res14-4k")
        let wrong = try Self.run(["feature", "--dict", big + ".safetensors", "5", "--index", small + ".index.sqlite"])
        #expect(wrong.status == 2 && wrong.err.contains(small + ".index.sqlite") && wrong.err.contains("another dictionary"))
        let larger = try Self.run(["neighbours", "--dict", small + ".safetensors", "5", "--index", big + ".index.sqlite"])
        #expect(larger.status == 2 && larger.err.contains("holds feature 16383"))
        let forced = try Self.run(["feature", "--dict", big + ".safetensors", "5", "--index", small + ".index.sqlite", "--force-index"])
        #expect(forced.status == 0 && forced.err.contains("warning") && forced.out.hasPrefix("feature 5: "))
    }

    @Test func neighboursAreLabelledFromTheIndexOfTheirOwnDictionary() throws {
        let dict = Self.sample("smollm2-res14-16k.safetensors"), other = Self.sample("smollm2-res14-4k.safetensors")
        func labels(_ arguments: [String]) throws -> [(feature: Int, label: String?)] {
            let result = try Self.run(["neighbours", "12221", "--top", "3", "--json"] + arguments)
            #expect(result.status == 0, "\(result.err)")
            return try #require(try Self.json(result.out)["neighbours"] as? [[String: Any]]).map {
                (feature: $0["feature"] as? Int ?? -1, label: $0["label"] as? String)
            }
        }
        func indexLabel(of feature: Int, in dictionary: String) throws -> String? {
            try Self.json(try Self.run(["feature", "--dict", dictionary, String(feature), "--json"]).out)["label"] as? String
        }
        for neighbour in try labels(["--dict", dict]) { #expect(try neighbour.label == indexLabel(of: neighbour.feature, in: dict)) }
        for neighbour in try labels(["--dict", dict, "--against", other]) {
            #expect(try neighbour.label == indexLabel(of: neighbour.feature, in: other))
        }
        let text = try Self.run(["neighbours", "--dict", dict, "12221", "--top", "1"]).out
        let first = try #require(try labels(["--dict", dict]).first)
        #expect(text.hasSuffix("  \(first.label ?? "")\n"))
        let missing = try Self.run(["neighbours", "--dict", dict, "12221", "--index", "/nonexistent/index.sqlite"])
        #expect(missing.status == 2 && missing.err.contains("/nonexistent/index.sqlite"))
    }

    @Test func helpOnEveryCommand() throws {
        for command in [[], ["info"], ["encode"], ["neighbours"], ["train"], ["steer"], ["eval"], ["attribute"], ["index", "build"], ["index", "report"], ["feature"], ["search"], ["bench"], ["bench", "dictionary"], ["bench", "index"]] {
            let result = try Self.run(command + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.out.contains("USAGE"), "\(command)")
        }
    }
}

/// Set by the watchdog of `CLITests.run` when it kills a run that took too long.
private final class KillFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
