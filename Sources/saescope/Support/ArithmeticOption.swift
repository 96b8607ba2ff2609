import ArgumentParser
import SAEKit

/// `--exact`: the commands that generate decode with 8-bit activations where the CPU allows (`Arithmetic`); this keeps
/// them in float, as `SAESCOPE_EXACT=1` does.
struct ArithmeticOption: ParsableArguments {
    @Flag(help: "Decode in float, not with activations rounded to 8 bits (slower; what SAESCOPE_EXACT=1 does too).")
    var exact = false

    /// The arithmetic generation runs in.
    var arithmetic: Arithmetic { .generation(exact: exact) }
}
