#ifndef CKERNELS_H
#define CKERNELS_H

#include <stdint.h>

// The engine's hot loops written for AVX2, FMA and F16C, each compiled for those instructions by a function attribute
// (no compiler flag), so that one portable binary runs them where the CPU has them and the Swift SIMD twins elsewhere.
// Callers ask `saescope_kernels_avx2()` first. The quantized kernels take x permuted as `QuantizedDot.permute` leaves
// it (in each 32-element block, element 16g + 4l + k at 8k + 4g + l) and, where the format has a min or a bias, the
// 32-element block sums of x.

/// 1 when this CPU runs the kernels below (AVX2, FMA and F16C); always 0 off x86-64, where they do not exist.
int saescope_kernels_avx2(void);

#if defined(__x86_64__)
/// y[r] = Q4_1 row r · x for lower ≤ r < upper; rows are `stride` bytes apart from `base`, `count` elements long.
void saescope_q4_1_rows(const void *base, long stride, long lower, long upper, const float *xp, const float *sums, long count, float *y);
/// y[r] = Q8_0 row r · x for lower ≤ r < upper.
void saescope_q8_0_rows(const void *base, long stride, long lower, long upper, const float *xp, long count, float *y);
/// y[r] = Q4_0 row r · x for lower ≤ r < upper.
void saescope_q4_0_rows(const void *base, long stride, long lower, long upper, const float *xp, const float *sums, long count, float *y);
/// y[r] = Q5_0 row r · x for lower ≤ r < upper.
void saescope_q5_0_rows(const void *base, long stride, long lower, long upper, const float *xp, const float *sums, long count, float *y);
/// y[r] = Q5_1 row r · x for lower ≤ r < upper.
void saescope_q5_1_rows(const void *base, long stride, long lower, long upper, const float *xp, const float *sums, long count, float *y);
/// y[r] = Q4_K row r · x for lower ≤ r < upper.
void saescope_q4_k_rows(const void *base, long stride, long lower, long upper, const float *xp, const float *sums, long count, float *y);
/// y[r] = Q6_K row r · x for lower ≤ r < upper.
void saescope_q6_k_rows(const void *base, long stride, long lower, long upper, const float *xp, long count, float *y);
/// y[r] = F16 row r · x for lower ≤ r < upper, x not permuted; rows of `count` values (any count).
void saescope_f16_rows(const void *base, long stride, long lower, long upper, const float *x, long count, float *y);
/// y[r] = BF16 row r · x for lower ≤ r < upper, x not permuted; rows of `count` values (any count).
void saescope_bf16_rows(const void *base, long stride, long lower, long upper, const float *x, long count, float *y);
/// x rounded for the 8-bit kernels: per 32-element unit u, q[32u + i] = x[32u + i] / d[u] rounded to the nearest
/// integer (ties to even), with d[u] = max |x| over the unit / 127; sx[u] = d[u]·Σq over the unit, sx16[2u] and
/// sx16[2u + 1] the same over its halves.
typedef struct {
    const int8_t *q;
    const float *d;
    const float *sx;
    const float *sx16;
} saescope_x8;
/// Fills q, d, sx and sx16 from the `count` floats at x (`count` a multiple of 32), as `saescope_x8` describes.
void saescope_quantize_x8(const float *x, long count, int8_t *q, float *d, float *sx, float *sx16);
/// y[r] = Q4_0 row r · x for lower ≤ r < upper, x rounded to 8 bits (as the others below).
void saescope_q4_0_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y);
/// y[r] = Q4_1 row r · x.
void saescope_q4_1_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y);
/// y[r] = Q5_0 row r · x.
void saescope_q5_0_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y);
/// y[r] = Q5_1 row r · x.
void saescope_q5_1_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y);
/// y[r] = Q8_0 row r · x.
void saescope_q8_0_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y);
/// y[r] = Q4_K row r · x.
void saescope_q4_k_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y);
/// y[r] = Q5_K row r · x.
void saescope_q5_k_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y);
/// y[r] = Q6_K row r · x.
void saescope_q6_k_rows_x8(const void *base, long stride, long lower, long upper, saescope_x8 x, long count, float *y);
/// out[0..<count] = the F16 values at `source` as floats.
void saescope_dequantize_f16(const void *source, long count, float *out);
/// out[0..<count] = the BF16 values at `source` as floats.
void saescope_dequantize_bf16(const void *source, long count, float *out);
/// out[0..<count] = the Q4_1 blocks at `source` decoded, in element order (`count` a multiple of 32).
void saescope_dequantize_q4_1(const void *source, long count, float *out);
/// out[0..<count] = the Q4_0 blocks at `source` decoded (`count` a multiple of 32).
void saescope_dequantize_q4_0(const void *source, long count, float *out);
/// out[0..<count] = the Q5_0 blocks at `source` decoded (`count` a multiple of 32).
void saescope_dequantize_q5_0(const void *source, long count, float *out);
/// out[0..<count] = the Q5_1 blocks at `source` decoded (`count` a multiple of 32).
void saescope_dequantize_q5_1(const void *source, long count, float *out);
/// out[0..<count] = the Q8_0 blocks at `source` decoded (`count` a multiple of 32).
void saescope_dequantize_q8_0(const void *source, long count, float *out);
/// out[0..<count] = the Q4_K super-blocks at `source` decoded (`count` a multiple of 256).
void saescope_dequantize_q4_k(const void *source, long count, float *out);
/// out[0..<count] = the Q6_K super-blocks at `source` decoded (`count` a multiple of 256).
void saescope_dequantize_q6_k(const void *source, long count, float *out);
/// Σ a[i]·b[i] over `count` floats.
float saescope_dot_f32(const float *a, const float *b, long count);
/// out[c] = Σ_i weights[i]·rows[r·stride + c] for c < width, i < count, where r = indices[i], or i when indices is NULL.
void saescope_weighted_sum(const float *rows, long stride, const int *indices, const float *weights, long count, long width,
                           float *out);
/// scores[h·scores_stride + i] = scale · (query head h · key i) for h < heads, i < count: the heads' queries `dim`
/// floats apart from q, the keys `stride` values apart from keys, floats or (half ≠ 0) IEEE halves (any dim).
void saescope_attention_scores(const float *q, long heads, const void *keys, int half, long stride, long count, long dim,
                               float scale, float *scores, long scores_stride);
/// out[h·out_stride + c] = (out[…] +, when accumulate ≠ 0) Σ_i weights[h·weights_stride + i] · rows[i·stride + c] for
/// h < heads, c < width, i < count: the weighted sums of value rows (floats, or halves when half ≠ 0) that heads share.
void saescope_attention_sums(const void *rows, int half, long stride, const float *weights, long weights_stride, long heads,
                             long count, long width, float *out, long out_stride, int accumulate);
/// x[0..<count] ← softmax(x[0..<count]), count ≥ 1.
void saescope_softmax(float *x, long count);
/// x ← SiLU(x) on the first count − count % 8 values (the caller finishes the rest).
void saescope_silu(float *x, long count);
/// x ← GELU-tanh(x) on the first count − count % 8 values (the caller finishes the rest).
void saescope_gelu_tanh(float *x, long count);
#endif

#endif
