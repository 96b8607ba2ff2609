#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver on `test_one_input` with the command line `argc`/`argv`, when the binary was linked with
/// libFuzzer (swift build -Xswiftc -sanitize=fuzzer); returns -1 without doing anything otherwise.
int saescope_fuzz_run(int argc, char **argv, int (*test_one_input)(const uint8_t *data, size_t size));

#endif
