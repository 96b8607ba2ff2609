// The float kernels: a dot product, a weighted sum of rows (attention's values, a training step's active features),
// and the MLP's SiLU and GELU-tanh on an exponential written here. Each mirrors its Swift twin (QuantizedDot.f32,
// RowKernels, ActivationKernels).
#include "CKernels.h"

#if defined(__x86_64__)
#include "Avx2.h"

float AVX2 saescope_dot_f32(const float *a, const float *b, long count) {
    __m256 low = _mm256_setzero_ps(), high = _mm256_setzero_ps();
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        low = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), low);
        high = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), high);
    }
    float sum = lane_sum(_mm256_add_ps(low, high));
    for (; i < count; i++) sum += a[i] * b[i];
    return sum;
}

void AVX2 saescope_weighted_sum(const float *rows, long stride, const int *indices, const float *weights, long count,
                                 long width, float *out) {
    long column = 0;
    // Sixty-four outputs at a time stay in registers across all the rows, so no output is stored and reloaded per row.
    for (; column + 64 <= width; column += 64) {
        __m256 a[8];
        for (int j = 0; j < 8; j++) a[j] = _mm256_setzero_ps();
        for (long i = 0; i < count; i++) {
            __m256 w = _mm256_set1_ps(weights[i]);
            const float *row = rows + (indices ? (long)indices[i] : i) * stride + column;
            for (int j = 0; j < 8; j++) a[j] = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 8 * j), a[j]);
        }
        for (int j = 0; j < 8; j++) _mm256_storeu_ps(out + column + 8 * j, a[j]);
    }
    for (; column + 8 <= width; column += 8) {
        __m256 a = _mm256_setzero_ps();
        for (long i = 0; i < count; i++) {
            const float *row = rows + (indices ? (long)indices[i] : i) * stride + column;
            a = _mm256_fmadd_ps(_mm256_set1_ps(weights[i]), _mm256_loadu_ps(row), a);
        }
        _mm256_storeu_ps(out + column, a);
    }
    for (; column < width; column++) {
        float a = 0;
        for (long i = 0; i < count; i++) a += weights[i] * rows[(indices ? (long)indices[i] : i) * stride + column];
        out[column] = a;
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

void AVX2 saescope_silu(float *x, long count) {
    const __m256 one = _mm256_set1_ps(1);
    for (long i = 0; i + 8 <= count; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        _mm256_storeu_ps(x + i, _mm256_div_ps(v, _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), v)))));
    }
}

void AVX2 saescope_gelu_tanh(float *x, long count) {
    // 0.5·g·(1 + tanh(u)) with u = √(2/π)(g + 0.044715 g³), as g / (1 + e^{−2u}): no cancellation for negative g.
    const __m256 one = _mm256_set1_ps(1), scale = _mm256_set1_ps((float)0.79788456080286535588), cubic = _mm256_set1_ps(0.044715f);
    for (long i = 0; i + 8 <= count; i += 8) {
        __m256 g = _mm256_loadu_ps(x + i);
        __m256 u = _mm256_mul_ps(scale, _mm256_add_ps(g, _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(cubic, g), g), g)));
        __m256 e = exp8(_mm256_mul_ps(_mm256_set1_ps(-2), u));
        _mm256_storeu_ps(x + i, _mm256_div_ps(g, _mm256_add_ps(one, e)));
    }
}
#endif
