#include "gemm.h"

#define MR 4 // rows per micro-kernel: 4x8 outputs = 8 accumulators, leaving registers for A and B

// The last panel of a width that is not a multiple of 8 holds cols < 8 columns: it is read and
// written lane by lane (zeros beyond), so that nothing outside the matrices is touched.
INLINE v4 load_part(const f32 *p, int n) { // n in 0..4
  v4 v = SPLAT(0.f);
  if (n > 0) v = wasm_v128_load32_lane(p, v, 0);
  if (n > 1) v = wasm_v128_load32_lane(p + 1, v, 1);
  if (n > 2) v = wasm_v128_load32_lane(p + 2, v, 2);
  if (n > 3) v = wasm_v128_load32_lane(p + 3, v, 3);
  return v;
}
INLINE void store_part(f32 *p, v4 v, int n) {
  if (n > 0) wasm_v128_store32_lane(p, v, 0);
  if (n > 1) wasm_v128_store32_lane(p + 1, v, 1);
  if (n > 2) wasm_v128_store32_lane(p + 2, v, 2);
  if (n > 3) wasm_v128_store32_lane(p + 3, v, 3);
}
INLINE int clamp4(int n) { return n < 0 ? 0 : n > 4 ? 4 : n; }
INLINE v4 load8_lo(const f32 *p, int cols) { return cols == 8 ? LD(p) : load_part(p, clamp4(cols)); }
INLINE v4 load8_hi(const f32 *p, int cols) { return cols == 8 ? LD(p + 4) : load_part(p + 4, clamp4(cols - 4)); }
INLINE void store8(f32 *p, v4 lo, v4 hi, int cols) {
  if (cols == 8) {
    ST(p, lo), ST(p + 4, hi);
    return;
  }
  store_part(p, lo, clamp4(cols)), store_part(p + 4, hi, clamp4(cols - 4));
}
INLINE int panel_cols(int N, int jp) { return N - jp * 8 < 8 ? N - jp * 8 : 8; }

EXPORT(pack_nn) EXPORT(pack_nn) void pack_nn(const f32 *B, int K, int N, int ldb, f32 *Bp) {
  for (int jp = 0; jp < (N + 7) / 8; jp++) {
    const int cols = panel_cols(N, jp);
    for (int k = 0; k < K; k++) {
      const f32 *s = B + k * ldb + jp * 8;
      f32 *d = Bp + (jp * K + k) * 8;
      ST(d, load8_lo(s, cols));
      ST(d + 4, load8_hi(s, cols));
    }
  }
}

EXPORT(pack_tn) void pack_tn(const f32 *W, int K, int N, int ldw, f32 *Bp) {
  for (int jp = 0; jp < (N + 7) / 8; jp++) {
    const int cols = panel_cols(N, jp);
    for (int k = 0; k < K; k++) {
      f32 *d = Bp + (jp * K + k) * 8;
      for (int c = 0; c < 8; c++) d[c] = c < cols ? W[(jp * 8 + c) * ldw + k] : 0.f;
    }
  }
}

// One MR x 8 block of C over the whole K.
INLINE void block_mr(int K, const f32 *a, int lda, const f32 *bp, f32 *c, int ldc, int acc, int cols) {
  v4 c0[MR], c1[MR];
  for (int r = 0; r < MR; r++) {
    c0[r] = acc ? load8_lo(c + r * ldc, cols) : SPLAT(0.f);
    c1[r] = acc ? load8_hi(c + r * ldc, cols) : SPLAT(0.f);
  }
  for (int k = 0; k < K; k++) {
    v4 b0 = LD(bp + k * 8), b1 = LD(bp + k * 8 + 4);
    for (int r = 0; r < MR; r++) {
      v4 av = wasm_v128_load32_splat(a + r * lda + k);
      c0[r] = MADD(av, b0, c0[r]);
      c1[r] = MADD(av, b1, c1[r]);
    }
  }
  for (int r = 0; r < MR; r++) store8(c + r * ldc, c0[r], c1[r], cols);
}

INLINE void block_1(int K, const f32 *a, const f32 *bp, f32 *c, int acc, int cols) {
  v4 c0 = acc ? load8_lo(c, cols) : SPLAT(0.f), c1 = acc ? load8_hi(c, cols) : SPLAT(0.f);
  for (int k = 0; k < K; k++) {
    v4 av = wasm_v128_load32_splat(a + k);
    c0 = MADD(av, LD(bp + k * 8), c0);
    c1 = MADD(av, LD(bp + k * 8 + 4), c1);
  }
  store8(c, c0, c1, cols);
}

void gemm_packed(int M, int N, int K, const f32 *A, int lda, const f32 *Bp, f32 *C, int ldc, int acc) {
  for (int jp = 0; jp < (N + 7) / 8; jp++) {
    const f32 *bp = Bp + jp * K * 8;
    const int cols = panel_cols(N, jp);
    int i = 0;
    for (; i + MR <= M; i += MR) block_mr(K, A + i * lda, lda, bp, C + i * ldc + jp * 8, ldc, acc, cols);
    for (; i < M; i++) block_1(K, A + i * lda, bp, C + i * ldc + jp * 8, acc, cols);
  }
}

// K is blocked so that a 4x8 block's slices of A and B stay in cache across the j/i loops.
void gemm_tn_acc(int M, int N, int K, const f32 *A, int lda, const f32 *B, int ldb, f32 *C, int ldc) {
  for (int k0 = 0; k0 < K; k0 += 128) {
    int k1 = k0 + 128 < K ? k0 + 128 : K;
    for (int j = 0; j < N; j += 8) {
      const int cols = N - j < 8 ? N - j : 8;
      for (int i = 0; i < M; i += 4) {
        v4 c0[4], c1[4];
        for (int r = 0; r < 4; r++) {
          c0[r] = load8_lo(C + (i + r) * ldc + j, cols);
          c1[r] = load8_hi(C + (i + r) * ldc + j, cols);
        }
        for (int k = k0; k < k1; k++) {
          v4 a4 = LD(A + k * lda + i), b0 = load8_lo(B + k * ldb + j, cols), b1 = load8_hi(B + k * ldb + j, cols);
          v4 a = wasm_i32x4_shuffle(a4, a4, 0, 0, 0, 0);
          c0[0] = MADD(a, b0, c0[0]), c1[0] = MADD(a, b1, c1[0]);
          a = wasm_i32x4_shuffle(a4, a4, 1, 1, 1, 1);
          c0[1] = MADD(a, b0, c0[1]), c1[1] = MADD(a, b1, c1[1]);
          a = wasm_i32x4_shuffle(a4, a4, 2, 2, 2, 2);
          c0[2] = MADD(a, b0, c0[2]), c1[2] = MADD(a, b1, c1[2]);
          a = wasm_i32x4_shuffle(a4, a4, 3, 3, 3, 3);
          c0[3] = MADD(a, b0, c0[3]), c1[3] = MADD(a, b1, c1[3]);
        }
        for (int r = 0; r < 4; r++) store8(C + (i + r) * ldc + j, c0[r], c1[r], cols);
      }
    }
  }
}

void steps_tn_acc(int T, int B, int Bs, int M, int N, const f32 *X, int ldx, const f32 *Y, int ldy, f32 *C) {
  if (Bs == B) {
    gemm_tn_acc(M, N, T * B, X, ldx, Y, ldy, C, N);
    return;
  }
  for (int t = 0; t < T; t++) gemm_tn_acc(M, N, B, X + t * Bs * ldx, ldx, Y + t * Bs * ldy, ldy, C, N);
}

void steps_colsum(int T, int B, int Bs, int n, const f32 *x, f32 *out) {
  vzero(out, n);
  for (int t = 0; t < T; t++)
    for (int j = 0; j < n; j += 4) {
      v4 acc = LD(out + j);
      for (int b = 0; b < B; b++) acc = ADD(acc, LD(x + (t * Bs + b) * n + j));
      ST(out + j, acc);
    }
}
