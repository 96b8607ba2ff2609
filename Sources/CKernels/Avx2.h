// Shared by the kernel files: the function attribute that compiles one function for AVX2, FMA and F16C, and the
// small steps every kernel uses. Included only on x86-64.
#ifndef SAESCOPE_AVX2_H
#define SAESCOPE_AVX2_H

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define AVX2 __attribute__((target("avx2,fma,f16c")))

/// The IEEE half at `p` as a float.
static inline AVX2 float half_at(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

/// The sum of the eight lanes.
static inline AVX2 float lane_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// The eight small non-negative integers in `lanes` as floats.
static inline AVX2 __m256 to_floats(__m256i lanes) { return _mm256_cvtepi32_ps(lanes); }

/// Σ over the four steps of one 32-element block: step k's values are byte k of each 32-bit lane of `values` (after
/// `mask`), multiplied by the eight permuted x at x + 8k. Left unsummed, so that callers accumulate whole vectors.
static inline AVX2 __m256 step_lanes(__m256i values, __m256i mask, const float *x) {
    __m256 part = _mm256_mul_ps(to_floats(_mm256_and_si256(values, mask)), _mm256_loadu_ps(x));
    part = _mm256_fmadd_ps(to_floats(_mm256_and_si256(_mm256_srli_epi32(values, 8), mask)), _mm256_loadu_ps(x + 8), part);
    part = _mm256_fmadd_ps(to_floats(_mm256_and_si256(_mm256_srli_epi32(values, 16), mask)), _mm256_loadu_ps(x + 16), part);
    part = _mm256_fmadd_ps(to_floats(_mm256_and_si256(_mm256_srli_epi32(values, 24), mask)), _mm256_loadu_ps(x + 24), part);
    return part;
}

/// The 16 bytes at `qs` as 32 nibbles in eight 32-bit lanes: lanes 0–3 the low nibbles of the four words, 4–7 the high.
static inline AVX2 __m256i nibble_lanes(const uint8_t *qs) {
    __m128i q = _mm_loadu_si128((const __m128i *)qs), low4 = _mm_set1_epi8(0x0F);
    return _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(q, 4), low4), _mm_and_si128(q, low4));
}

#endif
