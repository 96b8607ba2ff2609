#ifndef CPUFEATURES_H
#define CPUFEATURES_H

/// Whether this CPU lacks what a build for x86-64-v3 (AVX2, FMA, F16C, BMI2: scripts/build-flags on such a machine)
/// executes; always 0 on other architectures.
int saescope_cpu_lacks_x86_64_v3(void);

/// Whether this CPU has AVX2 and FMA (what OpenBLAS's Haswell kernels use); 0 on other architectures.
int saescope_cpu_has_avx2_fma(void);

#endif
