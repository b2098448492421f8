// The loss and the optimizer update as TensorFlow ops; same math as the wasm kernels (loss.c,
// adam.c, where the equations are).
//   NLL: log-softmax + negative log-likelihood of the gold tokens, weighted per row, without the
//        [N, V] one-hot the reference multiplies with; backward dz = dloss w_n (softmax(z_n) - onehot).
//   Adam: global-norm clipping of all gradients together, then tfjs AdamOptimizer's arithmetic term
//        by term, for every parameter in one op (the reference runs ~12 tfjs ops per parameter).
#include <algorithm>
#include <cmath>

#include "common.h"

namespace s2s {
namespace {

// logits [N, V], targets [N] in [0, V), weights [N].
bool nll_inputs_ok(OpKernelContext *ctx) {
  const Tensor &z = ctx->input(0), &y = ctx->input(1), &w = ctx->input(2);
  if (!check(ctx, has(z, {-1, -1}) && has(y, {z.dim_size(0)}) && has(w, {z.dim_size(0)}) && z.dim_size(1) > 0,
             "logits must be [N, V], targets and weights [N]"))
    return false;
  return check(ctx, ids_in_range(y, z.dim_size(1)), "a target id is outside the vocabulary");
}

using tensorflow::OpInputList;
using tensorflow::OpOutputList;

// Inputs logits [N, V], targets int32 [N], weights [N]. Outputs the loss (scalar) and lse [N]
// (log-sum-exp of each row, kept for the backward pass).
class NllFwd : public OpKernel {
 public:
  using OpKernel::OpKernel;

  void Compute(OpKernelContext *ctx) override {
    if (!nll_inputs_ok(ctx)) return;
    const Tensor &zT = ctx->input(0);
    const i64 N = zT.dim_size(0), V = zT.dim_size(1);
    const float *z = F(zT), *w = F(ctx->input(2));
    const int32_t *y = ctx->input(1).flat<int32_t>().data();
    float *loss = output(ctx, 0, TensorShape({})), *lse = output(ctx, 1, TensorShape({N}));
    if (!ctx->status().ok()) return;
    rows(ctx->eigen_device<CPU>(), N, 20.0 * V, [&](i64 n) {
      const CArr zn(z + n * V, V);
      const float top = zn.maxCoeff();
      lse[n] = top + std::log((zn - top).exp().sum());
    });
    double sum = 0;  // in row order: the same value whatever the thread split
    for (i64 n = 0; n < N; n++) sum += w[n] * (lse[n] - z[n * V + y[n]]);
    *loss = static_cast<float>(sum);
  }
};

// Inputs logits, targets, weights, lse and dloss (scalar); output dz [N, V].
class NllBwd : public OpKernel {
 public:
  using OpKernel::OpKernel;

  void Compute(OpKernelContext *ctx) override {
    if (!(nll_inputs_ok(ctx) &&
          check(ctx, has(ctx->input(3), {ctx->input(0).dim_size(0)}) && ctx->input(4).NumElements() == 1,
                "lse must be [N], dy a scalar")))
      return;
    const Tensor &zT = ctx->input(0);
    const i64 N = zT.dim_size(0), V = zT.dim_size(1);
    const float *z = F(zT), *w = F(ctx->input(2)), *lse = F(ctx->input(3)), dloss = *F(ctx->input(4));
    const int32_t *y = ctx->input(1).flat<int32_t>().data();
    float *dz = output(ctx, 0, zT.shape());
    if (!ctx->status().ok()) return;
    rows(ctx->eigen_device<CPU>(), N, 20.0 * V, [&](i64 n) {
      const float scale = dloss * w[n];
      Arr(dz + n * V, V) = scale * (CArr(z + n * V, V) - lse[n]).exp();
      dz[n * V + y[n]] -= scale;
    });
  }
};

// Inputs p, g, m, v: N tensors each (parameters, gradients, first and second moments), and hyper
// = [lr, clip, b1, b2, c1, c2, eps]: a tensor, not attributes, since c1 and c2 change every step and
// TensorFlow would cache a new kernel for every attribute value. Outputs the global gradient norm
// before clipping, then the new p, m, v (tfjs tensors are immutable).
//   g' = g s,  s = min(1, clip / max(||g||, 1e-12));  m = b1 m + (1 - b1) g';  v = b2 v + (1 - b2) g'^2
//   p = p - lr (m / c1) / (sqrt(v / c2) + eps),  c1 = 1 - b1^t, c2 = 1 - b2^t
class Adam : public OpKernel {
 public:
  using OpKernel::OpKernel;

  void Compute(OpKernelContext *ctx) override {
    const Tensor &hyper = ctx->input(ctx->num_inputs() - 1);
    if (!check(ctx, hyper.NumElements() == 7, "hyper must hold lr, clip, b1, b2, c1, c2, eps")) return;
    const Hyper h = {F(hyper)[0], F(hyper)[1], F(hyper)[2], F(hyper)[3], F(hyper)[4], F(hyper)[5], F(hyper)[6]};
    OpInputList p, g, m, v;
    OpOutputList po, mo, vo;
    if (!(ok(ctx, ctx->input_list("p", &p)) && ok(ctx, ctx->input_list("g", &g)) && ok(ctx, ctx->input_list("m", &m)) &&
          ok(ctx, ctx->input_list("v", &v)) && ok(ctx, ctx->output_list("p_out", &po)) &&
          ok(ctx, ctx->output_list("m_out", &mo)) && ok(ctx, ctx->output_list("v_out", &vo))))
      return;
    for (int i = 0; i < p.size(); i++) {
      if (!check(ctx, g[i].shape() == p[i].shape() && m[i].shape() == p[i].shape() && v[i].shape() == p[i].shape(),
                 "p, g, m and v must have the same shapes, parameter by parameter"))
        return;
    }
    double sq = 0;
    for (int i = 0; i < g.size(); i++) sq += CArr(F(g[i]), g[i].NumElements()).cast<double>().square().sum();
    const float norm = static_cast<float>(std::sqrt(sq));
    const float scale = std::min(1.f, h.clip / std::max(norm, 1e-12f));
    float *normOut = output(ctx, 0, TensorShape({}));
    if (!ctx->status().ok()) return;
    *normOut = norm;
    for (int i = 0; i < p.size(); i++) {
      Tensor *pt, *mt, *vt;
      if (!(ok(ctx, po.allocate(i, p[i].shape(), &pt)) && ok(ctx, mo.allocate(i, p[i].shape(), &mt)) &&
            ok(ctx, vo.allocate(i, p[i].shape(), &vt))))
        return;
      update(ctx->eigen_device<CPU>(), h, p[i].NumElements(), F(p[i]), F(g[i]), F(m[i]), F(v[i]), scale, F(pt), F(mt),
             F(vt));
    }
  }

 private:
  struct Hyper {
    float lr, clip, b1, b2, c1, c2, eps;
  };

  static void update(const CPU &d, const Hyper &h, i64 n, const float *p, const float *g, const float *m,
                     const float *v, float scale, float *po, float *mo, float *vo) {
    if (!n) return;
    constexpr i64 chunk = 16384;  // elements per pool task: big parameters split, small ones stay whole
    const Eigen::TensorOpCost cost(0, 0, 20.0 * chunk);
    d.parallelFor((n + chunk - 1) / chunk, cost, [&](Eigen::Index c0, Eigen::Index c1) {
      const i64 lo = c0 * chunk, len = std::min(n, c1 * chunk) - lo;
      const Eigen::ArrayXf gs = CArr(g + lo, len) * scale;
      Arr mn(mo + lo, len), vn(vo + lo, len);
      mn = CArr(m + lo, len) * h.b1 + gs * (1.f - h.b1);
      vn = CArr(v + lo, len) * h.b2 + gs.square() * (1.f - h.b2);
      Arr(po + lo, len) = (mn / h.c1) / ((vn / h.c2).sqrt() + h.eps) * -h.lr + CArr(p + lo, len);
    });
  }
};

}  // namespace

REGISTER_OP("S2sNllFwd")
    .Input("logits: float").Input("targets: int32").Input("weights: float")
    .Output("loss: float").Output("lse: float")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_OP("S2sNllBwd")
    .Input("logits: float").Input("targets: int32").Input("weights: float").Input("lse: float").Input("dy: float")
    .Output("dz: float")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_OP("S2sAdam")
    .Input("p: N * float").Input("g: N * float").Input("m: N * float").Input("v: N * float").Input("hyper: float")
    .Output("norm: float").Output("p_out: N * float").Output("m_out: N * float").Output("v_out: N * float")
    .Attr("N: int >= 1")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_KERNEL_BUILDER(Name("S2sNllFwd").Device(tensorflow::DEVICE_CPU), NllFwd);
REGISTER_KERNEL_BUILDER(Name("S2sNllBwd").Device(tensorflow::DEVICE_CPU), NllBwd);
REGISTER_KERNEL_BUILDER(Name("S2sAdam").Device(tensorflow::DEVICE_CPU), Adam);

}  // namespace s2s
