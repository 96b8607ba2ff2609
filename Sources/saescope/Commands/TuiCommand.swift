import ArgumentParser
import Explorer
import Foundation
import Glibc
import SAEKit
import TermKit
import TermNcurses

/// `saescope tui --dict PATH`: the terminal explorer over one dictionary.
struct TuiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Browse a dictionary's features and their neighbours in the terminal (q quits, ? shows the keys).",
        discussion: "Settings (theme = NAME or PATH, colors = truecolor|256|16|8|mono) may be kept in "
            + "$XDG_CONFIG_HOME/saescope/config (default ~/.config/saescope/config); options override them.")

    /// The sample dictionaries opened when no --dict is given (paths relative to the repository, where scripts/run starts),
    /// and the text the sample opens on.
    static let sample = (main: "SampleData/smollm2-res14-16k.safetensors", other: "SampleData/smollm2-res14-4k.safetensors",
                         opening: "SampleData/opening.txt")

    @Option(help: "The dictionary (folder, .npz or .safetensors); default: the sample's 16k dictionary, with --against its 4k one.")
    var dict: String?

    @Option(help: "A second dictionary of the same d_in (another size): its nearest features are shown beside each feature's.")
    var against: String?

    @Option(help: "The dictionary's feature index (default: next to the dictionary, when it is there).")
    var index: String?

    @Flag(help: "Use the feature index even when it was built for another dictionary (a warning on the status line).")
    var forceIndex = false

    @Option(help: "A fetched model's name or a GGUF file for the heatmap, steering and attribution (default: the model the dictionary was trained on, by its name and width, when it is fetched).")
    var model: String?

    @Option(help: "A theme file, or the name of one in ./Themes or $SAESCOPE_THEMES (dark, light, high-contrast, colorblind).")
    var theme: String?

    @Option(help: "Colours to draw with instead of the detected ones: truecolor, 256, 16, 8 or mono.")
    var colors: ColorDepth?

    @Option(help: "A steering preset to start with (its edits wait in the steering pane; 5 shows them).")
    var preset: String?

    @Option(help: "Open on the heatmap with this text, the features listed by how they fire throughout it (as Ctrl-G does; needs the model). Default with the sample: SampleData/opening.txt.")
    var text: String?

    /// Loads the theme and the dictionary, then runs the explorer until the user quits.
    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw ValidationError("tui needs a terminal on stdin and stdout")
        }
        let settings: ExplorerSettings
        let chosen: Theme
        do {
            settings = try SettingsLocator.load()
            chosen = try (theme ?? settings.theme).map(ThemeLocator.load) ?? Theme(name: "dark")
        } catch let error as ConfigFileError {
            throw InputError(error.line > 0 ? "\(error.file):\(error.line)" : error.file, error.message)
        }
        let depth = colors ?? settings.colors
        let dict = self.dict ?? Self.sample.main
        guard self.dict != nil || FileManager.default.fileExists(atPath: dict) else {
            throw InputError(dict, "the sample dictionary is not here; run saescope from the repository (scripts/run) or give --dict PATH")
        }
        let against = self.against ?? (self.dict == nil ? Self.sample.other : nil)
        // The explorer writes names, notes and stars: a data folder it cannot open is an error here, not lost work later.
        let workbench = try Workbench.open(Workbench.Request(dictionary: dict, index: index, forceIndex: forceIndex, model: model,
                                                             modelNeed: .ifAvailable), annotations: AnnotationStore())
        // The other size's index, when it has one beside it, labels its features in the neighbours pane.
        let second = try against.map { try workbench.opening(other: $0, forceIndex: forceIndex) }
        let warnings = workbench.warnings + (second?.warnings ?? [])
        let lead = try OpenedDictionary(workbench), other = try second.map(OpenedDictionary.init)
        let app = try ExplorerApp(lead, other: other, presets: PresetShelf.standard(dictionaryPath: dict),
                                  annotations: workbench.annotations, theme: chosen)
        if !warnings.isEmpty { app.send(.warningShown(warnings.joined(separator: "; "))) }
        if let preset {
            app.send(.steering(.presetLoaded(name: URL(fileURLWithPath: preset).lastPathComponent, try SteeringPreset.load(preset))))
        }
        if let opening = openingText() {
            app.send(.paneFocused(.heatmap))
            app.send(.heatmap(.keyTyped(.paste(opening))))
            app.send(.heatmap(.textSearchRequested(by: .mean)))
        }
        let terminal = Terminal()
        app.run(on: terminal, depth: depth)
        app.finishWrites()
        terminal.stop()
        // exit(3) would first wait for OpenBLAS's threads, which an encoding or a generation still running can keep
        // busy for a minute; everything worth keeping is written by now, so the process ends at once.
        fflush(nil)
        _exit(0)
    }

    func validate() throws {
        if let text, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--text is empty") }
    }

    /// The text to open on: --text, else with the sample its opening text (when it is there).
    private func openingText() -> String? {
        if let text { return text }
        guard dict == nil, let opening = try? String(contentsOfFile: Self.sample.opening, encoding: .utf8) else { return nil }
        let trimmed = opening.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// Reads the settings file, if there is one.
enum SettingsLocator {
    /// `$XDG_CONFIG_HOME/saescope/config`, or `~/.config/saescope/config`.
    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/saescope/config"
    }

    /// The settings in the file, or none when it does not exist.
    static func load() throws -> ExplorerSettings {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return ExplorerSettings() }
        return try ExplorerSettings.parse(text, file: path)
    }
}

/// Finds a theme by path or by name.
enum ThemeLocator {
    /// The theme at `nameOrPath`: a file path, or a name looked up as `NAME.theme` in $SAESCOPE_THEMES and ./Themes.
    static func load(_ nameOrPath: String) throws -> Theme {
        if FileManager.default.fileExists(atPath: nameOrPath) {
            return try Theme.load(contentsOf: URL(fileURLWithPath: nameOrPath))
        }
        let folders = [ProcessInfo.processInfo.environment["SAESCOPE_THEMES"], "Themes"].compactMap { $0 }
        for folder in folders {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(nameOrPath + ".theme")
            if FileManager.default.fileExists(atPath: url.path) { return try Theme.load(contentsOf: url) }
        }
        throw ValidationError("no theme '\(nameOrPath)': give a .theme file, or a name in \(folders.joined(separator: " or "))")
    }
}

extension ColorDepth: ExpressibleByArgument {
    /// truecolor, 256, 16, 8 or mono.
    public init?(argument: String) {
        guard let depth = ExplorerSettings.depth(named: argument) else { return nil }
        self = depth
    }

    public static var allValueStrings: [String] { ["truecolor", "256", "16", "8", "mono"] }
}
