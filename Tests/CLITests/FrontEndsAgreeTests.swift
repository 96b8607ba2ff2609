import Explorer
import Foundation
import SAEKit
import TermKit
import Testing

/// The command line and the explorer are two front ends of one `Workbench`: asked the same question, they give the
/// same answer. Runs where the default model is fetched (`saescope model fetch`; scripts/test fetches it).
@Suite(.enabled(if: ModelStore.isInstalled(ModelStore.defaultModel)))
struct FrontEndsAgreeTests {
    @Test func searchLabelsAndLongTextsAgree() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-agree-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let environment = ["XDG_DATA_HOME": data], dict = CLITests.sample("smollm2-res14-4k.safetensors")
        let imported = try CLITests.run(["labels", "import", CLITests.fixture("neuronpedia/explanations"), "--dict", dict], environment: environment)
        #expect(imported.status == 0, "\(imported.err)")
        let store = try AnnotationStore(path: Paths.data("annotations.sqlite", environment: environment))
        let workbench = try Workbench.open(Workbench.Request(dictionary: dict, modelNeed: .required), annotations: store)
        let app = try ExplorerApp(try OpenedDictionary(workbench), annotations: store, theme: Theme(), effects: .inline)

        // Search by a word of an imported explanation and by one of the index's labels: the same features, in order.
        for query in ["rivers", "the"] {
            let printed = try CLITests.json(try CLITests.run(["search", "--dict", dict, query, "--limit", "5000", "--json"], environment: environment).out)
            let cli = try #require(printed["results"] as? [[String: Any]]).compactMap { $0["feature"] as? Int }
            app.send(.features(.searchCancelled))
            app.send(.features(.searchStarted))
            for c in query { app.send(.features(.searchKeyTyped(.char(c)))) }
            #expect(!cli.isEmpty && app.state.features.matches == cli, "search '\(query)'")
        }

        // A feature's label: the imported explanation, in `feature`, `search` and the explorer's detail pane alike.
        let feature = try CLITests.json(try CLITests.run(["feature", "--dict", dict, "100", "--json"], environment: environment).out)
        #expect(feature["label"] as? String == "mentions of rivers and water")
        #expect(app.state.shared.dictionary.imported(100)?.text == "mentions of rivers and water")
        #expect(try workbench.labels().label(of: 100) == "mentions of rivers and water")

        // A text longer than the model's context (the committed one-block model's 64 tokens, with a dictionary at its
        // one block): both cut it at the context and encode the same tokens.
        let tiny = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/seeds/gguf/tiny-llama.gguf").path
        let model = try LanguageModel(path: tiny)
        let small = data + "/tiny.safetensors"
        try NativeDictionaryFormat.write(SyntheticDictionary.make(architecture: .jumprelu, dIn: model.config.modelDim, dSAE: 32, seed: 3,
                                                                  hook: "blocks.0.hook_resid_post"), to: small)
        let tinyBench = try Workbench.open(Workbench.Request(dictionary: small, model: tiny, modelNeed: .required), annotations: store)
        let context = model.config.contextLength
        let long = String(repeating: "the cat is on the mat. ", count: 20)
        let encoded = try CLITests.run(["encode", "--dict", small, "--model", tiny, "--text", long, "--top", "1", "--json"], environment: environment)
        #expect(encoded.status == 0 && encoded.err.contains("only those are encoded"), "\(encoded.err)")
        let rows = try #require(try CLITests.json(encoded.out)["rows"] as? [[[String: Any]]])
        let explorer = try #require(try OpenedDictionary(tinyBench).activations).activations(of: long)
        #expect(rows.count == context && explorer.tokens.count == context && explorer.fullLength != nil)
        let tops = explorer.encoded(through: tinyBench.dictionary).map { $0.features.first?.feature }
        #expect(rows.map { $0.first?["feature"] as? Int } == tops)
    }
}
