import ArgumentParser
import Foundation
import SAEKit

/// Runs the command line, mapping failures onto the documented exit statuses:
/// 0 success, 2 bad arguments or bad input files (one line on stderr), 1 anything else.
func runCommandLine() -> Never {
    do {
        var command = try Saescope.parseAsRoot()
        try command.run()
        exit(0)
    } catch let error as InputError {
        FileHandle.standardError.write(Data("saescope: \(error)\n".utf8))
        exit(2)
    } catch {
        let code = Saescope.exitCode(for: error)
        if code == .success { Saescope.exit(withError: error) }
        if code == .validationFailure || error is ValidationError {
            FileHandle.standardError.write(Data("saescope: \(Saescope.message(for: error))\n".utf8))
            exit(2)
        }
        FileHandle.standardError.write(Data("saescope: \(Saescope.message(for: error))\n".utf8))
        exit(code == .failure ? 1 : code.rawValue)
    }
}

runCommandLine()
