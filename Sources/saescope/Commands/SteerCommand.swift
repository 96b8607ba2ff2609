import ArgumentParser
import Foundation
import SAEKit
import TermKit

/// `saescope steer`: generation with features clamped, scaled, ablated or added, next to the unsteered model.
struct SteerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steer",
        abstract: "Generate with feature edits applied at the dictionary's hook point.",
        discussion: "Edits: ID=clamp:V, ID=clamp:Nx (N × the feature's max), ID=scale:F, ID=ablate, ID=add:C (additive mode).")

    @OptionGroup var options: WorkbenchOptions
    @Option(help: "The prompt.") var prompt: String
    @Flag(help: "Wrap the prompt as a user turn in the model's chat template.") var chat = false
    @Option(help: "A feature edit; repeat for several.") var edit: [String] = []
    @Option(help: "splice (through the dictionary, error term kept) or additive (x + c·W_dec[i]).") var mode = SteeringMode.splice
    @Option(help: "Positions edited: all, prompt, generated, or A:B.") var span = EditSpan.all
    @Flag(help: "Also generate without edits, from the same seed.") var compare = false
    @Option(help: "One continuation per strength: ID=V1,V2,Nx,… (clamp values; Nx = N × max).") var sweep: String?
    @Option(help: "Load edits, mode and span from a preset file.") var preset: String?
    @Option(help: "Save the edits, mode and span to a preset file.") var savePreset: String?
    @Option(help: "Most tokens to generate.") var maxTokens = 128
    @Option(help: "Sampling temperature (0 = greedy).") var temperature: Float = 0
    @Option(help: "Sample only among the k most likely tokens (0 = all).") var topK = 0
    @Option(help: "Sample only among the most likely tokens whose probability reaches p.") var topP: Float = 1
    @Option(help: "Random seed; the same seed repeats a run.") var seed: UInt64 = 0
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var arithmeticOption: ArithmeticOption

    /// One continuation in the JSON output (no edits: the unsteered model).
    struct Run: Encodable {
        var edits: [String]
        /// Each edited feature's label (null where it has none).
        var labels: [String?]
        var text: String
    }

    /// The JSON document.
    struct Output: Encodable {
        var prompt: String
        var mode: String
        var seed: UInt64
        /// How the continuations were decoded: "8-bit activations" or "float activations".
        var arithmetic: String
        var runs: [Run]
    }

    func run() throws {
        var edits = try edit.map { try FeatureEdit(parsing: $0, span: span) }
        var mode = self.mode
        let loadedPreset = try preset.map { try SteeringPreset.load($0) }
        if let loadedPreset {
            edits += loadedPreset.edits
            mode = loadedPreset.mode
        }
        // A preset checks that additive mode has only additive edits.
        let steering = try SteeringPreset(mode: mode, edits: edits, span: span)
        if let savePreset { try steering.save(to: savePreset) }
        let sweepRuns = try sweep.map { try Self.parseSweep($0, span: span) } ?? []
        guard !edits.isEmpty || !sweepRuns.isEmpty || compare else {
            throw InputError("--edit", "give at least one edit (or --sweep, or --preset)")
        }
        let sampler = try Sampler(temperature: temperature, topK: topK, topP: topP, seed: seed)
        // The model is needed only once the edits are known to fit the dictionary (`steering` asks for it).
        let workbench = try options.open(model: .ifAvailable)
        let dictionary = workbench.dictionary
        // A preset saved on another dictionary is named as the bad input, not --edit.
        if let preset, let outside = loadedPreset?.edits.first(where: { !(0..<dictionary.featureCount).contains($0.feature) }) {
            throw InputError(preset, "edits feature \(outside.feature), which \(options.dict) does not have (ids run from 0 to \(dictionary.featureCount - 1))")
        }
        let labels = try workbench.labels()
        var sides: [SteeringRun.Side] = edits.isEmpty ? [] : [.steered(edits)]
        sides += sweepRuns.map { .steered([$0]) }
        if compare { sides.append(.unsteered) }
        let run = try workbench.steering(prompt: prompt, chat: chat, sides: sides, maxTokens: maxTokens, sampler: sampler,
                                       arithmetic: arithmeticOption.arithmetic)
        // One side streams as it comes; several are printed one after another once all are done.
        let streaming = !json && sides.count == 1
        let texts = try run.run { _, piece in
            if streaming { FileHandle.standardOutput.write(Data(piece.utf8)) }
            return true
        }
        if streaming { return print() }
        let runs = zip(sides, texts).map { side, text in
            Run(edits: side.edits.map(\.text), labels: side.edits.map { labels.label(of: $0.feature) }, text: text)
        }
        if json { return try JSONOutput.print(Output(prompt: prompt, mode: mode.rawValue, seed: seed,
                                                                 arithmetic: arithmeticOption.arithmetic.description, runs: runs)) }
        for run in runs {
            let edits = zip(run.edits, run.labels).map { edit, label in label.map { "\(edit) (\($0))" } ?? edit }
            print(DisplayWidth.visibleText("── \(edits.isEmpty ? "unsteered" : edits.joined(separator: " ")) ──"))
            print(run.text)
        }
    }

    /// `ID=V1,V2,Nx` → one clamp edit per value, over `span`.
    static func parseSweep(_ text: String, span: EditSpan) throws -> [FeatureEdit] {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, Int(parts[0]) != nil else { throw InputError("--sweep", "'\(text)' is not ID=V1,V2,…") }
        return try parts[1].split(separator: ",").map { try FeatureEdit(parsing: "\(parts[0])=clamp:\($0)", span: span) }
    }
}

