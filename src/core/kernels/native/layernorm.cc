// Layer normalisation of the rows of x [N, d] (Ba et al. 2016) as two TensorFlow ops, forward and
// backward, where the reference path runs ~10 tfjs ops forward (moments, centring, scaling) and ~20
// backward. Same inputs, outputs and math as the wasm kernels (src/core/kernels/wasm/layernorm.c):
//   mean, var over the row (var biased, as tf.moments);  r = 1 / sqrt(var + eps);  xh = (x - mean) r
//   y = xh g + b
// Rows run in parallel on TensorFlow's intra-op pool.
#include <algorithm>
#include <cmath>

#include "common.h"

namespace s2s {
namespace {

// x [N, d], g [d]; then the backward's mean, r [N] and dy [N, d] when `saved`.
bool ln_inputs_ok(OpKernelContext *ctx, bool saved) {
  const Tensor &x = ctx->input(0), &g = ctx->input(1);
  if (!check(ctx, has(x, {-1, -1}) && x.dim_size(1) > 0 && has(g, {x.dim_size(1)}), "x must be [N, d], g [d]"))
    return false;
  const i64 N = x.dim_size(0);
  return saved ? check(ctx, has(ctx->input(2), {N}) && has(ctx->input(3), {N}) && ctx->input(4).shape() == x.shape(),
                       "mean and r must be the forward's [N], dy [N, d]")
               : check(ctx, has(ctx->input(2), {x.dim_size(1)}), "b must be [d]");
}

// Inputs x [N, d], g [d], b [d]; attribute eps. Outputs y [N, d], and mean [N], r [N] for the backward.
class LayerNormFwd : public OpKernel {
 public:
  explicit LayerNormFwd(OpKernelConstruction *c) : OpKernel(c), eps_(attr<float>(c, "eps")) {}

  void Compute(OpKernelContext *ctx) override {
    if (!ln_inputs_ok(ctx, false)) return;
    const Tensor &xT = ctx->input(0);
    const i64 N = xT.dim_size(0), d = xT.dim_size(1);
    const float *x = F(xT), *g = F(ctx->input(1)), *b = F(ctx->input(2));
    float *y = output(ctx, 0, xT.shape()), *mean = output(ctx, 1, TensorShape({N}));
    float *rstd = output(ctx, 2, TensorShape({N}));
    if (!ctx->status().ok() || N == 0) return;
    rows(ctx->eigen_device<CPU>(), N, 8.0 * d, [&](i64 n) {
      const CArr xn(x + n * d, d);
      const float m = xn.mean();
      const float r = 1.f / std::sqrt((xn - m).square().mean() + eps_);
      Arr(y + n * d, d) = (xn - m) * r * CArr(g, d) + CArr(b, d);
      mean[n] = m, rstd[n] = r;
    });
  }

 private:
  float eps_;
};

// Backward, dy given:
//   dxh = dy g;  dx = r (dxh - mean(dxh) - xh mean(dxh xh))  (mean over the row: the centring and
//   the scaling by r depend on every entry of it);  dg = sum_n dy xh;  db = sum_n dy
// Inputs x, g, mean, r, dy. Outputs dx [N, d], dg [d], db [d].
class LayerNormBwd : public OpKernel {
 public:
  using OpKernel::OpKernel;

  void Compute(OpKernelContext *ctx) override {
    if (!ln_inputs_ok(ctx, true)) return;
    const Tensor &xT = ctx->input(0);
    const i64 N = xT.dim_size(0), d = xT.dim_size(1);
    const float *x = F(xT), *g = F(ctx->input(1)), *mean = F(ctx->input(2)), *rstd = F(ctx->input(3));
    const float *dy = F(ctx->input(4));
    float *dx = output(ctx, 0, xT.shape()), *dg = output(ctx, 1, TensorShape({d})), *db = output(ctx, 2, TensorShape({d}));
    Tensor dyxhT;
    float *dyxh = scratch(ctx, &dyxhT, N * d);  // dy xh, whose column sums are dg
    if (!ctx->status().ok()) return;
    const CPU &dev = ctx->eigen_device<CPU>();
    if (N == 0) {
      std::fill(dg, dg + d, 0.f), std::fill(db, db + d, 0.f);
      return;
    }
    rows(dev, N, 12.0 * d, [&](i64 n) {
      const Eigen::ArrayXf xh = (CArr(x + n * d, d) - mean[n]) * rstd[n];
      const CArr dyn(dy + n * d, d);
      const Eigen::ArrayXf dxh = dyn * CArr(g, d);
      Arr(dx + n * d, d) = rstd[n] * (dxh - dxh.mean() - xh * (dxh * xh).mean());
      Arr(dyxh + n * d, d) = dyn * xh;
    });
    colsum(dev, dyxh, N, d, dg);
    colsum(dev, dy, N, d, db);
  }
};

}  // namespace

REGISTER_OP("S2sLayerNormFwd")
    .Input("x: float").Input("g: float").Input("b: float")
    .Output("y: float").Output("mean: float").Output("rstd: float")
    .Attr("eps: float")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_OP("S2sLayerNormBwd")
    .Input("x: float").Input("g: float").Input("mean: float").Input("rstd: float").Input("dy: float")
    .Output("dx: float").Output("dg: float").Output("db: float")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_KERNEL_BUILDER(Name("S2sLayerNormFwd").Device(tensorflow::DEVICE_CPU), LayerNormFwd);
REGISTER_KERNEL_BUILDER(Name("S2sLayerNormBwd").Device(tensorflow::DEVICE_CPU), LayerNormBwd);

}  // namespace s2s
