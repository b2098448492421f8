// Single-precision GEMM: B (the weights) packed once per call into 8-column panels, a 4x8
// register-blocked micro-kernel. Any row and column counts; gemm_tn_acc needs M % 4 == 0.
#pragma once
#include "simd.h"

// Bp[jp][k][0..7] = B[k][jp*8 .. jp*8+7] for B [K, N] with row stride ldb.
void pack_nn(const f32 *B, int K, int N, int ldb, f32 *Bp);
// Packs W^T for W [N, K] with row stride ldw, i.e. Bp as pack_nn of the [K, N] matrix W^T.
void pack_tn(const f32 *W, int K, int N, int ldw, f32 *Bp);
// C[M, N] = A[M, K] . B (acc = 0) or C += A . B (acc = 1), B packed.
void gemm_packed(int M, int N, int K, const f32 *A, int lda, const f32 *Bp, f32 *C, int ldc, int acc);
// C[M, N] += A^T . B with A [K, M] (lda), B [K, N] (ldb): weight gradients X^T dY. M % 4 == 0.
void gemm_tn_acc(int M, int N, int K, const f32 *A, int lda, const f32 *B, int ldb, f32 *C, int ldc);
// C[M, N] += sum over T steps of X_t^T . Y_t, where X_t, Y_t are the B rows of step t of time-major
// arrays whose steps are Bs rows apart (row strides ldx, ldy): a weight's gradient over a sequence.
// One GEMM over all T B rows when they are contiguous (Bs == B), else one per step (a thread's
// share of a split batch). M % 4 == 0.
void steps_tn_acc(int T, int B, int Bs, int M, int N, const f32 *X, int ldx, const f32 *Y, int ldy, f32 *C);
// out[N] = the sum of the B rows of each of T steps Bs rows apart (x [T Bs, n]), as steps_tn_acc.
void steps_colsum(int T, int B, int Bs, int n, const f32 *x, f32 *out);
