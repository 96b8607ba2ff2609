// The float kernels: a dot product, a weighted sum of rows (attention's values, a training step's active features),
// and the MLP's SiLU and GELU-tanh on the exponential of Avx2.h. Each mirrors its Swift twin (QuantizedDot.f32,
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
