// C = A B (+ bias) for every matmul of a step (input projections, attention keys, the output layer), forward
// and backward, on the packed GEMM with B's packs cached while B lives (wasm/heap.ts). Measured
// against XNNPACK (load ~5): 1x768x1000 0.17 vs 0.25 ms, 64x768x1000 2.9 vs 5.1 ms,
// 1280x512x1000 67 vs 83 ms (with packing).
//   dA = dC B^T,   dB = A^T dC,   dbias = sum of the rows of dC
#include "gemm.h"

// A [M, K], C [M, N]; Bp: B [K, N] packed (pack_nn); bias [N] or 0.
EXPORT(matmul_fwd) void matmul_fwd(int M, int N, int K, const f32 *A, const f32 *Bp, const f32 *bias, f32 *C) {
  if (bias)
    for (int i = 0; i < M; i++) __builtin_memcpy(C + i * N, bias, N * sizeof(f32));
  gemm_packed(M, N, K, A, K, Bp, C, N, bias != 0);
}

// dA [M, K], dB [K, N] (K % 4 == 0), dbias [N] or 0; BTp: B^T packed (pack_tn of B).
EXPORT(matmul_bwd)
void matmul_bwd(int M, int N, int K, const f32 *A, const f32 *BTp, const f32 *dC, f32 *dA, f32 *dB, f32 *dbias) {
  gemm_packed(M, K, N, dC, N, BTp, dA, K, 0);
  __builtin_memset(dB, 0, K * N * sizeof(f32));
  gemm_tn_acc(K, N, M, A, K, dC, N, dB, N);
  if (!dbias) return;
  __builtin_memset(dbias, 0, N * sizeof(f32));
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) dbias[j] += dC[i * N + j];
}
