// The steps of attention over a key/value cache: the scores of a group of query heads that share one key head, read
// in one pass over the keys, the softmax of a row of scores, and the heads' weighted sums of values, read in one pass
// over the values. Their Swift twins are the portable paths of `AttentionKernels` (one dot product per position, the
// C library's `exp`, one weighted sum per head); tests hold both to float64.
#include "CKernels.h"

#if defined(__x86_64__)
#include "Avx2.h"
#include <math.h>

/// Eight values of a cached row at `at`: floats, or IEEE halves when `HALF`.
static inline AVX2 __m256 eight_at(int HALF, const void *row, long at) {
    return HALF ? _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)((const uint16_t *)row + at))) : _mm256_loadu_ps((const float *)row + at);
}

/// One value of a cached row.
static inline AVX2 float one_at(int HALF, const void *row, long at) {
    return HALF ? _cvtsh_ss(((const uint16_t *)row)[at]) : ((const float *)row)[at];
}

/// The row `i` rows of `stride` values past `rows`.
static inline const void *row_at(int HALF, const void *rows, long i, long stride) {
    return HALF ? (const void *)((const uint16_t *)rows + i * stride) : (const void *)((const float *)rows + i * stride);
}

/// `HEADS` query heads (1 to 4) over the keys: each key's eight-value steps loaded once for all of them.
static inline AVX2 void scores_of(int HEADS, int HALF, const float *q, const void *keys, long stride, long count, long dim,
                                  float scale, float *scores, long scores_stride) {
    for (long i = 0; i < count; i++) {
        const void *key = row_at(HALF, keys, i, stride);
        __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
        long e = 0;
        for (; e + 8 <= dim; e += 8) {
            __m256 k = eight_at(HALF, key, e);
            for (int h = 0; h < HEADS; h++) acc[h] = _mm256_fmadd_ps(_mm256_loadu_ps(q + h * dim + e), k, acc[h]);
        }
        for (int h = 0; h < HEADS; h++) {
            float sum = lane_sum(acc[h]);
            for (long t = e; t < dim; t++) sum += q[h * dim + t] * one_at(HALF, key, t);
            scores[h * scores_stride + i] = scale * sum;
        }
    }
}

void AVX2 saescope_attention_scores(const float *q, long heads, const void *keys, int half, long stride, long count, long dim,
                                     float scale, float *scores, long scores_stride) {
    for (long h = 0; h < heads; h += 4) {
        const float *qh = q + h * dim;
        float *out = scores + h * scores_stride;
        // Constant head counts and formats, so that each case keeps its accumulators in registers.
        long group = heads - h < 4 ? heads - h : 4;
        if (half) {
            switch (group) {
            case 1: scores_of(1, 1, qh, keys, stride, count, dim, scale, out, scores_stride); break;
            case 2: scores_of(2, 1, qh, keys, stride, count, dim, scale, out, scores_stride); break;
            case 3: scores_of(3, 1, qh, keys, stride, count, dim, scale, out, scores_stride); break;
            default: scores_of(4, 1, qh, keys, stride, count, dim, scale, out, scores_stride); break;
            }
        } else {
            switch (group) {
            case 1: scores_of(1, 0, qh, keys, stride, count, dim, scale, out, scores_stride); break;
            case 2: scores_of(2, 0, qh, keys, stride, count, dim, scale, out, scores_stride); break;
            case 3: scores_of(3, 0, qh, keys, stride, count, dim, scale, out, scores_stride); break;
            default: scores_of(4, 0, qh, keys, stride, count, dim, scale, out, scores_stride); break;
            }
        }
    }
}

/// out ← acc, or out + acc when `accumulate`.
static inline AVX2 void put(float *out, __m256 acc, int accumulate) {
    _mm256_storeu_ps(out, accumulate ? _mm256_add_ps(_mm256_loadu_ps(out), acc) : acc);
}

/// `HEADS` heads' sums (1 to 4) over the rows: `VECTORS` eight-value vectors of outputs of each head held in registers
/// (eight to sixteen accumulators) while the rows go by, then an eight-wide tail and a scalar one.
static inline AVX2 void sums_of(int HEADS, int VECTORS, int HALF, const void *rows, long stride, const float *weights,
                                long weights_stride, long count, long width, float *out, long out_stride, int accumulate) {
    long column = 0;
    for (; column + 8 * VECTORS <= width; column += 8 * VECTORS) {
        __m256 acc[4][4];
        for (int h = 0; h < HEADS; h++) for (int v = 0; v < VECTORS; v++) acc[h][v] = _mm256_setzero_ps();
        for (long i = 0; i < count; i++) {
            const void *row = row_at(HALF, rows, i, stride);
            __m256 values[4];
            for (int v = 0; v < VECTORS; v++) values[v] = eight_at(HALF, row, column + 8 * v);
            for (int h = 0; h < HEADS; h++) {
                __m256 w = _mm256_set1_ps(weights[h * weights_stride + i]);
                for (int v = 0; v < VECTORS; v++) acc[h][v] = _mm256_fmadd_ps(w, values[v], acc[h][v]);
            }
        }
        for (int h = 0; h < HEADS; h++) for (int v = 0; v < VECTORS; v++) put(out + h * out_stride + column + 8 * v, acc[h][v], accumulate);
    }
    for (; column + 8 <= width; column += 8) {
        __m256 acc[4];
        for (int h = 0; h < HEADS; h++) acc[h] = _mm256_setzero_ps();
        for (long i = 0; i < count; i++) {
            __m256 values = eight_at(HALF, row_at(HALF, rows, i, stride), column);
            for (int h = 0; h < HEADS; h++) acc[h] = _mm256_fmadd_ps(_mm256_set1_ps(weights[h * weights_stride + i]), values, acc[h]);
        }
        for (int h = 0; h < HEADS; h++) put(out + h * out_stride + column, acc[h], accumulate);
    }
    for (; column < width; column++) {
        for (int h = 0; h < HEADS; h++) {
            float a = 0;
            for (long i = 0; i < count; i++) a += weights[h * weights_stride + i] * one_at(HALF, row_at(HALF, rows, i, stride), column);
            out[h * out_stride + column] = accumulate ? out[h * out_stride + column] + a : a;
        }
    }
}

void AVX2 saescope_attention_sums(const void *rows, int half, long stride, const float *weights, long weights_stride, long heads,
                                   long count, long width, float *out, long out_stride, int accumulate) {
    for (long h = 0; h < heads; h += 4) {
        const float *w = weights + h * weights_stride;
        float *o = out + h * out_stride;
        long group = heads - h < 4 ? heads - h : 4;
        if (group == 1 && !half && !accumulate) {
            // One float head: the row kernel's 64 outputs in registers.
            saescope_weighted_sum((const float *)rows, stride, NULL, w, count, width, o);
        } else if (half) {
            switch (group) {
            case 1: sums_of(1, 4, 1, rows, stride, w, weights_stride, count, width, o, out_stride, accumulate); break;
            case 2: sums_of(2, 4, 1, rows, stride, w, weights_stride, count, width, o, out_stride, accumulate); break;
            case 3: sums_of(3, 2, 1, rows, stride, w, weights_stride, count, width, o, out_stride, accumulate); break;
            default: sums_of(4, 2, 1, rows, stride, w, weights_stride, count, width, o, out_stride, accumulate); break;
            }
        } else {
            switch (group) {
            case 1: sums_of(1, 4, 0, rows, stride, w, weights_stride, count, width, o, out_stride, accumulate); break;
            case 2: sums_of(2, 4, 0, rows, stride, w, weights_stride, count, width, o, out_stride, accumulate); break;
            case 3: sums_of(3, 2, 0, rows, stride, w, weights_stride, count, width, o, out_stride, accumulate); break;
            default: sums_of(4, 2, 0, rows, stride, w, weights_stride, count, width, o, out_stride, accumulate); break;
            }
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
