import ArgumentParser
import CPUFeatures
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

#if SAESCOPE_X86_64_V3
// Built by the scripts for this machine's CPU (scripts/build-flags): refuse, with the reason, on one without AVX2.
if saescope_cpu_lacks_x86_64_v3() != 0 {
    FileHandle.standardError.write(Data("saescope: this build is for CPUs with AVX2, FMA and F16C (x86-64-v3), which this one lacks; rebuild it on this machine (scripts/run, or swift build -c release)\n".utf8))
    exit(2)
}
#endif
runCommandLine()
