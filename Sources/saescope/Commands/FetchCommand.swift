import ArgumentParser
import Foundation
import SAEKit

/// `saescope fetch hf://…`: downloads a model or a dictionary into the Hugging Face cache without opening it, and
/// prints where it is.
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download a model (hf://ORG/NAME[@REVISION]) or a dictionary (hf://ORG/REPO[@REVISION]/PATH, saelens:RELEASE/SAE_ID) into the Hugging Face cache.",
        discussion: """
        Only the files needed are fetched: a model's config, safetensors weights and tokenizer files; a dictionary's \
        folder or file. The cache is huggingface_hub's (HF_HUB_CACHE, HF_HOME, or ~/.cache/huggingface/hub), shared \
        with Python tools both ways. HF_ENDPOINT, HF_TOKEN (gated repositories) and HF_HUB_OFFLINE are read as \
        huggingface_hub reads them. An interrupted download resumes on the next run.
        """)

    @Argument(help: "An hf:// or saelens: name.") var name: String

    func run() throws {
        if SAELensRegistry.isName(name) { return print(try HubNames.localPath(name, isModel: false, option: "NAME")) }
        guard let parsed = try HubName.parse(name, argument: "NAME") else {
            throw InputError("NAME", "'\(name)' is not an hf:// or saelens: name (hf://ORG/NAME[@REVISION][/PATH], saelens:RELEASE/SAE_ID)")
        }
        print(try HubNames.localPath(name, isModel: parsed.path == nil, option: "NAME"))
    }
}
