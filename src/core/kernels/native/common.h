// Shared by the custom TensorFlow ops of the native backend (rnn.cc, decoder.cc, loss.cc): tensor
// access, GEMMs on TensorFlow's intra-op thread pool, and the GRU/LSTM pointwise math of one batch
// row. The math is the wasm kernels' (src/core/kernels/wasm/cells.h, the derivations are there) in
// Eigen arrays, whose tanh/logistic are vectorised (AVX2 when the build machine has it).
#pragma once
#define EIGEN_USE_THREADS
#include <algorithm>
#include <cstdint>

#include "tensorflow/core/framework/common_shape_fns.h"
#include "tensorflow/core/framework/op.h"
#include "tensorflow/core/framework/op_kernel.h"
#include "tensorflow/core/framework/shape_inference.h"
#include "unsupported/Eigen/CXX11/Tensor"

namespace s2s {

using tensorflow::OpKernel;
using tensorflow::OpKernelConstruction;
using tensorflow::OpKernelContext;
using tensorflow::Tensor;
using tensorflow::TensorShape;
using CPU = Eigen::ThreadPoolDevice;
using Arr = Eigen::Map<Eigen::ArrayXf>;
using CArr = Eigen::Map<const Eigen::ArrayXf>;
using i64 = int64_t;

// ------------------------------------------------------------------------------- tensor access
inline const float *F(const Tensor &t) { return t.NumElements() ? t.flat<float>().data() : nullptr; }
inline float *F(Tensor *t) { return t->NumElements() ? t->flat<float>().data() : nullptr; }

// Optional inputs arrive as empty tensors (a TF op has a fixed input list): null, as in the wasm C.
inline const float *opt(OpKernelContext *ctx, int i) { return F(ctx->input(i)); }

// Allocation failures are recorded on ctx (OpKernelContext::status), which Compute checks once
// after allocating everything; the pointer is then null.
template <typename Ctx>
inline bool ok(Ctx *ctx, const absl::Status &s) {
  if (!s.ok()) ctx->CtxFailure(__FILE__, __LINE__, s);
  return s.ok();
}

inline float *output(OpKernelContext *ctx, int i, TensorShape shape) {
  Tensor *t = nullptr;
  return ok(ctx, ctx->allocate_output(i, shape, &t)) ? F(t) : nullptr;
}

// Scratch of n floats, kept alive by the caller's Tensor.
inline float *scratch(OpKernelContext *ctx, Tensor *t, i64 n) {
  if (!ok(ctx, ctx->allocate_temp(tensorflow::DT_FLOAT, TensorShape({n > 0 ? n : 1}), t))) return nullptr;
  return t->flat<float>().data();
}

// Shape checks, so that a wrong call fails with a message instead of reading out of bounds (which
// would take the whole process down with it). Run before any dim_size(), which aborts on a bad rank.
// has(t, {d0, d1, ...}): t has exactly these dims (-1: any).
inline bool has(const Tensor &t, std::initializer_list<i64> dims) {
  if (t.dims() != static_cast<int>(dims.size())) return false;
  int k = 0;
  for (i64 d : dims) {
    if (d >= 0 && t.dim_size(k) != d) return false;
    k++;
  }
  return true;
}
inline bool absent_or(const Tensor &t, std::initializer_list<i64> dims) { return t.NumElements() == 0 || has(t, dims); }

inline bool check(OpKernelContext *ctx, bool cond, const char *what) {
  if (!cond)
    ctx->CtxFailure(__FILE__, __LINE__,
                    absl::InvalidArgumentError(std::string(ctx->op_kernel().type_string()) + ": " + what));
  return cond;
}

// W_h [H, gates H] of a GRU (3 gates) or LSTM (4).
inline bool recurrent_ok(const Tensor &wh, bool lstm) {
  return has(wh, {-1, -1}) && wh.dim_size(1) == (lstm ? 4 : 3) * wh.dim_size(0);
}

// Rows of a time-major [T B, ...] tensor: a whole number of steps of a non-empty batch.
inline bool steps_ok(const Tensor &t, i64 B) { return t.dims() >= 1 && B > 0 && t.dim_size(0) % B == 0; }

// Every id of an int32 tensor in [0, n): the row (embedding) or column (logits) it indexes exists.
inline bool ids_in_range(const Tensor &ids, i64 n) {
  const auto v = ids.flat<int32_t>();
  return std::all_of(v.data(), v.data() + v.size(), [n](int32_t id) { return id >= 0 && id < n; });
}

template <typename T>
inline T attr(OpKernelConstruction *c, const char *name) {
  T v{};
  ok(c, c->GetAttr(name, &v));
  return v;
}

// ------------------------------------------------------------------------------------- GEMMs
// C [M, N] (+)= op(A) op(B) on the intra-op pool (2 threads here). NN: A [M, K], B [K, N];
// NT: A [M, K], B [N, K]; TN: A [K, M], B [K, N]. All contiguous row-major.
enum class Gemm { NN, NT, TN };

inline void gemm(const CPU &d, Gemm op, i64 M, i64 N, i64 K, const float *a, const float *b, float *c,
                 bool accumulate) {
  using Map = Eigen::TensorMap<Eigen::Tensor<float, 2, Eigen::RowMajor>>;
  using CMap = Eigen::TensorMap<Eigen::Tensor<const float, 2, Eigen::RowMajor>>;
  const bool ta = op == Gemm::TN, tb = op == Gemm::NT;
  CMap A(a, ta ? K : M, ta ? M : K), B(b, tb ? N : K, tb ? K : N);
  const Eigen::array<Eigen::IndexPair<int>, 1> dims = {Eigen::IndexPair<int>(ta ? 0 : 1, tb ? 1 : 0)};
  Map C(c, M, N);
  if (accumulate) C.device(d) += A.contract(B, dims);
  else C.device(d) = A.contract(B, dims);
}

// Column sums of x [R, C] into out [C].
inline void colsum(const CPU &d, const float *x, i64 R, i64 C, float *out) {
  using V = Eigen::TensorMap<Eigen::Tensor<float, 1, Eigen::RowMajor>>;
  using CMap = Eigen::TensorMap<Eigen::Tensor<const float, 2, Eigen::RowMajor>>;
  V(out, C).device(d) = CMap(x, R, C).sum(Eigen::array<int, 1>{0});
}

// Copies columns [off, off + W) of the rows of x [R, ld] into a contiguous [R, W].
inline void columns(const float *x, i64 R, i64 ld, i64 off, i64 W, float *out) {
  for (i64 r = 0; r < R; r++) std::copy(x + r * ld + off, x + r * ld + off + W, out + r * W);
}

// fn(b) for every batch row b on the pool; cost: ~cycles per row (Eigen decides the split).
template <typename Fn>
inline void rows(const CPU &d, i64 B, double cost, Fn fn) {
  d.parallelFor(B, Eigen::TensorOpCost(0, 0, cost), [&](Eigen::Index b0, Eigen::Index b1) {
    for (Eigen::Index b = b0; b < b1; b++) fn(b);
  });
}

// ------------------------------------------------------------------------ GRU and LSTM rows
// m: 1 for a real token, 0 for padding (the state is carried: h = h_prev + m (h_new - h_prev)).
constexpr int GRU_WS = 4;   // saved r, z, n, hn
constexpr int LSTM_WS = 5;  // saved i, f, g, o, tanh c'

inline int saved_width(bool lstm) { return lstm ? LSTM_WS : GRU_WS; }
inline int gate_count(bool lstm) { return lstm ? 4 : 3; }

// x: input gates [3H], g: h W_h [3H], b: b_h [3H]; PyTorch's convention, reset after the matmul.
inline void gru_fwd_row(i64 H, const float *x, const float *g, const float *b, const float *hp, float m, float *h,
                        float *w) {
  Arr r(w, H), z(w + H, H), n(w + 2 * H, H), hn(w + 3 * H, H);
  r = (CArr(x, H) + CArr(g, H) + CArr(b, H)).logistic();
  z = (CArr(x + H, H) + CArr(g + H, H) + CArr(b + H, H)).logistic();
  hn = CArr(g + 2 * H, H) + CArr(b + 2 * H, H);
  n = (CArr(x + 2 * H, H) + r * hn).tanh();
  const CArr prev(hp, H);
  Arr(h, H) = prev + m * (n + z * (prev - n) - prev);
}

// dy: dL/dh; writes d(x) [3H], d(h W_h + b_h) [3H] and the direct part of dL/dh_prev (may alias dy).
inline void gru_bwd_row(i64 H, const float *w, const float *hp, float m, const float *dy, float *dx, float *dg,
                        float *dhp) {
  const CArr r(w, H), z(w + H, H), n(w + 2 * H, H), hn(w + 3 * H, H);
  const Eigen::ArrayXf d = CArr(dy, H), q = m * d;
  const Eigen::ArrayXf dn = q * (1.f - z) * (1.f - n * n);
  const Eigen::ArrayXf dz = q * (CArr(hp, H) - n) * z * (1.f - z);
  const Eigen::ArrayXf dr = dn * hn * r * (1.f - r);
  Arr(dx, H) = dr, Arr(dx + H, H) = dz, Arr(dx + 2 * H, H) = dn;
  Arr(dg, H) = dr, Arr(dg + H, H) = dz, Arr(dg + 2 * H, H) = dn * r;
  Arr(dhp, H) = q * z + (1.f - m) * d;
}

// a: pre-activations [4H], gates [i | f | g | o].
inline void lstm_fwd_row(i64 H, const float *a, const float *hp, const float *cp, float m, float *h, float *c,
                         float *w) {
  Arr i(w, H), f(w + H, H), g(w + 2 * H, H), o(w + 3 * H, H), tc(w + 4 * H, H);
  i = CArr(a, H).logistic(), f = CArr(a + H, H).logistic();
  g = CArr(a + 2 * H, H).tanh(), o = CArr(a + 3 * H, H).logistic();
  const CArr cprev(cp, H), hprev(hp, H);
  const Eigen::ArrayXf cn = f * cprev + i * g;
  tc = cn.tanh();
  Arr(c, H) = cprev + m * (cn - cprev);
  Arr(h, H) = hprev + m * (o * tc - hprev);
}

// dh, dc: everything reaching h and c; writes da [4H] and dL/dh_prev (direct part), dL/dc_prev.
inline void lstm_bwd_row(i64 H, const float *w, const float *cp, float m, const float *dh, const float *dc, float *da,
                         float *dhp, float *dcp) {
  const CArr i(w, H), f(w + H, H), g(w + 2 * H, H), o(w + 3 * H, H), tc(w + 4 * H, H);
  const Eigen::ArrayXf d = CArr(dh, H), dcin = CArr(dc, H), q = m * d;
  const Eigen::ArrayXf dct = m * dcin + q * o * (1.f - tc * tc);
  Arr(da, H) = dct * g * i * (1.f - i);
  Arr(da + H, H) = dct * CArr(cp, H) * f * (1.f - f);
  Arr(da + 2 * H, H) = dct * i * (1.f - g * g);
  Arr(da + 3 * H, H) = q * tc * o * (1.f - o);
  Arr(dcp, H) = dct * f + (1.f - m) * dcin;
  Arr(dhp, H) = (1.f - m) * d;
}

}  // namespace s2s
