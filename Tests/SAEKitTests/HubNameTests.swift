import Foundation
import Testing
import SAEKit

/// `hf://` and `saelens:` names as users write them, resolved without the network: the name's parts, SAELens's
/// registry (kept as data from the `sae-lens` package), the model a dictionary's config names, and the cache's paths.
@Suite struct HubNameTests {
    @Test func parsesHubNames() throws {
        #expect(try HubName.parse("hf://google/gemma-3-270m", argument: "--model") == HubName(repository: "google/gemma-3-270m"))
        let folder = try #require(try HubName.parse("hf://google/gemma-scope-2-270m-pt@v1.0/resid_post/layer_12_width_16k_l0_medium", argument: "--dict"))
        #expect(folder.repository == "google/gemma-scope-2-270m-pt" && folder.revision == "v1.0")
        #expect(folder.path == "resid_post/layer_12_width_16k_l0_medium")
        #expect(folder.description == "hf://google/gemma-scope-2-270m-pt@v1.0/resid_post/layer_12_width_16k_l0_medium")
        #expect(try HubName.parse("SampleData/x.safetensors", argument: "--dict") == nil)
        for bad in ["hf://gpt2", "hf:///x", "hf://a/b/../c", "hf://a b/c"] {
            #expect(throws: InputError.self, "\(bad)") { try HubName.parse(bad, argument: "--dict") }
        }
    }

    /// A model opened from the Hub's cache is named by its repository, not by its snapshot's commit.
    @Test func namesASnapshotByItsRepository() {
        let commit = String(repeating: "a", count: 40)
        #expect(HubCache.repository(ofSnapshot: "/c/hub/models--google--gemma-3-270m/snapshots/\(commit)") == "google/gemma-3-270m")
        #expect(HubCache.repository(ofSnapshot: "/c/hub/models--gpt2/snapshots/\(commit)/") == "gpt2")
        #expect(HubCache.repository(ofSnapshot: "/c/hub/models--gpt2/snapshots/main") == nil)
        #expect(HubCache.repository(ofSnapshot: "/models/SmolLM2-135M-Instruct.Q4_1.gguf") == nil)
    }

    @Test func resolvesSAELensReleases() throws {
        let gpt2 = try SAELensRegistry.entry("saelens:gpt2-small-res-jb/blocks.8.hook_resid_pre", argument: "--dict")
        #expect(gpt2.location.description == "hf://jbloom/GPT2-Small-SAEs-Reformatted/blocks.8.hook_resid_pre")
        #expect(gpt2.model == "gpt2-small" && gpt2.conversion == nil && gpt2.neuronpedia == "gpt2-small/8-res-jb")
        let gemma = try SAELensRegistry.entry("saelens:gemma-scope-2-270m-pt-res/layer_12_width_16k_l0_medium", argument: "--dict")
        #expect(gemma.location.description == "hf://google/gemma-scope-2-270m-pt/resid_post/layer_12_width_16k_l0_medium")
        #expect(gemma.model == "google/gemma-3-270m" && gemma.conversion == "gemma_3")
        let pythia = try SAELensRegistry.entry("saelens:pythia-70m-deduped-res-sm/blocks.1.hook_resid_post", argument: "--dict")
        #expect(pythia.location.description == "hf://ctigges/pythia-70m-deduped__res-sm_processed/1-res-sm")
        let direct = try SAELensRegistry.entry("saelens:someone/their-saes/blocks.3.hook_resid_post", argument: "--dict")
        #expect(direct.location.description == "hf://someone/their-saes/blocks.3.hook_resid_post")
        // The overrides SAELens applies to each cfg.json of a release, kept with the registry.
        let keywords = SAELensRegistry.configOverrides("saelens:gpt2-small-res-jb/blocks.8.hook_resid_pre")["model_from_pretrained_kwargs"]
        #expect((keywords as? [String: Any])?["center_writing_weights"] as? Bool == true)
        #expect(SAELensRegistry.configOverrides("saelens:mistral-7b-res-wg/x")["normalize_activations"] as? String == "constant_norm_rescale")
        #expect(SAELensRegistry.configOverrides("saelens:gemma-scope-2-270m-pt-res/layer_12_width_16k_l0_medium").isEmpty)

        func message(_ name: String) -> String {
            do { _ = try SAELensRegistry.entry(name, argument: "--dict") } catch let error as InputError { return error.message } catch {}
            return ""
        }
        #expect(message("saelens:gpt2-small-res-jb2/blocks.8.hook_resid_pre").contains("nearest: gpt2-small-res-jb"))
        #expect(message("saelens:gpt2-small-res-jb/blocks.8.hook_resid_pro").contains("nearest: blocks.8.hook_resid_pre"))
        #expect(message("saelens:llama_scope_lxr_8x/l0r_8x").contains("'llama_scope' conversion"))
        #expect(message("saelens:gpt2-small-res-jb").contains("RELEASE/SAE_ID"))
    }

    /// The model a dictionary names: a model saescope fetches as a GGUF first, else that model on the Hub.
    @Test func choosesTheModelADictionaryNames() {
        #expect(ModelChoice.for(dIn: 768, modelName: "gpt2-small") == .hub(HubName(repository: "openai-community/gpt2")))
        #expect(ModelChoice.for(dIn: 512, modelName: "EleutherAI/pythia-70m-deduped") == .hub(HubName(repository: "EleutherAI/pythia-70m-deduped")))
        #expect(ModelChoice.for(dIn: 640, modelName: "google/gemma-3-270m", installed: { _ in true }) == .file(ModelStore.path(of: .gemma3_270m)))
        if case .hub = ModelChoice.for(dIn: 32, modelName: "tiny-llama3") { Issue.record("a name that is neither an id nor known chose the Hub") }
    }

    /// The cache's root as huggingface_hub resolves it, and an index for a Hub dictionary kept out of it.
    @Test func findsTheCacheAndKeepsIndexesOutOfIt() {
        #expect(HubCache(environment: ["HF_HUB_CACHE": "/a", "HF_HOME": "/b"]).root == "/a")
        #expect(HubCache(environment: ["HF_HOME": "/b", "XDG_CACHE_HOME": "/c"]).root == "/b/hub")
        #expect(HubCache(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]).root == "/c/huggingface/hub")
        #expect(HubCache(environment: ["HOME": "/h"]).root == "/h/.cache/huggingface/hub")
        #expect(HubCache(root: "/r").repositoryFolder("google/gemma-3-270m") == "/r/models--google--gemma-3-270m")
        let index = FeatureIndex.defaultPath(forDictionary: "saelens:gpt2-small-res-jb/blocks.8.hook_resid_pre")
        #expect(index == Paths.cache("indexes") + "/jbloom--GPT2-Small-SAEs-Reformatted/main/blocks.8.hook_resid_pre.index.sqlite")
    }
}
