// The Transformer's multi-head scaled dot-product attention as two TensorFlow ops, forward and
// backward, where the reference path runs ~25 tfjs ops (slices, head transposes, batched matmuls of
// many tiny matrices, masks, softmax) and ~40 for their gradients. Same inputs, outputs and math as
// the wasm kernels (src/core/kernels/wasm/attention.c): q, k and v are column blocks of row-major
// matrices, row b T + t holding position t of batch row b and head h the dh = d / H columns from
// offset + h dh, so that the model needs no head transposes. For batch row b and head h, with
// Q [Tq, dh], K and V [Tk, dh] those blocks:
//   S = scale Q K^T;  W = softmax of each row of S over the keys left in (not padding: mask 1;
//   j <= i when causal), exactly 0 for the others;  C = W V, the heads side by side in ctx [B Tq, d]
// Unlike the wasm loops, each (b, h) is a few small GEMMs (Eigen's, on strided maps of the blocks)
// and the (b, h) pairs run in parallel on TensorFlow's intra-op pool.
#include <algorithm>
#include <cstdlib>
#include <limits>

#include "common.h"

namespace s2s {
namespace {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Mat = Eigen::Map<RowMat>;
using CMat = Eigen::Map<const RowMat>;
using Block = Eigen::Map<RowMat, 0, Eigen::OuterStride<>>;
using CBlock = Eigen::Map<const RowMat, 0, Eigen::OuterStride<>>;

// The attributes both ops take: batch, heads, width (d), the first column of q, k and v in their
// matrices, and the score scale. Lengths are rows / batch, not attributes (TensorFlow caches one
// kernel per attribute set, and lengths vary from batch to batch).
struct Layout {
  i64 B, H, d, qo, ko, vo;
  float scale;
  explicit Layout(OpKernelConstruction *c)
      : B(attr<int>(c, "batch")),
        H(attr<int>(c, "heads")),
        d(attr<int>(c, "width")),
        qo(attr<int>(c, "qo")),
        ko(attr<int>(c, "ko")),
        vo(attr<int>(c, "vo")),
        scale(attr<float>(c, "scale")) {}
};

// q, k and v of one call: each a matrix [rows, stride] and where its columns start.
struct Operand {
  const Tensor *t;
  i64 offset;
  const float *at(i64 row, i64 col) const { return F(*t) + row * t->dim_size(1) + offset + col; }
  i64 stride() const { return t->dim_size(1); }
};

struct Dims {
  i64 B, H, Tq, Tk, d, dh;
};

bool columns_fit(const Tensor &m, i64 offset, i64 d) {
  return m.dims() == 2 && offset >= 0 && offset + d <= m.dim_size(1);
}

// q [B Tq, *], k and v [B Tk, *], each holding d columns from its offset; the heads split d evenly.
// Two of them in one matrix either coincide or do not overlap (the (b, h) tasks then write disjoint
// gradient blocks).
bool layout_ok(OpKernelContext *ctx, const Layout &l, const Operand &q, const Operand &k, const Operand &v) {
  if (!(check(ctx, l.B > 0 && l.H > 0 && l.d > 0 && l.d % l.H == 0, "batch, heads and width must be > 0, width a "
                                                                     "multiple of heads") &&
        check(ctx, columns_fit(*q.t, q.offset, l.d) && columns_fit(*k.t, k.offset, l.d) &&
                       columns_fit(*v.t, v.offset, l.d),
              "q, k and v must be matrices holding width columns from their offsets")))
    return false;
  const Operand *ops[] = {&q, &k, &v};
  bool apart = true;
  for (int i = 0; i < 3; i++)
    for (int j = i + 1; j < 3; j++)
      apart = apart && (ops[i]->t != ops[j]->t || ops[i]->offset == ops[j]->offset ||
                        std::abs(ops[i]->offset - ops[j]->offset) >= l.d);
  return check(ctx, apart, "q, k and v columns in one matrix must coincide or not overlap") &&
         check(ctx,
               q.t->dim_size(0) % l.B == 0 && q.t->dim_size(0) > 0 && k.t->dim_size(0) % l.B == 0 &&
                   k.t->dim_size(0) > 0 && v.t->dim_size(0) == k.t->dim_size(0),
               "q must have B Tq rows, k and v B Tk rows");
}

Dims dims_of(const Layout &l, const Operand &q, const Operand &k) {
  return {l.B, l.H, q.t->dim_size(0) / l.B, k.t->dim_size(0) / l.B, l.d, l.d / l.H};
}

// Head h's block of batch row b: [T, dh] at stride rows apart.
CBlock block(const Operand &o, i64 b, i64 T, i64 h, i64 dh) {
  return CBlock(o.at(b * T, h * dh), T, dh, Eigen::OuterStride<>(o.stride()));
}

// Cycles of one (b, h) for the pool's split: the three GEMMs of the backward.
double head_cost(const Dims &d) { return 6.0 * d.Tq * d.Tk * d.dh + 20.0 * d.Tq * d.Tk; }

// Inputs q, k, v (the same tensor may come several times: self-attention reads one [B T, 3d]),
// mask [B, Tk] (1 for real keys) or empty. Attributes: Layout's and causal (Tq = Tk).
// Outputs ctx [B Tq, d] and the weights [B, H, Tq, Tk] (the backward's input, and decoding's).
class AttentionFwd : public OpKernel {
 public:
  explicit AttentionFwd(OpKernelConstruction *c) : OpKernel(c), l_(c), causal_(attr<int>(c, "causal") != 0) {}

  void Compute(OpKernelContext *ctx) override {
    const Operand q{&ctx->input(0), l_.qo}, k{&ctx->input(1), l_.ko}, v{&ctx->input(2), l_.vo};
    if (!layout_ok(ctx, l_, q, k, v)) return;
    const Dims d = dims_of(l_, q, k);
    if (!(check(ctx, absent_or(ctx->input(3), {d.B, d.Tk}), "mask must be [B, Tk] or empty") &&
          check(ctx, !causal_ || d.Tq == d.Tk, "causal attention needs as many queries as keys")))
      return;
    const float *mask = opt(ctx, 3);
    float *out = output(ctx, 0, TensorShape({d.B * d.Tq, d.d}));
    float *w = output(ctx, 1, TensorShape({d.B, d.H, d.Tq, d.Tk}));
    if (!ctx->status().ok()) return;
    rows(ctx->eigen_device<CPU>(), d.B * d.H, head_cost(d) / 2, [&](i64 bh) {
      const i64 b = bh / d.H, h = bh % d.H;
      Mat W(w + bh * d.Tq * d.Tk, d.Tq, d.Tk);
      W.noalias() = l_.scale * block(q, b, d.Tq, h, d.dh) * block(k, b, d.Tk, h, d.dh).transpose();
      for (i64 i = 0; i < d.Tq; i++) softmax_row(W.row(i).data(), d.Tk, causal_ ? i + 1 : d.Tk, mask ? mask + b * d.Tk : nullptr);
      Block(out + b * d.Tq * d.d + h * d.dh, d.Tq, d.dh, Eigen::OuterStride<>(d.d)).noalias() =
          W * block(v, b, d.Tk, h, d.dh);
    });
  }

 private:
  // The scores s [Tk] of one query to weights, over the first n keys minus the padded ones; the
  // others get exactly 0 (a row with no key left, which no batch has, stays all 0).
  static void softmax_row(float *s, i64 Tk, i64 n, const float *mask) {
    const auto in = [mask](i64 j) { return !mask || mask[j] != 0.f; };
    float top = -std::numeric_limits<float>::infinity();
    for (i64 j = 0; j < n; j++)
      if (in(j)) top = std::max(top, s[j]);
    Arr row(s, Tk);
    row.tail(Tk - n).setZero();
    if (top == -std::numeric_limits<float>::infinity()) {
      row.setZero();
      return;
    }
    row.head(n) = (row.head(n) - top).exp();
    for (i64 j = 0; j < n; j++)
      if (!in(j)) s[j] = 0.f;
    row /= row.sum();
  }

  Layout l_;
  bool causal_;
};

// Backward, dC given (the weights themselves get no gradient), per batch row b and head h:
//   dV = W^T dC;  dW = dC V^T;  dS = W * (dW - rowsum(W * dW)) (softmax's Jacobian; 0 where W is 0,
//   so the keys left out get nothing);  dQ = scale dS K;  dK = scale dS^T Q
// dQ, dK, dV land in the gradients of their matrices (accumulated: self-attention's three are
// column blocks of one [B T, 3d] gradient, cross-attention's k and v of one [B Tk, 2d]).
// Inputs m0, m1, m2: the distinct matrices of q, k and v (m1, m2 empty when fewer; attributes qm, km,
// vm say which is which), the forward's weights and dctx [B Tq, d]. Outputs the gradients of m0, m1,
// m2 (empty for an absent matrix).
class AttentionBwd : public OpKernel {
 public:
  explicit AttentionBwd(OpKernelConstruction *c)
      : OpKernel(c), l_(c), which_{attr<int>(c, "qm"), attr<int>(c, "km"), attr<int>(c, "vm")} {}

  void Compute(OpKernelContext *ctx) override {
    int n = 0;
    while (n < 3 && ctx->input(n).NumElements() > 0) n++;
    if (!check(ctx, std::all_of(which_, which_ + 3, [n](int m) { return m >= 0 && m < n; }),
               "qm, km and vm must name present matrices m0..m2"))
      return;
    const Operand q{&ctx->input(which_[0]), l_.qo}, k{&ctx->input(which_[1]), l_.ko}, v{&ctx->input(which_[2]), l_.vo};
    if (!layout_ok(ctx, l_, q, k, v)) return;
    const Dims d = dims_of(l_, q, k);
    if (!check(ctx, has(ctx->input(3), {d.B, d.H, d.Tq, d.Tk}) && has(ctx->input(4), {d.B * d.Tq, d.d}),
               "weights must be the forward's [B, H, Tq, Tk], dctx [B Tq, width]"))
      return;
    float *grads[3] = {nullptr, nullptr, nullptr};
    for (int m = 0; m < 3; m++) grads[m] = output(ctx, m, m < n ? ctx->input(m).shape() : TensorShape({0}));
    Tensor dwT;
    float *dw = scratch(ctx, &dwT, d.B * d.H * d.Tq * d.Tk);
    if (!ctx->status().ok()) return;
    for (int m = 0; m < n; m++) std::fill(grads[m], grads[m] + ctx->input(m).NumElements(), 0.f);
    const float *w = F(ctx->input(3)), *dctx = F(ctx->input(4));
    const auto grad = [&](const Operand &o, int m, i64 b, i64 T, i64 h) {
      return Block(grads[m] + b * T * o.stride() + o.offset + h * d.dh, T, d.dh, Eigen::OuterStride<>(o.stride()));
    };
    rows(ctx->eigen_device<CPU>(), d.B * d.H, head_cost(d), [&](i64 bh) {
      const i64 b = bh / d.H, h = bh % d.H;
      const CMat W(w + bh * d.Tq * d.Tk, d.Tq, d.Tk);
      const CBlock dC(dctx + b * d.Tq * d.d + h * d.dh, d.Tq, d.dh, Eigen::OuterStride<>(d.d));
      const CBlock Q = block(q, b, d.Tq, h, d.dh), K = block(k, b, d.Tk, h, d.dh), V = block(v, b, d.Tk, h, d.dh);
      Mat dS(dw + bh * d.Tq * d.Tk, d.Tq, d.Tk);
      grad(v, which_[2], b, d.Tk, h).noalias() += W.transpose() * dC;
      dS.noalias() = dC * V.transpose();
      const Eigen::VectorXf total = (W.array() * dS.array()).rowwise().sum();
      dS.array() = l_.scale * (W.array() * (dS.array().colwise() - total.array()));
      grad(q, which_[0], b, d.Tq, h).noalias() += dS * K;
      grad(k, which_[1], b, d.Tk, h).noalias() += dS.transpose() * Q;
    });
  }

 private:
  Layout l_;
  int which_[3];
};

}  // namespace

#define S2S_ATTENTION_LAYOUT \
  Attr("batch: int").Attr("heads: int").Attr("width: int").Attr("qo: int").Attr("ko: int").Attr("vo: int") \
      .Attr("scale: float")

REGISTER_OP("S2sAttentionFwd")
    .Input("q: float").Input("k: float").Input("v: float").Input("mask: float")
    .Output("context: float").Output("weights: float")
    .S2S_ATTENTION_LAYOUT.Attr("causal: int")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_OP("S2sAttentionBwd")
    .Input("m0: float").Input("m1: float").Input("m2: float").Input("weights: float").Input("dy: float")
    .Output("d0: float").Output("d1: float").Output("d2: float")
    .S2S_ATTENTION_LAYOUT.Attr("qm: int").Attr("km: int").Attr("vm: int")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_KERNEL_BUILDER(Name("S2sAttentionFwd").Device(tensorflow::DEVICE_CPU), AttentionFwd);
REGISTER_KERNEL_BUILDER(Name("S2sAttentionBwd").Device(tensorflow::DEVICE_CPU), AttentionBwd);

}  // namespace s2s
