// The 8-bit kernels of generation: x rounded to 8-bit integers per 32-element unit, then each weight row's integers
// multiplied with x's by AVX2's byte products (`vpmaddubsw`, `vpmaddwd`), exact in 32-bit integers, and scaled in float
// once per unit. Each step mirrors the naive twin in `Int8Dot` (the same integers, the same float operations in the
// same order), so tests hold them equal bit for bit.
#include "CKernels.h"

#if defined(__x86_64__)
#include "Avx2.h"
#include <float.h>
#include <math.h>

/// Round to the nearest integer, ties to even.
#define NEAREST (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)

// The float steps are written out (fused where the twin fuses): none may be contracted behind the twin's back.
#pragma STDC FP_CONTRACT OFF

void AVX2 saescope_quantize_x8(const float *x, long count, int8_t *q, float *d, float *sx, float *sx16) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    for (long u = 0; u < count / 32; u++) {
        const float *v = x + 32 * u;
        __m256 a0 = _mm256_loadu_ps(v), a1 = _mm256_loadu_ps(v + 8), a2 = _mm256_loadu_ps(v + 16), a3 = _mm256_loadu_ps(v + 24);
        __m256 m = _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(sign, a0), _mm256_andnot_ps(sign, a1)),
                                 _mm256_max_ps(_mm256_andnot_ps(sign, a2), _mm256_andnot_ps(sign, a3)));
        __m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        h = _mm_max_ps(h, _mm_movehl_ps(h, h));
        h = _mm_max_ss(h, _mm_movehdup_ps(h));
        float amax = _mm_cvtss_f32(h);
        const __m256 infinity = _mm256_set1_ps(INFINITY);
        __m256 bad = _mm256_or_ps(_mm256_or_ps(_mm256_cmp_ps(_mm256_andnot_ps(sign, a0), infinity, _CMP_NLT_UQ),
                                               _mm256_cmp_ps(_mm256_andnot_ps(sign, a1), infinity, _CMP_NLT_UQ)),
                                  _mm256_or_ps(_mm256_cmp_ps(_mm256_andnot_ps(sign, a2), infinity, _CMP_NLT_UQ),
                                               _mm256_cmp_ps(_mm256_andnot_ps(sign, a3), infinity, _CMP_NLT_UQ)));
        float scale = amax / 127.0f;
        // A unit with a NaN or an infinity gives NaN, as the float product would; one too small to scale, zeros.
        if (_mm256_movemask_ps(bad) || scale < FLT_MIN) {
            float value = _mm256_movemask_ps(bad) ? NAN : 0;
            memset(q + 32 * u, 0, 32);
            d[u] = sx[u] = sx16[2 * u] = sx16[2 * u + 1] = value;
            continue;
        }
        float inverse = 1.0f / scale;
        __m256 k = _mm256_set1_ps(inverse);
        __m256i i0 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(a0, k), NEAREST));
        __m256i i1 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(a1, k), NEAREST));
        __m256i i2 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(a2, k), NEAREST));
        __m256i i3 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(a3, k), NEAREST));
        // Packing interleaves 128-bit halves; the permutation puts the 32 bytes back in element order.
        __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(i0, i1), _mm256_packs_epi32(i2, i3));
        _mm256_storeu_si256((__m256i *)(q + 32 * u), _mm256_permutevar8x32_epi32(bytes, order));
        __m256i low = _mm256_add_epi32(i0, i1), high = _mm256_add_epi32(i2, i3);
        int lows[8], highs[8];
        _mm256_storeu_si256((__m256i *)lows, low);
        _mm256_storeu_si256((__m256i *)highs, high);
        int first = 0, second = 0;
        for (int i = 0; i < 8; i++) { first += lows[i]; second += highs[i]; }
        d[u] = scale;
        sx[u] = scale * (float)(first + second);
        sx16[2 * u] = scale * (float)first;
        sx16[2 * u + 1] = scale * (float)second;
    }
}

/// Eight lanes of Σ u·s over the 32 bytes, lane j holding elements 4j…4j+3, as floats: `u` unsigned, `s` signed, no
/// pair of products past 32,767 (so `vpmaddubsw` never saturates), exact in the integers.
static inline AVX2 __m256 byte_products(__m256i u, __m256i s) {
    return _mm256_cvtepi32_ps(_mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)));
}

/// Asks for the row four rows past `row` (`stride` bytes each) to be brought into cache while this one is multiplied:
/// the hardware prefetcher alone left Gemma 3's 178 MB output head at about 20 GB/s of these machines' 27 (a prefetch
/// past the matrix's end is harmless).
static inline AVX2 void prefetch_ahead(const uint8_t *row, long stride) {
    for (long at = 0; at < stride; at += 64) _mm_prefetch((const char *)row + 4 * stride + at, _MM_HINT_T0);
}

/// One unit's step: acc += (a · x's scale) · lanes; the scale is rounded once, as the twin rounds it.
static inline AVX2 __m256 unit_step(__m256 acc, float a, float xd, __m256 lanes) {
    return _mm256_fmadd_ps(_mm256_set1_ps(a * xd), lanes, acc);
}

/// A row's result from its two chains of units (even and odd, so that neither waits on the other's additions): the
/// lanes summed pairwise, then the eight lanes, then the offsets.
static inline AVX2 float row_total(const __m256 acc[2], const float offset[2]) {
    return lane_sum(_mm256_add_ps(acc[0], acc[1])) + (offset[0] + offset[1]);
}

/// Unit u of a 32-element legacy row: d, then m when `has_min`, then the 32 fifth bits when `has_fifth_bits`, then 16
/// bytes of nibbles; y = d·q + m, or d·(q − bias) without a min: Σ d·q·x from the integers into `acc`, then m·Σx or
/// −bias·d·Σx into `offset`.
static inline AVX2 void legacy_unit(int block_bytes, int has_min, int has_fifth_bits, float bias, const uint8_t *row, long u,
                                    saescope_x8 x, __m256 *acc, float *offset) {
    const int bits_at = has_min ? 4 : 2, nibbles_at = bits_at + (has_fifth_bits ? 4 : 0);
    const uint8_t *block = row + block_bytes * u;
    float d = half_at(block);
    __m256i w = nibble_lanes(block + nibbles_at);
    if (has_fifth_bits) {
        uint32_t high;
        memcpy(&high, block + bits_at, 4);
        w = _mm256_or_si256(w, fifth_bit_bytes(high));
    }
    __m256i xs = _mm256_loadu_si256((const __m256i *)(x.q + 32 * u));
    *acc = unit_step(*acc, d, x.d[u], byte_products(w, xs));
    *offset = fmaf(has_min ? half_at(block + 2) : -bias * d, x.sx[u], *offset);
}

/// The legacy formats' rows, even and odd units in two chains.
static inline AVX2 void legacy_rows_x8(int block_bytes, int has_min, int has_fifth_bits, float bias, const void *base,
                                       long stride, long lower, long upper, saescope_x8 x, long count, float *y) {
    for (long r = lower; r < upper; r++) {
        const uint8_t *row = (const uint8_t *)base + r * stride;
        prefetch_ahead(row, stride);
        __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
        float offset[2] = {0, 0};
        long u = 0;
        for (; u + 2 <= count / 32; u += 2) {
            legacy_unit(block_bytes, has_min, has_fifth_bits, bias, row, u, x, &acc[0], &offset[0]);
            legacy_unit(block_bytes, has_min, has_fifth_bits, bias, row, u + 1, x, &acc[1], &offset[1]);
        }
        if (u < count / 32) legacy_unit(block_bytes, has_min, has_fifth_bits, bias, row, u, x, &acc[0], &offset[0]);
        y[r] = row_total(acc, offset);
    }
}

void AVX2 saescope_q4_0_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y) {
    legacy_rows_x8(18, 0, 0, 8, base, stride, lower, upper, x, count, y);
}

void AVX2 saescope_q4_1_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y) {
    legacy_rows_x8(20, 1, 0, 0, base, stride, lower, upper, x, count, y);
}

void AVX2 saescope_q5_0_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y) {
    legacy_rows_x8(22, 0, 1, 16, base, stride, lower, upper, x, count, y);
}

void AVX2 saescope_q5_1_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y) {
    legacy_rows_x8(24, 1, 1, 0, base, stride, lower, upper, x, count, y);
}

/// Unit u of a Q8_0 row (d, 32 signed bytes; y = d·q) into `acc`.
static inline AVX2 void q8_0_unit(const uint8_t *row, long u, saescope_x8 x, __m256 *acc) {
    const uint8_t *block = row + 34 * u;
    __m256i w = _mm256_loadu_si256((const __m256i *)(block + 2));
    __m256i xs = _mm256_loadu_si256((const __m256i *)(x.q + 32 * u));
    // |w| · (x with w's sign) = w·x; |x| ≤ 127, so no pair passes 2·128·127.
    *acc = unit_step(*acc, half_at(block), x.d[u], byte_products(_mm256_abs_epi8(w), _mm256_sign_epi8(xs, w)));
}

void AVX2 saescope_q8_0_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y) {
    const float none[2] = {0, 0};
    for (long r = lower; r < upper; r++) {
        const uint8_t *row = (const uint8_t *)base + r * stride;
        prefetch_ahead(row, stride);
        __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
        long u = 0;
        for (; u + 2 <= count / 32; u += 2) {
            q8_0_unit(row, u, x, &acc[0]);
            q8_0_unit(row, u + 1, x, &acc[1]);
        }
        if (u < count / 32) q8_0_unit(row, u, x, &acc[0]);
        y[r] = row_total(acc, none);
    }
}

/// Q4_K (`has_fifth_bits` 0) and Q5_K: per 256 elements d, dmin, 12 bytes of 6-bit scales and mins, [32 bytes of fifth
/// bits,] 128 bytes of nibbles; sub-block j's y = d·sc_j·q − dmin·mn_j.
static inline AVX2 void k_rows_x8(int has_fifth_bits, const void *base, long stride, long lower, long upper, saescope_x8 x,
                                  long count, float *y) {
    const __m256i low4 = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
    const int block_bytes = has_fifth_bits ? 176 : 144, nibbles_at = has_fifth_bits ? 48 : 16;
    for (long r = lower; r < upper; r++) {
        const uint8_t *row = (const uint8_t *)base + r * stride;
        prefetch_ahead(row, stride);
        __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
        float offset[2] = {0, 0};
        for (long b = 0; b < count / 256; b++) {
            const uint8_t *block = row + block_bytes * b;
            float d = half_at(block), dmin = half_at(block + 2);
            __m256i fifth = has_fifth_bits ? _mm256_loadu_si256((const __m256i *)(block + 16)) : _mm256_setzero_si256();
            for (int chunk = 0; chunk < 4; chunk++) {
                // 32 bytes: low nibbles are sub-block 2·chunk, high nibbles 2·chunk + 1 (byte l holds element l of each).
                __m256i words = _mm256_loadu_si256((const __m256i *)(block + nibbles_at + 32 * chunk));
                for (int half = 0; half < 2; half++) {
                    int j = 2 * chunk + half, sc, mn;
                    long u = 8 * b + j;
                    k_scale_min(block + 4, j, &sc, &mn);
                    __m256i w = _mm256_and_si256(half ? _mm256_srli_epi16(words, 4) : words, low4);
                    if (has_fifth_bits) w = _mm256_or_si256(w, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(fifth, j), one), 4));
                    __m256i xs = _mm256_loadu_si256((const __m256i *)(x.q + 32 * u));
                    acc[half] = unit_step(acc[half], d * (float)sc, x.d[u], byte_products(w, xs));
                    offset[half] = fmaf(-(dmin * (float)mn), x.sx[u], offset[half]);
                }
            }
        }
        y[r] = row_total(acc, offset);
    }
}

void AVX2 saescope_q4_k_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y) {
    k_rows_x8(0, base, stride, lower, upper, x, count, y);
}

void AVX2 saescope_q5_k_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y) {
    k_rows_x8(1, base, stride, lower, upper, x, count, y);
}

void AVX2 saescope_q6_k_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y) {
    const __m256i low4 = _mm256_set1_epi8(0x0F), three = _mm256_set1_epi8(3);
    for (long r = lower; r < upper; r++) {
        const uint8_t *row = (const uint8_t *)base + r * stride;
        prefetch_ahead(row, stride);
        __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
        float offset[2] = {0, 0};
        for (long b = 0; b < count / 256; b++) {
            const uint8_t *block = row + 210 * b;   // 128 bytes of low nibbles, 64 of 2-bit pairs, 16 signed scales, d
            float d = half_at(block + 208);
            const int8_t *scales = (const int8_t *)(block + 192);
            for (int h = 0; h < 2; h++) {
                const uint8_t *low = block + 64 * h;
                __m256i pairs = _mm256_loadu_si256((const __m256i *)(block + 128 + 32 * h));
                // Unit m of the half: elements 128h + 32m + l; its nibble from byte l of ql[64h + 32(m % 2)], low for
                // m < 2, high otherwise; bits 2m, 2m + 1 of qh[32h + l]; scales 8h + 2m (l < 16) and 8h + 2m + 1.
                for (int m = 0; m < 4; m++) {
                    __m256i words = _mm256_loadu_si256((const __m256i *)(low + 32 * (m % 2)));
                    __m256i w = _mm256_and_si256(m < 2 ? words : _mm256_srli_epi16(words, 4), low4);
                    w = _mm256_or_si256(w, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(pairs, 2 * m), three), 4));
                    int s = 8 * h + 2 * m;
                    long u = 8 * b + 4 * h + m;
                    __m256i xs = _mm256_loadu_si256((const __m256i *)(x.q + 32 * u));
                    __m256i group_scales = _mm256_set_m128i(_mm_set1_epi16(scales[s + 1]), _mm_set1_epi16(scales[s]));
                    __m256i lanes = _mm256_madd_epi16(_mm256_maddubs_epi16(w, xs), group_scales);
                    acc[m % 2] = unit_step(acc[m % 2], d, x.d[u], _mm256_cvtepi32_ps(lanes));
                    offset[m % 2] = fmaf(d * (float)(-32 * scales[s]), x.sx16[2 * u], offset[m % 2]);
                    offset[m % 2] = fmaf(d * (float)(-32 * scales[s + 1]), x.sx16[2 * u + 1], offset[m % 2]);
                }
            }
        }
        y[r] = row_total(acc, offset);
    }
}
#endif
