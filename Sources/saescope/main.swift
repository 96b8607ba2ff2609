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
    } catch let code as ExitCode {
        exit(code.rawValue)   // the command has already said why it stopped
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

// OpenBLAS reads two settings only when it loads, so the process starts itself again, once, when it needs either
// (a variable the user set is left as it is):
// - it picks its kernels by the CPU's model name, and on one it does not know (a virtual machine's generic "Intel(R)
//   Xeon(R) Processor") falls back to its SSE3 ones, which halves prefill: OPENBLAS_CORETYPE=Haswell on such a CPU
//   with AVX2 and FMA;
// - its idle threads spin for about 2^28 cycles before they sleep, and on a machine where another process is busy they
//   take the cores saescope's own workers need: OPENBLAS_THREAD_TIMEOUT=4 lets them sleep at once (measured beside the
//   default in one run: prefill to the hook 481-573 vs 273-439 tokens/s with another process busy, about even on an
//   idle machine).
let environment = ProcessInfo.processInfo.environment
if let kernels = environment["SAESCOPE_KERNELS"], kernels != KernelPath.environmentOverride {
    FileHandle.standardError.write(Data("saescope: SAESCOPE_KERNELS=\(kernels): the only value is '\(KernelPath.environmentOverride)' (unset it to let saescope choose)\n".utf8))
    exit(2)
}
if let exact = environment[Arithmetic.exactVariable], exact != "1", exact != "0" {
    FileHandle.standardError.write(Data("saescope: \(Arithmetic.exactVariable)=\(exact): give 1 (decode in float) or 0, or unset it\n".utf8))
    exit(2)
}
var restartWith: [(String, String)] = []
if environment["OPENBLAS_CORETYPE"] == nil, BLAS.coreName == "Prescott", KernelPath.cpuHasAVX2 {
    restartWith.append(("OPENBLAS_CORETYPE", "Haswell"))
}
if environment["OPENBLAS_THREAD_TIMEOUT"] == nil, BLAS.threadCount > 1 { restartWith.append(("OPENBLAS_THREAD_TIMEOUT", "4")) }
if !restartWith.isEmpty {
    for (name, value) in restartWith { setenv(name, value, 1) }
    execv("/proc/self/exe", CommandLine.unsafeArgv)   // returns only if it failed: then go on as things are
}
runCommandLine()
