#include "CKernels.h"

// Compiled for the baseline CPU, so that it can run first on any x86-64.
int saescope_kernels_avx2(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
#else
    return 0;
#endif
}
