// Quantized blocks decoded to floats in element order, for the batch path (dequantize a chunk of rows, then BLAS).
// Each mirrors its Swift twin in GGMLType: the same products in the same order (a multiply and then an add, never a
// fused one), so both give the same floats.
#include "CKernels.h"

#if defined(__x86_64__)
#include "Avx2.h"

/// out[0..<8] = scale · (the eight unsigned bytes at the bottom of `bytes`) + offset, a multiply then an add.
static inline AVX2 void store_affine(float *out, __m128i bytes, __m256 scale, __m256 offset) {
    __m256 q = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(bytes));
    _mm256_storeu_ps(out, _mm256_add_ps(_mm256_mul_ps(scale, q), offset));
}

/// out[0..<8] = scale · (the eight unsigned bytes at the bottom of `bytes`) − offset, a multiply then a subtraction.
static inline AVX2 void store_scaled_less(float *out, __m128i bytes, __m256 scale, __m256 offset) {
    __m256 q = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(bytes));
    _mm256_storeu_ps(out, _mm256_sub_ps(_mm256_mul_ps(scale, q), offset));
}

void AVX2 saescope_dequantize_q4_1(const void *source, long count, float *out) {
    const __m128i low4 = _mm_set1_epi8(0x0F);
    for (long b = 0; b < count / 32; b++) {
        const uint8_t *block = (const uint8_t *)source + 20 * b;   // d, m, 16 bytes: low nibbles 0–15, high 16–31
        __m256 d = _mm256_set1_ps(half_at(block)), m = _mm256_set1_ps(half_at(block + 2));
        __m128i q = _mm_loadu_si128((const __m128i *)(block + 4));
        __m128i low = _mm_and_si128(q, low4), high = _mm_and_si128(_mm_srli_epi16(q, 4), low4);
        float *o = out + 32 * b;
        store_affine(o, low, d, m);
        store_affine(o + 8, _mm_srli_si128(low, 8), d, m);
        store_affine(o + 16, high, d, m);
        store_affine(o + 24, _mm_srli_si128(high, 8), d, m);
    }
}

/// The legacy formats without a min: d, [32 fifth bits,] 16 bytes of nibbles; y = d·(q − bias), the subtraction in
/// integers, then one multiply (as `GGMLType.dequantizeQ4_0` and `dequantizeQ5`).
static inline AVX2 void dequantize_biased(int has_fifth_bits, int bias, const void *source, long count, float *out) {
    const int block_bytes = has_fifth_bits ? 22 : 18;
    const __m256i shift = _mm256_set1_epi32(bias);
    for (long b = 0; b < count / 32; b++) {
        const uint8_t *block = (const uint8_t *)source + block_bytes * b;
        __m256 d = _mm256_set1_ps(half_at(block));
        __m256i q = nibble_lanes(block + (has_fifth_bits ? 6 : 2));
        if (has_fifth_bits) {
            uint32_t high;
            memcpy(&high, block + 2, 4);
            q = _mm256_or_si256(q, fifth_bit_bytes(high));
        }
        uint8_t bytes[32];
        _mm256_storeu_si256((__m256i *)bytes, q);
        for (int j = 0; j < 4; j++) {
            __m256i values = _mm256_sub_epi32(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(bytes + 8 * j))), shift);
            _mm256_storeu_ps(out + 32 * b + 8 * j, _mm256_mul_ps(d, _mm256_cvtepi32_ps(values)));
        }
    }
}

void AVX2 saescope_dequantize_q4_0(const void *source, long count, float *out) { dequantize_biased(0, 8, source, count, out); }

void AVX2 saescope_dequantize_q5_0(const void *source, long count, float *out) { dequantize_biased(1, 16, source, count, out); }

void AVX2 saescope_dequantize_q5_1(const void *source, long count, float *out) {
    for (long b = 0; b < count / 32; b++) {
        const uint8_t *block = (const uint8_t *)source + 24 * b;   // d, m, 32 fifth bits, 16 bytes of nibbles; y = d·q + m
        __m256 d = _mm256_set1_ps(half_at(block)), m = _mm256_set1_ps(half_at(block + 2));
        uint32_t high;
        memcpy(&high, block + 4, 4);
        uint8_t bytes[32];
        _mm256_storeu_si256((__m256i *)bytes, _mm256_or_si256(nibble_lanes(block + 8), fifth_bit_bytes(high)));
        for (int j = 0; j < 4; j++) store_affine(out + 32 * b + 8 * j, _mm_loadl_epi64((const __m128i *)(bytes + 8 * j)), d, m);
    }
}

void AVX2 saescope_dequantize_q8_0(const void *source, long count, float *out) {
    for (long b = 0; b < count / 32; b++) {
        const uint8_t *block = (const uint8_t *)source + 34 * b;   // d, 32 signed bytes; y = d·q
        __m256 d = _mm256_set1_ps(half_at(block));
        for (int j = 0; j < 4; j++) {
            __m128i bytes = _mm_loadl_epi64((const __m128i *)(block + 2 + 8 * j));
            _mm256_storeu_ps(out + 32 * b + 8 * j, _mm256_mul_ps(d, _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(bytes))));
        }
    }
}

void AVX2 saescope_dequantize_q4_k(const void *source, long count, float *out) {
    const __m128i low4 = _mm_set1_epi8(0x0F);
    for (long b = 0; b < count / 256; b++) {
        // d, dmin, 12 bytes of scales and mins, then 128 bytes: chunk c's 32 bytes hold elements 64c + l (low nibble)
        // and 64c + 32 + l (high nibble).
        const uint8_t *block = (const uint8_t *)source + 144 * b;
        float d = half_at(block), dmin = half_at(block + 2);
        const uint8_t *scales = block + 4, *qs = block + 16;
        float *o = out + 256 * b;
        for (int chunk = 0; chunk < 4; chunk++) {
            int sc1, mn1, sc2, mn2;
            k_scale_min(scales, 2 * chunk, &sc1, &mn1);
            k_scale_min(scales, 2 * chunk + 1, &sc2, &mn2);
            __m256 d1 = _mm256_set1_ps(d * sc1), m1 = _mm256_set1_ps(dmin * mn1);
            __m256 d2 = _mm256_set1_ps(d * sc2), m2 = _mm256_set1_ps(dmin * mn2);
            for (int half = 0; half < 2; half++) {
                __m128i q = _mm_loadu_si128((const __m128i *)(qs + 32 * chunk + 16 * half));
                __m128i low = _mm_and_si128(q, low4), high = _mm_and_si128(_mm_srli_epi16(q, 4), low4);
                float *first = o + 64 * chunk + 16 * half, *second = first + 32;
                store_scaled_less(first, low, d1, m1);
                store_scaled_less(first + 8, _mm_srli_si128(low, 8), d1, m1);
                store_scaled_less(second, high, d2, m2);
                store_scaled_less(second + 8, _mm_srli_si128(high, 8), d2, m2);
            }
        }
    }
}

void AVX2 saescope_dequantize_q6_k(const void *source, long count, float *out) {
    const __m256i low4 = _mm256_set1_epi32(0x0F), two = _mm256_set1_epi32(3), bias = _mm256_set1_epi32(32);
    for (long b = 0; b < count / 256; b++) {
        // 128 bytes of low nibbles, 64 of high bit pairs, 16 signed scales, d; each half of 128 elements has its own.
        const uint8_t *block = (const uint8_t *)source + 210 * b;
        const int8_t *scales = (const int8_t *)(block + 192);
        float d = half_at(block + 208);
        for (int h = 0; h < 2; h++) {
            const uint8_t *L = block + 64 * h, *H = block + 128 + 32 * h;
            const int8_t *S = scales + 8 * h;
            float *o = out + 256 * b + 128 * h;
            for (int l = 0; l < 32; l += 8) {
                int i = l / 16;
                __m256i nibbles = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(L + l)));
                __m256i nibblesPlus32 = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(L + l + 32)));
                __m256i pairs = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(H + l)));
                __m256i q[4] = {
                    _mm256_or_si256(_mm256_and_si256(nibbles, low4), _mm256_slli_epi32(_mm256_and_si256(pairs, two), 4)),
                    _mm256_or_si256(_mm256_and_si256(nibblesPlus32, low4),
                                    _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(pairs, 2), two), 4)),
                    _mm256_or_si256(_mm256_srli_epi32(nibbles, 4),
                                    _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(pairs, 4), two), 4)),
                    _mm256_or_si256(_mm256_srli_epi32(nibblesPlus32, 4),
                                    _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(pairs, 6), two), 4)),
                };
                for (int part = 0; part < 4; part++) {
                    __m256 scale = _mm256_set1_ps(d * (float)S[i + 2 * part]);
                    __m256 values = _mm256_cvtepi32_ps(_mm256_sub_epi32(q[part], bias));
                    _mm256_storeu_ps(o + 32 * part + l, _mm256_mul_ps(scale, values));
                }
            }
        }
    }
}
#endif
