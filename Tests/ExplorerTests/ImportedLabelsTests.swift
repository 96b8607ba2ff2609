import Explorer
import Foundation
import SAEKit
import TermKit
import Testing

/// Explanations imported from Neuronpedia (`saescope labels import`): loaded with the dictionary, shown in the lists
/// and beside the label in the feature pane with their source, and searched.
@Suite struct ImportedLabelsTests {
    @Test func importedExplanationsAreShownWithTheirSourceAndSearched() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-imported-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try AnnotationStore(path: path)
        let explanation = ImportedLabel(text: "Cyrillic letters, mostly in Russian words", source: "Neuronpedia · gpt-4o-mini")
        try store.importLabels([7: explanation], dictionary: "dictionary-id")
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 200, seed: 7)
        var opened = OpenedDictionary(dictionary, name: "synthetic")
        opened.identity = "dictionary-id"
        let app = try ExplorerApp(opened, annotations: store, theme: Theme(), effects: .inline)
        #expect(app.state.shared.dictionary.importedLabels == [7: explanation])
        let device = ScriptedDevice(width: 120, height: 34, keys: [.char("/"), .paste("russian"), .enter, .char("2"), nil])
        app.run(on: device)
        #expect(app.state.features.matches == [7])
        let frame = try #require(device.frames.last).text
        #expect(frame.contains("Cyrillic letters, mostly in Russian words") && frame.contains("– Neuronpedia · gpt-4o-mini"))
        #expect(frame.contains("Features 1/200"))
    }
}
