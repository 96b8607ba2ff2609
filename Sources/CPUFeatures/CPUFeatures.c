#include "CPUFeatures.h"

// Compiled for the baseline CPU whatever the Swift code is built for, so that it can run first and say why a build for
// a newer CPU cannot run here, instead of the process dying of SIGILL.
int saescope_cpu_lacks_x86_64_v3(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")
             && __builtin_cpu_supports("bmi2"));
#else
    return 0;
#endif
}

int saescope_cpu_has_avx2_fma(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}
