// One RNN direction (GRU or LSTM) over all T steps of a time-major batch, forward and backward
// through time, as one TensorFlow op each: the reference path runs ~25 tfjs ops per step and
// direction, each a round trip through tfjs-node's binding. Same inputs, outputs and math as the
// wasm kernels (src/core/kernels/wasm/rnn.c): rows are time-major, step t is rows [t B, (t+1) B);
// gx = x W_x + b_x of every step comes from the caller's one big matmul.
#include "common.h"

namespace s2s {
namespace {

i64 step_at(i64 s, i64 T, bool reverse) { return reverse ? T - 1 - s : s; }
// The step processed before t, whose state t reads (-1: the initial state).
i64 prev_step(i64 t, i64 T, bool reverse) { return reverse ? (t + 1 < T ? t + 1 : -1) : t - 1; }
float mask_at(const float *mask, i64 r) { return mask ? mask[r] : 1.f; }

// The step count is not an attribute but rows / batch: TensorFlow caches one kernel per distinct
// attribute set, and lengths vary from batch to batch.
// h0 [B, H]; c0 [B, H] (LSTM) or b_h [G] (GRU, forward only); mask absent or [T B, 1].
bool cell_inputs_ok(OpKernelContext *ctx, const Tensor &wh, const Tensor &h0, const Tensor &c0, const Tensor *bh,
                    i64 TB, const Tensor &mask, bool lstm) {
  const i64 H = wh.dim_size(0), B = h0.dim_size(0);
  return check(ctx, lstm ? has(c0, {B, H}) : (!bh || has(*bh, {3 * H})), "c0 must be [B, H] (LSTM), b_h [3 H] (GRU)") &&
         check(ctx, absent_or(mask, {TB, 1}), "mask must be [T B, 1] or empty");
}

struct Attrs {
  bool lstm, reverse;
  explicit Attrs(OpKernelConstruction *c) : lstm(attr<int>(c, "lstm") != 0), reverse(attr<int>(c, "reverse") != 0) {}
};

// Inputs gx [T B, G], wh [H, G], bh [G] (GRU), h0 [B, H], c0 [B, H] (LSTM), mask [T B, 1] (optional).
// Outputs y = [hs ; cs] ([T B, H], then [T B, H] cell states for an LSTM), ws [T B, WS H].
class RnnFwd : public OpKernel {
 public:
  explicit RnnFwd(OpKernelConstruction *c) : OpKernel(c), a_(c) {}

  void Compute(OpKernelContext *ctx) override {
    const Tensor &gxT = ctx->input(0), &whT = ctx->input(1), &h0T = ctx->input(3);
    if (!(check(ctx, recurrent_ok(whT, a_.lstm), "W_h must be [H, gates H]") &&
          check(ctx,
                has(h0T, {-1, whT.dim_size(0)}) && has(gxT, {-1, whT.dim_size(1)}) &&
                    steps_ok(gxT, h0T.dim_size(0)),
                "h0 must be [B, H], gx [T B, gates H]") &&
          cell_inputs_ok(ctx, whT, h0T, ctx->input(4), &ctx->input(2), gxT.dim_size(0), ctx->input(5), a_.lstm)))
      return;
    const i64 TB = gxT.dim_size(0), G = gxT.dim_size(1), H = whT.dim_size(0), B = ctx->input(3).dim_size(0), T = TB / B;
    const i64 WS = saved_width(a_.lstm) * H;
    const float *gx = F(gxT), *wh = F(whT), *bh = opt(ctx, 2);
    const float *h0 = opt(ctx, 3), *c0 = opt(ctx, 4), *mask = opt(ctx, 5);
    float *hs = output(ctx, 0, TensorShape({a_.lstm ? 2 * TB : TB, H}));
    float *ws = output(ctx, 1, TensorShape({TB, WS}));
    Tensor ghT;
    float *gh = scratch(ctx, &ghT, B * G);
    if (!ctx->status().ok()) return;
    float *cs = a_.lstm ? hs + TB * H : nullptr;
    const CPU &d = ctx->eigen_device<CPU>();
    for (i64 s = 0; s < T; s++) {
      const i64 t = step_at(s, T, a_.reverse), p = prev_step(t, T, a_.reverse);
      const float *hp = p < 0 ? h0 : hs + p * B * H;
      gemm(d, Gemm::NN, B, G, H, hp, wh, gh, false);
      rows(d, B, 40.0 * H, [&](i64 b) {
        const i64 r = t * B + b;
        const float *x = gx + r * G;
        float *g = gh + b * G;
        if (!a_.lstm) return gru_fwd_row(H, x, g, bh, hp + b * H, mask_at(mask, r), hs + r * H, ws + r * WS);
        Arr(g, G) += CArr(x, G);
        const float *cp = p < 0 ? c0 + b * H : cs + (p * B + b) * H;
        lstm_fwd_row(H, g, hp + b * H, cp, mask_at(mask, r), hs + r * H, cs + r * H, ws + r * WS);
      });
    }
  }

 private:
  Attrs a_;
};

// Inputs wh, h0, c0 (LSTM), y and ws (the forward's outputs), mask (optional), dy (the gradient of y).
// Outputs dgx [T B, G], dwh [H, G], then db_h [G] (GRU) or dc0 [B, H] (LSTM), then dh0 [B, H]:
//   dW_h = sum_t h_prev(t)^T d(h W_h)_t,   db_h = sum of the rows of d(h W_h + b_h)
class RnnBwd : public OpKernel {
 public:
  explicit RnnBwd(OpKernelConstruction *c) : OpKernel(c), a_(c) {}

  void Compute(OpKernelContext *ctx) override {
    const Tensor &whT = ctx->input(0), &h0T = ctx->input(1), &yT = ctx->input(3), &wsT = ctx->input(4);
    const Tensor &dyT = ctx->input(6);
    if (!(check(ctx, recurrent_ok(whT, a_.lstm), "W_h must be [H, gates H]") &&
          check(ctx, has(h0T, {-1, whT.dim_size(0)}) && has(wsT, {-1, saved_width(a_.lstm) * whT.dim_size(0)}) &&
                         steps_ok(wsT, h0T.dim_size(0)), "h0 must be [B, H], ws [T B, WS H]") &&
          check(ctx, has(yT, {(a_.lstm ? 2 : 1) * wsT.dim_size(0), whT.dim_size(0)}) && dyT.shape() == yT.shape(),
                "y and dy must be the forward's [T B (x2 LSTM), H]") &&
          cell_inputs_ok(ctx, whT, h0T, ctx->input(2), nullptr, wsT.dim_size(0), ctx->input(5), a_.lstm)))
      return;
    const i64 H = whT.dim_size(0), G = whT.dim_size(1), TB = wsT.dim_size(0), B = ctx->input(1).dim_size(0), T = TB / B;
    const i64 WS = saved_width(a_.lstm) * H;
    const bool lstm = a_.lstm, reverse = a_.reverse;
    const float *wh = F(whT), *h0 = opt(ctx, 1), *c0 = opt(ctx, 2), *hs = F(ctx->input(3)), *ws = F(wsT);
    const float *mask = opt(ctx, 5), *dhs = F(ctx->input(6));
    const float *cs = lstm ? hs + TB * H : nullptr, *dcs = lstm ? dhs + TB * H : nullptr;
    float *dgx = output(ctx, 0, TensorShape({TB, G})), *dwh = output(ctx, 1, TensorShape({H, G}));
    float *third = output(ctx, 2, lstm ? TensorShape({B, H}) : TensorShape({G}));
    float *dh = output(ctx, 3, TensorShape({B, H}));  // the running dL/dh, dh0 at the end
    Tensor dghT, dcT;
    float *dgh = lstm ? dgx : scratch(ctx, &dghT, TB * G);  // d(h W_h): the LSTM's is dgx itself
    float *dc = lstm ? third : scratch(ctx, &dcT, 1);       // the running dL/dc, dc0 at the end
    if (!ctx->status().ok()) return;
    std::fill(dh, dh + B * H, 0.f);
    if (lstm) std::fill(dc, dc + B * H, 0.f);
    const CPU &d = ctx->eigen_device<CPU>();
    for (i64 s = T - 1; s >= 0; s--) {
      const i64 t = step_at(s, T, reverse), p = prev_step(t, T, reverse);
      const float *hp = p < 0 ? h0 : hs + p * B * H;
      rows(d, B, 40.0 * H, [&](i64 b) {
        const i64 r = t * B + b;
        float *db = dh + b * H;
        Arr(db, H) += CArr(dhs + r * H, H);
        if (!lstm) return gru_bwd_row(H, ws + r * WS, hp + b * H, mask_at(mask, r), db, dgx + r * G, dgh + r * G, db);
        const float *cp = p < 0 ? c0 + b * H : cs + (p * B + b) * H;
        Arr(dc + b * H, H) += CArr(dcs + r * H, H);
        lstm_bwd_row(H, ws + r * WS, cp, mask_at(mask, r), db, dc + b * H, dgx + r * G, db, dc + b * H);
      });
      gemm(d, Gemm::NT, B, H, G, dgh + t * B * G, wh, dh, true);
    }
    // Forward: h_prev(0) = h0, h_prev(t) = hs[t-1]. Reverse: h_prev(T-1) = h0, h_prev(t) = hs[t+1].
    const i64 first = reverse ? T - 1 : 0;
    gemm(d, Gemm::TN, H, G, B, h0, dgh + first * B * G, dwh, false);
    if (T > 1) {
      const float *prev = reverse ? hs + B * H : hs, *grad = reverse ? dgh : dgh + B * G;
      gemm(d, Gemm::TN, H, G, (T - 1) * B, prev, grad, dwh, true);
    }
    if (!lstm) colsum(d, dgh, TB, G, third);
  }

 private:
  Attrs a_;
};

}  // namespace

REGISTER_OP("S2sRnnFwd")
    .Input("gx: float").Input("wh: float").Input("bh: float").Input("h0: float").Input("c0: float").Input("mask: float")
    .Output("y: float").Output("ws: float")
    .Attr("lstm: int").Attr("reverse: int")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_OP("S2sRnnBwd")
    .Input("wh: float").Input("h0: float").Input("c0: float").Input("y: float").Input("ws: float").Input("mask: float")
    .Input("dy: float")
    .Output("dgx: float").Output("dwh: float").Output("dbh_or_dc0: float").Output("dh0: float")
    .Attr("lstm: int").Attr("reverse: int")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_KERNEL_BUILDER(Name("S2sRnnFwd").Device(tensorflow::DEVICE_CPU), RnnFwd);
REGISTER_KERNEL_BUILDER(Name("S2sRnnBwd").Device(tensorflow::DEVICE_CPU), RnnBwd);

}  // namespace s2s
