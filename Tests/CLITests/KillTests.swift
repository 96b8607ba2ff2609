import Foundation
import SAEKit
import Testing

/// The user's annotations survive `kill -9`: a process writing names, notes, stars and presets (`saescope annotate`)
/// is killed at random moments, and after each kill the store holds exactly the state after some whole number of the
/// lines sent, no fewer than were acknowledged, and every preset file is whole.
@Suite struct KillTests {
    /// Kills to make (SAESCOPE_KILL_ROUNDS overrides, for a quicker local run).
    static let rounds = Int(ProcessInfo.processInfo.environment["SAESCOPE_KILL_ROUNDS"] ?? "") ?? 1000

    /// One line of `saescope annotate` and what it does to an annotation.
    struct Line {
        var feature: Int
        var text: String
        var apply: (inout Annotation) -> Void
    }

    /// A random line for one of `featureCount` features, its texts unique to `tag`.
    static func randomLine(featureCount: Int, tag: String, using generator: inout SeededGenerator) -> Line {
        let feature = Int.random(in: 0..<featureCount, using: &generator)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return Line(feature: feature, text: "\(feature) name n-\(tag)") { $0.name = "n-\(tag)" }
        case 1: return Line(feature: feature, text: "\(feature) notes notes of \(tag)") { $0.notes = "notes of \(tag)" }
        case 2: return Line(feature: feature, text: "\(feature) star") { $0.starred = true }
        default: return Line(feature: feature, text: "\(feature) unstar") { $0.starred = false }
        }
    }

    /// The store after `lines` applied in turn to `state` (empty annotations are removed, as the store removes them).
    static func applying(_ lines: ArraySlice<Line>, to state: [Int: Annotation]) -> [Int: Annotation] {
        var result = state
        for line in lines {
            var note = result[line.feature] ?? Annotation()
            line.apply(&note)
            result[line.feature] = note == Annotation() ? nil : note
        }
        return result
    }

    @Test func acknowledgedAnnotationsSurviveKillNine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-kill-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A small dictionary with an (empty) index that names it, so that each process starts in milliseconds.
        let dict = CLITests.fixture("saelens_standard")
        let dictionary = try DictionaryLoader.load(dict)
        let identity = DictionaryIdentity.of(dictionary)
        let index = directory + "/index.sqlite"
        try FeatureIndexWriter.write([], metadata: ["dictionary_id": identity], to: index)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = directory + "/data"
        let presets = directory + "/data/saescope/presets"

        var generator = SeededGenerator(seed: 42)
        var state: [Int: Annotation] = [:]
        var acknowledgedPresets: Set<String> = []
        var killedMidway = 0, partial = 0, acknowledgedLines = 0
        for round in 0..<Self.rounds {
            let lines = (0..<30).map { Self.randomLine(featureCount: dictionary.featureCount, tag: "\(round).\($0)", using: &generator) }
            let preset = "p\(round)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLITests.binary)
            process.arguments = ["annotate", "--dict", dict, "--index", index]
            process.environment = environment
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let text = lines.prefix(15).map(\.text) + ["preset \(preset) 3=clamp:2x 5=ablate"] + lines.dropFirst(15).map(\.text)
            input.fileHandleForWriting.write(Data((text.joined(separator: "\n") + "\n").utf8))
            try input.fileHandleForWriting.close()
            // The kill comes at a random moment after the first line is acknowledged (a line takes about a millisecond),
            // or at once in one round of eight, to catch it before it writes anything.
            var received = Data()
            if Int.random(in: 0..<8, using: &generator) > 0 { received = output.fileHandleForReading.availableData }
            usleep(UInt32.random(in: 0..<12_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            received += output.fileHandleForReading.readDataToEndOfFile()
            let answers = String(decoding: received, as: UTF8.self).split(separator: "\n")
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidway += 1 }

            // Each answer acknowledges one line, in order; the preset's line is the sixteenth.
            let acknowledged = answers.filter { $0.hasPrefix("saved") }.count
            acknowledgedLines += acknowledged
            if acknowledged > 0 && acknowledged <= lines.count { partial += 1 }
            let annotationLines = acknowledged > 15 ? acknowledged - 1 : acknowledged
            if acknowledged > 15 { acknowledgedPresets.insert(preset + ".json") }
            let stored = try AnnotationStore(path: directory + "/data/saescope/annotations.sqlite").all(dictionary: identity)
            let candidates = (annotationLines...lines.count).map { Self.applying(lines.prefix($0), to: state) }
            #expect(candidates.contains(stored), "round \(round): the store is not the state after any whole number of lines from \(annotationLines) on")
            state = stored
            for name in acknowledgedPresets { #expect(FileManager.default.fileExists(atPath: presets + "/" + name), "\(name) lost") }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: presets)) ?? [] where name.hasSuffix(".json") {
                #expect(throws: Never.self, "\(name) is not whole") { try SteeringPreset.load(presets + "/" + name) }
            }
        }
        // Most kills should land while lines are being written, or the test shows nothing.
        print("kill -9: \(Self.rounds) rounds, \(killedMidway) killed, \(partial) after some lines and before all, \(acknowledgedLines) lines acknowledged")
        #expect(killedMidway > Self.rounds / 2, "only \(killedMidway) of \(Self.rounds) kills came before the process finished")
        #expect(partial > Self.rounds / 4, "only \(partial) of \(Self.rounds) kills came between two lines")
    }
}
