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
// OpenBLAS picks its kernels by the CPU's model name when it loads, and on one it does not know (a virtual machine's
// generic "Intel(R) Xeon(R) Processor") falls back to its SSE3 ones, which halves prefill. On such a CPU with AVX2 and
// FMA the process starts itself again, once, with OPENBLAS_CORETYPE=Haswell, which OpenBLAS reads when it loads.
if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil, BLAS.coreName == "Prescott", saescope_cpu_has_avx2_fma() != 0 {
    setenv("OPENBLAS_CORETYPE", "Haswell", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)   // returns only if it failed: then go on with the kernels there are
}
runCommandLine()
