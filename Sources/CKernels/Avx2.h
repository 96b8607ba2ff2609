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

/// The 16 bytes at `qs` as 32 nibbles: the low nibbles (elements 0–15 of a block) in the low half, the high (16–31)
/// in the high half; read as eight 32-bit lanes, lanes 0–3 are the low nibbles of the four words, 4–7 the high.
static inline AVX2 __m256i nibble_lanes(const uint8_t *qs) {
    __m128i q = _mm_loadu_si128((const __m128i *)qs), low4 = _mm_set1_epi8(0x0F);
    return _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(q, 4), low4), _mm_and_si128(q, low4));
}


/// 16 in byte e where bit e of `bits` is set, else 0 (the fifth bits of a Q5_0 or Q5_1 block).
static inline AVX2 __m256i fifth_bit_bytes(uint32_t bits) {
    const __m256i spread = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
                                            2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
    const __m256i each = _mm256_set1_epi64x(0x8040201008040201LL);
    __m256i v = _mm256_and_si256(_mm256_shuffle_epi8(_mm256_set1_epi32((int)bits), spread), each);
    return _mm256_and_si256(_mm256_cmpeq_epi8(v, each), _mm256_set1_epi8(0x10));
}

/// Sub-block j's 6-bit scale and min from the 12 packed bytes of a Q4_K or Q5_K block (as `GGMLType.kScaleAndMin`).
static inline void k_scale_min(const uint8_t *s, int j, int *scale, int *min) {
    if (j < 4) {
        *scale = s[j] & 63;
        *min = s[j + 4] & 63;
    } else {
        *scale = (s[j + 4] & 0xF) | ((s[j - 4] >> 6) << 4);
        *min = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
    }
}

/// e^x in each lane, the steps of `ActivationKernels.exp`: clamp to [−87.3, 88] (a NaN lane gives e^88), x = n·ln 2 + r
/// with ln 2 in two parts, e^r by its degree-7 Taylor polynomial, 2^n put into the exponent bits.
static inline AVX2 __m256 exp8(__m256 x) {
    x = _mm256_max_ps(_mm256_min_ps(x, _mm256_set1_ps(88)), _mm256_set1_ps(-87.3f));
    const __m256 magic = _mm256_set1_ps(12582912.0f);
    __m256 shifted = _mm256_add_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)), magic);
    __m256 n = _mm256_sub_ps(shifted, magic);
    __m256 r = _mm256_sub_ps(x, _mm256_mul_ps(n, _mm256_set1_ps(0.69314575f)));
    r = _mm256_sub_ps(r, _mm256_mul_ps(n, _mm256_set1_ps(1.4286068e-6f)));
    static const float coefficients[] = {1.0f / 720, 1.0f / 120, 1.0f / 24, 1.0f / 6, 0.5f, 1, 1};
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    for (int i = 0; i < 7; i++) p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(coefficients[i]));
    __m256i exponent = _mm256_add_epi32(_mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_set1_epi32(0x4B400000)), _mm256_set1_epi32(127));
    return _mm256_mul_ps(p, _mm256_castsi256_ps(_mm256_slli_epi32(exponent, 23)));
}

#endif
