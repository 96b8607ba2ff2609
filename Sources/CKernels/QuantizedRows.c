// The quantized matrix-vector kernels: one weight row at a time, its blocks read in place, against x permuted by
// `QuantizedDot.permute`. Each mirrors its Swift twin in QuantizedDot (same steps, same order of sums).
#include "CKernels.h"

#if defined(__x86_64__)
#include "Avx2.h"

void AVX2 saescope_q4_1_rows(const void *base, long stride, long lower, long upper, const float *xp, const float *sums, long count,
                             float *y) {
    const __m256i byte = _mm256_set1_epi32(0xFF);
    for (long r = lower; r < upper; r++) {
        const uint8_t *row = (const uint8_t *)base + r * stride;
        __m256 acc = _mm256_setzero_ps();
        float offset = 0;
        for (long b = 0; b < count / 32; b++) {
            const uint8_t *block = row + 20 * b;   // d, m, 16 bytes of nibbles; y = d·q + m
            acc = _mm256_fmadd_ps(_mm256_set1_ps(half_at(block)), step_lanes(nibble_lanes(block + 4), byte, xp + 32 * b), acc);
            offset += half_at(block + 2) * sums[b];
        }
        y[r] = lane_sum(acc) + offset;
    }
}

/// Byte k of each lane of `w` as a signed integer, for k = 0…3 (shift it to the top, then back with its sign).
#define SIGNED_BYTE(w, k) _mm256_cvtepi32_ps(_mm256_srai_epi32(_mm256_slli_epi32((w), 24 - 8 * (k)), 24))

void AVX2 saescope_q8_0_rows(const void *base, long stride, long lower, long upper, const float *xp, long count, float *y) {
    for (long r = lower; r < upper; r++) {
        const uint8_t *row = (const uint8_t *)base + r * stride;
        __m256 acc = _mm256_setzero_ps();
        for (long b = 0; b < count / 32; b++) {
            const uint8_t *block = row + 34 * b;   // d, 32 signed bytes; y = d·q
            const float *x = xp + 32 * b;
            __m256i q = _mm256_loadu_si256((const __m256i *)(block + 2));
            __m256 part = _mm256_mul_ps(SIGNED_BYTE(q, 0), _mm256_loadu_ps(x));
            part = _mm256_fmadd_ps(SIGNED_BYTE(q, 1), _mm256_loadu_ps(x + 8), part);
            part = _mm256_fmadd_ps(SIGNED_BYTE(q, 2), _mm256_loadu_ps(x + 16), part);
            part = _mm256_fmadd_ps(SIGNED_BYTE(q, 3), _mm256_loadu_ps(x + 24), part);
            acc = _mm256_fmadd_ps(_mm256_set1_ps(half_at(block)), part, acc);
        }
        y[r] = lane_sum(acc);
    }
}

/// The fifth bits of a Q5 block as bit 4 of each byte: element 4i + k (lane i, step k) has bit 4i + k of `high`,
/// placed at bit 8k + 4 of lane i, where `step_lanes` finds step k's value.
static inline AVX2 __m256i fifth_bits(uint32_t high) {
    __m256i s = _mm256_srlv_epi32(_mm256_set1_epi32((int)high), _mm256_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28));
    __m256i bits = _mm256_and_si256(_mm256_slli_epi32(s, 4), _mm256_set1_epi32(0x10));
    bits = _mm256_or_si256(bits, _mm256_and_si256(_mm256_slli_epi32(s, 11), _mm256_set1_epi32(0x1000)));
    bits = _mm256_or_si256(bits, _mm256_and_si256(_mm256_slli_epi32(s, 18), _mm256_set1_epi32(0x100000)));
    return _mm256_or_si256(bits, _mm256_and_si256(_mm256_slli_epi32(s, 25), _mm256_set1_epi32(0x10000000)));
}

/// The 32-element legacy formats: d, then m when `has_min`, then 32 fifth bits when `has_fifth_bits`, then 16 bytes
/// of nibbles; y = d·q + m, or d·(q − bias) without a min.
static inline AVX2 void legacy_rows(int block_bytes, int has_min, int has_fifth_bits, float bias, const void *base, long stride,
                                    long lower, long upper, const float *xp, const float *sums, long count, float *y) {
    const __m256i byte = _mm256_set1_epi32(0xFF);
    const int bits_at = has_min ? 4 : 2, nibbles_at = bits_at + (has_fifth_bits ? 4 : 0);
    for (long r = lower; r < upper; r++) {
        const uint8_t *row = (const uint8_t *)base + r * stride;
        __m256 acc = _mm256_setzero_ps();
        float offset = 0;
        for (long b = 0; b < count / 32; b++) {
            const uint8_t *block = row + block_bytes * b;
            float d = half_at(block);
            __m256i q = nibble_lanes(block + nibbles_at);
            if (has_fifth_bits) {
                uint32_t high;
                memcpy(&high, block + bits_at, 4);
                q = _mm256_or_si256(q, fifth_bits(high));
            }
            acc = _mm256_fmadd_ps(_mm256_set1_ps(d), step_lanes(q, byte, xp + 32 * b), acc);
            offset += (has_min ? half_at(block + 2) : -bias * d) * sums[b];
        }
        y[r] = lane_sum(acc) + offset;
    }
}

void AVX2 saescope_q4_0_rows(const void *base, long stride, long lower, long upper, const float *xp, const float *sums, long count,
                             float *y) {
    legacy_rows(18, 0, 0, 8, base, stride, lower, upper, xp, sums, count, y);
}

void AVX2 saescope_q5_0_rows(const void *base, long stride, long lower, long upper, const float *xp, const float *sums, long count,
                             float *y) {
    legacy_rows(22, 0, 1, 16, base, stride, lower, upper, xp, sums, count, y);
}

void AVX2 saescope_q5_1_rows(const void *base, long stride, long lower, long upper, const float *xp, const float *sums, long count,
                             float *y) {
    legacy_rows(24, 1, 1, 0, base, stride, lower, upper, xp, sums, count, y);
}

void AVX2 saescope_q4_k_rows(const void *base, long stride, long lower, long upper, const float *xp, const float *sums, long count,
                             float *y) {
    const __m256i byte = _mm256_set1_epi32(0xFF), low4 = _mm256_set1_epi8(0x0F);
    for (long r = lower; r < upper; r++) {
        const uint8_t *row = (const uint8_t *)base + r * stride;
        __m256 acc = _mm256_setzero_ps();
        float offset = 0;
        for (long b = 0; b < count / 256; b++) {
            const uint8_t *block = row + 144 * b;   // d, dmin, 12 bytes of scales, 128 of nibbles
            float d = half_at(block), dmin = half_at(block + 2);
            for (int chunk = 0; chunk < 4; chunk++) {
                __m256i words = _mm256_loadu_si256((const __m256i *)(block + 16 + 32 * chunk));
                long sub = 8 * b + 2 * chunk;
                int sc1, mn1, sc2, mn2;
                k_scale_min(block + 4, 2 * chunk, &sc1, &mn1);
                k_scale_min(block + 4, 2 * chunk + 1, &sc2, &mn2);
                acc = _mm256_fmadd_ps(_mm256_set1_ps(d * sc1), step_lanes(_mm256_and_si256(words, low4), byte, xp + 32 * sub), acc);
                acc = _mm256_fmadd_ps(_mm256_set1_ps(d * sc2),
                                      step_lanes(_mm256_and_si256(_mm256_srli_epi32(words, 4), low4), byte, xp + 32 * (sub + 1)), acc);
                offset -= dmin * (mn1 * sums[sub] + mn2 * sums[sub + 1]);
            }
        }
        y[r] = lane_sum(acc) + offset;
    }
}

/// Σ (q − 32)·x over one group of 32 Q6_K elements: q is byte k of each lane of `nibbles` (low four bits) and of
/// `pairs` (two bits, already shifted to the bottom), x the group's permuted values.
static inline AVX2 __m256 q6_group(__m256i nibbles, __m256i pairs, const float *x) {
    const __m256i four = _mm256_set1_epi32(0xF), two = _mm256_set1_epi32(3);
    const __m256 bias = _mm256_set1_ps(32);
    __m256 part = _mm256_setzero_ps();
    for (int k = 0; k < 4; k++) {
        __m256i q = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(nibbles, 8 * k), four),
                                    _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(pairs, 8 * k), two), 4));
        part = _mm256_fmadd_ps(_mm256_sub_ps(to_floats(q), bias), _mm256_loadu_ps(x + 8 * k), part);
    }
    return part;
}

void AVX2 saescope_q6_k_rows(const void *base, long stride, long lower, long upper, const float *xp, long count, float *y) {
    for (long r = lower; r < upper; r++) {
        const uint8_t *row = (const uint8_t *)base + r * stride;
        __m256 total = _mm256_setzero_ps();
        for (long b = 0; b < count / 256; b++) {
            const uint8_t *block = row + 210 * b;   // 128 bytes of low nibbles, 64 of 2-bit pairs, 16 signed scales, d
            float d = half_at(block + 208);
            const int8_t *scales = (const int8_t *)(block + 192);
            for (int h = 0; h < 2; h++) {
                const uint8_t *low = block + 64 * h, *high = block + 128 + 32 * h;
                __m256i low0 = _mm256_loadu_si256((const __m256i *)low), low1 = _mm256_loadu_si256((const __m256i *)(low + 32));
                __m256i pairs = _mm256_loadu_si256((const __m256i *)high);
                // Group m of the half: elements 128h + 32m + l; the nibble from byte l of ql[64h + 32(m % 2)], low for
                // m < 2, high otherwise; bits 2m, 2m + 1 of qh[32h + l].
                for (int m = 0; m < 4; m++) {
                    __m256i words = _mm256_srli_epi32(m % 2 == 0 ? low0 : low1, m < 2 ? 0 : 4);
                    int s = 8 * h + 2 * m;
                    __m256 scale = _mm256_set_m128(_mm_set1_ps(d * (float)scales[s + 1]), _mm_set1_ps(d * (float)scales[s]));
                    const float *x = xp + 256 * b + 128 * h + 32 * m;
                    total = _mm256_fmadd_ps(scale, q6_group(words, _mm256_srli_epi32(pairs, 2 * m), x), total);
                }
            }
        }
        y[r] = lane_sum(total);
    }
}
#endif
