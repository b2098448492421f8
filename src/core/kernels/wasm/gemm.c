#include "gemm.h"

#define MR 4 // rows per micro-kernel: 4x8 outputs = 8 accumulators, leaving registers for A and B

EXPORT(pack_nn) void pack_nn(const f32 *B, int K, int N, int ldb, f32 *Bp) {
  for (int jp = 0; jp < N / 8; jp++)
    for (int k = 0; k < K; k++) {
      const f32 *s = B + k * ldb + jp * 8;
      f32 *d = Bp + (jp * K + k) * 8;
      ST(d, LD(s));
      ST(d + 4, LD(s + 4));
    }
}

EXPORT(pack_tn) void pack_tn(const f32 *W, int K, int N, int ldw, f32 *Bp) {
  for (int jp = 0; jp < N / 8; jp++)
    for (int k = 0; k < K; k++) {
      f32 *d = Bp + (jp * K + k) * 8;
      for (int c = 0; c < 8; c++) d[c] = W[(jp * 8 + c) * ldw + k];
    }
}

// One MR x 8 block of C over the whole K.
INLINE void block_mr(int K, const f32 *a, int lda, const f32 *bp, f32 *c, int ldc, int acc) {
  v4 c0[MR], c1[MR];
  for (int r = 0; r < MR; r++) {
    c0[r] = acc ? LD(c + r * ldc) : SPLAT(0.f);
    c1[r] = acc ? LD(c + r * ldc + 4) : SPLAT(0.f);
  }
  for (int k = 0; k < K; k++) {
    v4 b0 = LD(bp + k * 8), b1 = LD(bp + k * 8 + 4);
    for (int r = 0; r < MR; r++) {
      v4 av = wasm_v128_load32_splat(a + r * lda + k);
      c0[r] = MADD(av, b0, c0[r]);
      c1[r] = MADD(av, b1, c1[r]);
    }
  }
  for (int r = 0; r < MR; r++) {
    ST(c + r * ldc, c0[r]);
    ST(c + r * ldc + 4, c1[r]);
  }
}

INLINE void block_1(int K, const f32 *a, const f32 *bp, f32 *c, int acc) {
  v4 c0 = acc ? LD(c) : SPLAT(0.f), c1 = acc ? LD(c + 4) : SPLAT(0.f);
  for (int k = 0; k < K; k++) {
    v4 av = wasm_v128_load32_splat(a + k);
    c0 = MADD(av, LD(bp + k * 8), c0);
    c1 = MADD(av, LD(bp + k * 8 + 4), c1);
  }
  ST(c, c0);
  ST(c + 4, c1);
}

void gemm_packed(int M, int N, int K, const f32 *A, int lda, const f32 *Bp, f32 *C, int ldc, int acc) {
  for (int jp = 0; jp < N / 8; jp++) {
    const f32 *bp = Bp + jp * K * 8;
    int i = 0;
    for (; i + MR <= M; i += MR) block_mr(K, A + i * lda, lda, bp, C + i * ldc + jp * 8, ldc, acc);
    for (; i < M; i++) block_1(K, A + i * lda, bp, C + i * ldc + jp * 8, acc);
  }
}

// K is blocked so that a 4x8 block's slices of A and B stay in cache across the j/i loops.
void gemm_tn_acc(int M, int N, int K, const f32 *A, int lda, const f32 *B, int ldb, f32 *C, int ldc) {
  for (int k0 = 0; k0 < K; k0 += 128) {
    int k1 = k0 + 128 < K ? k0 + 128 : K;
    for (int j = 0; j < N; j += 8)
      for (int i = 0; i < M; i += 4) {
        v4 c0[4], c1[4];
        for (int r = 0; r < 4; r++) {
          c0[r] = LD(C + (i + r) * ldc + j);
          c1[r] = LD(C + (i + r) * ldc + j + 4);
        }
        for (int k = k0; k < k1; k++) {
          v4 a4 = LD(A + k * lda + i), b0 = LD(B + k * ldb + j), b1 = LD(B + k * ldb + j + 4);
          v4 a = wasm_i32x4_shuffle(a4, a4, 0, 0, 0, 0);
          c0[0] = MADD(a, b0, c0[0]), c1[0] = MADD(a, b1, c1[0]);
          a = wasm_i32x4_shuffle(a4, a4, 1, 1, 1, 1);
          c0[1] = MADD(a, b0, c0[1]), c1[1] = MADD(a, b1, c1[1]);
          a = wasm_i32x4_shuffle(a4, a4, 2, 2, 2, 2);
          c0[2] = MADD(a, b0, c0[2]), c1[2] = MADD(a, b1, c1[2]);
          a = wasm_i32x4_shuffle(a4, a4, 3, 3, 3, 3);
          c0[3] = MADD(a, b0, c0[3]), c1[3] = MADD(a, b1, c1[3]);
        }
        for (int r = 0; r < 4; r++) {
          ST(C + (i + r) * ldc + j, c0[r]);
          ST(C + (i + r) * ldc + j + 4, c1[r]);
        }
      }
  }
}
