// C = A B for the large matmuls of a training step (input projections, attention keys, the output
// layer), forward and backward, where the packed GEMM beats XNNPACK: measured 1.2-2.2x on
// [1280 x 512] x [512 x 1000]-like shapes (gemm.h), while XNNPACK wins on 64-row ones.
//   dA = dC B^T,   dB = A^T dC
#include "gemm.h"

// A [M, K], B [K, N], C [M, N], contiguous. Bp: scratch for the packed B, K x round8(N).
EXPORT(matmul_fwd) void matmul_fwd(int M, int N, int K, const f32 *A, const f32 *B, f32 *C, f32 *Bp) {
  pack_nn(B, K, N, N, Bp);
  gemm_packed(M, N, K, A, K, Bp, C, N, 0);
}

// dA [M, K], dB [K, N] (K % 4 == 0). Bp: scratch, N x round8(K).
EXPORT(matmul_bwd)
void matmul_bwd(int M, int N, int K, const f32 *A, const f32 *B, const f32 *dC, f32 *dA, f32 *dB, f32 *Bp) {
  pack_tn(B, N, K, N, Bp);
  gemm_packed(M, K, N, dC, N, Bp, dA, K, 0);
  for (int i = 0; i < K * N; i++) dB[i] = 0.f;
  gemm_tn_acc(K, N, M, A, K, dC, N, dB, N);
}
