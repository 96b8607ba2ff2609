import Foundation

/// Where saescope keeps downloads and user data, following the XDG base directory conventions.
public enum Paths {
    /// `$XDG_CACHE_HOME/saescope/<name>` (default `~/.cache/saescope/<name>`): models, corpora, activations.
    public static func cache(_ name: String) -> String {
        base("XDG_CACHE_HOME", fallback: ".cache") + "/saescope/" + name
    }

    /// `$XDG_DATA_HOME/saescope/<name>` (default `~/.local/share/saescope/<name>`): the user's annotations.
    public static func data(_ name: String) -> String {
        base("XDG_DATA_HOME", fallback: ".local/share") + "/saescope/" + name
    }

    private static func base(_ variable: String, fallback: String) -> String {
        if let value = ProcessInfo.processInfo.environment[variable], value.hasPrefix("/") { return value }
        return NSHomeDirectory() + "/" + fallback
    }
}
