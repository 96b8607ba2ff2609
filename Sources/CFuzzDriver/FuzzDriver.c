#include "CFuzzDriver.h"

// libFuzzer's entry point for programs that have their own main. Declared weak, so that the fuzz targets also link
// (and say how to build them) without libFuzzer; LLVMFuzzerRunDriver is then null.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size))
    __attribute__((weak));

// The target chosen on the command line.
static int (*chosen_target)(const uint8_t *data, size_t size);

// The name libFuzzer's own objects refer to; it runs the chosen target.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return chosen_target ? chosen_target(data, size) : 0;
}

int saescope_fuzz_run(int argc, char **argv, int (*test_one_input)(const uint8_t *data, size_t size)) {
    if (!LLVMFuzzerRunDriver) return -1;
    chosen_target = test_one_input;
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
