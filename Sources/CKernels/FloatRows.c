// The half-width float matrices of model folders and F16 GGUFs: matrix-vector rows read in place (x as it is, not
// permuted), and rows decoded to floats for the batch path. F16 widens with F16C's conversion, BF16 by a shift into
// the top half of a float; both are exact, so the decoders give the Swift twins' floats bit for bit.
#include "CKernels.h"

#if defined(__x86_64__)
#include "Avx2.h"

/// Eight F16 values at `p` widened to floats.
static inline AVX2 __m256 f16_lanes(const uint16_t *p) { return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p)); }

/// Eight BF16 values at `p` widened to floats.
static inline AVX2 __m256 bf16_lanes(const uint16_t *p) {
    __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p));
    return _mm256_castsi256_ps(_mm256_slli_epi32(wide, 16));
}

/// The BF16 value at `p` as a float.
static inline float bf16_at(const uint16_t *p) {
    uint32_t bits = (uint32_t)*p << 16;
    float value;
    memcpy(&value, &bits, 4);
    return value;
}

/// y[r] = row r · x with rows of `count` two-byte values `stride` bytes apart, widened by `LANES` (eight at a time)
/// and `ONE` (the tail). Four accumulators of eight lanes, thirty-two elements a step.
#define HALF_ROWS(LANES, ONE)                                                                                          \
    for (long r = lower; r < upper; r++) {                                                                             \
        const uint16_t *row = (const uint16_t *)((const uint8_t *)base + r * stride);                                  \
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps(); \
        long i = 0;                                                                                                    \
        for (; i + 32 <= count; i += 32) {                                                                             \
            a0 = _mm256_fmadd_ps(LANES(row + i), _mm256_loadu_ps(x + i), a0);                                          \
            a1 = _mm256_fmadd_ps(LANES(row + i + 8), _mm256_loadu_ps(x + i + 8), a1);                                  \
            a2 = _mm256_fmadd_ps(LANES(row + i + 16), _mm256_loadu_ps(x + i + 16), a2);                                \
            a3 = _mm256_fmadd_ps(LANES(row + i + 24), _mm256_loadu_ps(x + i + 24), a3);                                \
        }                                                                                                              \
        for (; i + 8 <= count; i += 8) a0 = _mm256_fmadd_ps(LANES(row + i), _mm256_loadu_ps(x + i), a0);               \
        float sum = lane_sum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));                             \
        for (; i < count; i++) sum += ONE(row + i) * x[i];                                                             \
        y[r] = sum;                                                                                                    \
    }

/// The F16 value at `p` as a float.
static inline AVX2 float f16_at(const uint16_t *p) { return half_at((const uint8_t *)p); }

void AVX2 saescope_f16_rows(const void *base, long stride, long lower, long upper, const float *x, long count, float *y) {
    HALF_ROWS(f16_lanes, f16_at)
}

void AVX2 saescope_bf16_rows(const void *base, long stride, long lower, long upper, const float *x, long count, float *y) {
    HALF_ROWS(bf16_lanes, bf16_at)
}

void AVX2 saescope_dequantize_f16(const void *source, long count, float *out) {
    const uint16_t *values = (const uint16_t *)source;
    long i = 0;
    for (; i + 8 <= count; i += 8) _mm256_storeu_ps(out + i, f16_lanes(values + i));
    for (; i < count; i++) out[i] = f16_at(values + i);
}

void AVX2 saescope_dequantize_bf16(const void *source, long count, float *out) {
    const uint16_t *values = (const uint16_t *)source;
    long i = 0;
    for (; i + 8 <= count; i += 8) _mm256_storeu_ps(out + i, bf16_lanes(values + i));
    for (; i < count; i++) out[i] = bf16_at(values + i);
}
#endif
