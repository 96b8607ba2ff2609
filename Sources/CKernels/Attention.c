// The steps of attention over a key/value cache: the scores of a group of query heads that share one key head, read
// in one pass over the keys, the softmax of a row of scores, and the heads' weighted sums of values, read in one pass
// over the values. Their Swift twins are the portable paths of `AttentionKernels` (one dot product per position, the
// C library's `exp`, one weighted sum per head); tests hold both to float64.
#include "CKernels.h"

#if defined(__x86_64__)
#include "Avx2.h"
#include <math.h>

/// `HEADS` query heads (1 to 4) over the keys: each key's eight-float steps loaded once for all of them.
static inline AVX2 void scores_of(int HEADS, const float *q, const float *keys, long stride, long count, long dim, float scale,
                                  float *scores) {
    for (long i = 0; i < count; i++) {
        const float *key = keys + i * stride;
        __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
        long e = 0;
        for (; e + 8 <= dim; e += 8) {
            __m256 k = _mm256_loadu_ps(key + e);
            for (int h = 0; h < HEADS; h++) acc[h] = _mm256_fmadd_ps(_mm256_loadu_ps(q + h * dim + e), k, acc[h]);
        }
        for (int h = 0; h < HEADS; h++) {
            float sum = lane_sum(acc[h]);
            for (long t = e; t < dim; t++) sum += q[h * dim + t] * key[t];
            scores[h * count + i] = scale * sum;
        }
    }
}

void AVX2 saescope_attention_scores(const float *q, long heads, const float *keys, long stride, long count, long dim, float scale,
                                     float *scores) {
    for (long h = 0; h < heads; h += 4) {
        const float *qh = q + h * dim;
        float *out = scores + h * count;
        // Constant head counts, so that each case keeps its accumulators in registers.
        switch (heads - h < 4 ? heads - h : 4) {
        case 1: scores_of(1, qh, keys, stride, count, dim, scale, out); break;
        case 2: scores_of(2, qh, keys, stride, count, dim, scale, out); break;
        case 3: scores_of(3, qh, keys, stride, count, dim, scale, out); break;
        default: scores_of(4, qh, keys, stride, count, dim, scale, out); break;
        }
    }
}

/// `HEADS` heads' sums (2 to 4) over the rows: `VECTORS` eight-float vectors of outputs of each head held in registers
/// (eight or sixteen accumulators) while the rows go by.
static inline AVX2 void sums_of(int HEADS, int VECTORS, const float *rows, long stride, const float *weights, long count, long width,
                                float *out, long out_stride) {
    long column = 0;
    for (; column + 8 * VECTORS <= width; column += 8 * VECTORS) {
        __m256 acc[4][4];
        for (int h = 0; h < HEADS; h++) for (int v = 0; v < VECTORS; v++) acc[h][v] = _mm256_setzero_ps();
        for (long i = 0; i < count; i++) {
            const float *row = rows + i * stride + column;
            __m256 values[4];
            for (int v = 0; v < VECTORS; v++) values[v] = _mm256_loadu_ps(row + 8 * v);
            for (int h = 0; h < HEADS; h++) {
                __m256 w = _mm256_set1_ps(weights[h * count + i]);
                for (int v = 0; v < VECTORS; v++) acc[h][v] = _mm256_fmadd_ps(w, values[v], acc[h][v]);
            }
        }
        for (int h = 0; h < HEADS; h++) for (int v = 0; v < VECTORS; v++) _mm256_storeu_ps(out + h * out_stride + column + 8 * v, acc[h][v]);
    }
    for (; column + 8 <= width; column += 8) {
        __m256 acc[4];
        for (int h = 0; h < HEADS; h++) acc[h] = _mm256_setzero_ps();
        for (long i = 0; i < count; i++) {
            __m256 values = _mm256_loadu_ps(rows + i * stride + column);
            for (int h = 0; h < HEADS; h++) acc[h] = _mm256_fmadd_ps(_mm256_set1_ps(weights[h * count + i]), values, acc[h]);
        }
        for (int h = 0; h < HEADS; h++) _mm256_storeu_ps(out + h * out_stride + column, acc[h]);
    }
    for (; column < width; column++) {
        for (int h = 0; h < HEADS; h++) {
            float a = 0;
            for (long i = 0; i < count; i++) a += weights[h * count + i] * rows[i * stride + column];
            out[h * out_stride + column] = a;
        }
    }
}

void AVX2 saescope_attention_sums(const float *rows, long stride, const float *weights, long heads, long count, long width,
                                   float *out, long out_stride) {
    for (long h = 0; h < heads; h += 4) {
        const float *w = weights + h * count;
        float *o = out + h * out_stride;
        switch (heads - h < 4 ? heads - h : 4) {
        // One head: the row kernel's 64 outputs in registers.
        case 1: saescope_weighted_sum(rows, stride, NULL, w, count, width, o); break;
        case 2: sums_of(2, 4, rows, stride, w, count, width, o, out_stride); break;
        case 3: sums_of(3, 2, rows, stride, w, count, width, o, out_stride); break;
        default: sums_of(4, 2, rows, stride, w, count, width, o, out_stride); break;
        }
    }
}

void AVX2 saescope_softmax(float *x, long count) {
    __m256 top = _mm256_set1_ps(-INFINITY);
    long i = 0;
    for (; i + 8 <= count; i += 8) top = _mm256_max_ps(top, _mm256_loadu_ps(x + i));
    float most = -INFINITY;
    float lanes[8];
    _mm256_storeu_ps(lanes, top);
    for (int l = 0; l < 8; l++) most = lanes[l] > most ? lanes[l] : most;
    for (long t = i; t < count; t++) most = x[t] > most ? x[t] : most;
    const __m256 shift = _mm256_set1_ps(most);
    __m256 sums = _mm256_setzero_ps();
    for (i = 0; i + 8 <= count; i += 8) {
        __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(x + i), shift));
        _mm256_storeu_ps(x + i, e);
        sums = _mm256_add_ps(sums, e);
    }
    float sum = lane_sum(sums);
    if (i < count) {
        // The tail through the same exponential, its unused lanes left out of the sum.
        float tail[8] = {0};
        for (long t = i; t < count; t++) tail[t - i] = x[t];
        _mm256_storeu_ps(tail, exp8(_mm256_sub_ps(_mm256_loadu_ps(tail), shift)));
        for (long t = i; t < count; t++) {
            x[t] = tail[t - i];
            sum += x[t];
        }
    }
    const __m256 inverse = _mm256_set1_ps(1 / sum);
    for (i = 0; i + 8 <= count; i += 8) _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), inverse));
    for (; i < count; i++) x[i] *= 1 / sum;
}
#endif
