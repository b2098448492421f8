// The attention decoder's teacher-forced loop (one RNN layer), forward and backward, as one
// TensorFlow op each, and the whole decoding step (DecStep) as one more. Same inputs, outputs and math
// as the wasm kernels (src/core/kernels/wasm/decoder.c, where the equations are):
//   additive: score_j = v_a . tanh(K_j + s W_a + b_a);  dot / general: score_j = s . K_j
//   a = softmax(score + maskBias),  c_t = sum_j a_j V_j,  gates = gxe_t + c_t W_c
//   s_t = GRU(gates, s W_h + b_h, s)  or  LSTM(gates + s W_h, s, c);  out [T B, H + D] = [s_t ; c_t]
// Differences from the wasm loop, for the thread pool: the batch rows of a step run in parallel,
// so v_a's gradient (a sum over rows) is one GEMM over the saved score gradients at the end, and
// the GEMM operands are contiguous copies (Eigen's contraction takes no row stride).
#include <algorithm>
#include <cmath>

#include "common.h"

namespace s2s {
namespace {

enum { ADDITIVE = 0, DOT = 1 };  // general is "dot" on keys the caller projected with W

struct Dims {
  i64 T, B, S, H, A, D, G, KW, O, WS;
  bool lstm, additive;
};

Dims dims(const Tensor &keys, const Tensor &values, const Tensor &wh, i64 T, bool lstm, bool additive) {
  Dims d;
  d.T = T, d.B = keys.dim_size(0), d.S = keys.dim_size(1), d.KW = keys.dim_size(2), d.D = values.dim_size(2);
  d.H = wh.dim_size(0), d.G = wh.dim_size(1), d.A = additive ? d.KW : 0, d.O = d.H + d.D;
  d.WS = saved_width(lstm) * d.H, d.lstm = lstm, d.additive = additive;
  return d;
}

// The step count is rows / batch, not an attribute (TensorFlow caches a kernel per attribute set).
// The inputs both directions read: keys [B, S, KW], values [B, S, D], W_h [H, gates H], h0 [B, H],
// W_c [D, gates H], W_a [H, A] and v_a [A] (additive; dot needs KW = H), c0 [B, H] (LSTM);
// rows: [T B, ...] of the time-major input (gxe or out).
bool decoder_inputs_ok(OpKernelContext *ctx, const Tensor &keys, const Tensor &values, const Tensor &wh,
                       const Tensor &h0, const Tensor &wc, const Tensor &wa, const Tensor &va, const Tensor &c0,
                       const Tensor &rows, bool lstm, bool additive) {
  if (!(check(ctx,
              has(keys, {-1, -1, -1}) && has(values, {keys.dim_size(0), keys.dim_size(1), -1}) &&
                  keys.dim_size(0) > 0,
              "keys must be [B, S, K], values [B, S, D]") &&
        check(ctx, recurrent_ok(wh, lstm) && has(h0, {keys.dim_size(0), wh.dim_size(0)}),
              "W_h must be [H, gates H], h0 [B, H]")))
    return false;
  const i64 B = keys.dim_size(0), KW = keys.dim_size(2), H = wh.dim_size(0), G = wh.dim_size(1);
  return check(ctx, has(wc, {values.dim_size(2), G}), "W_c must be [D, gates H]") &&
         check(ctx, additive ? has(wa, {H, KW}) && va.NumElements() == KW : KW == H,
               "W_a must be [H, A], v_a [A, 1]; dot keys [B, S, H]") &&
         check(ctx, !lstm || has(c0, {B, H}), "c0 must be [B, H]") && check(ctx, steps_ok(rows, B), "rows must be T B");
}

// The backward's inputs from the forward (8..12: out, wall, eall, ws, cs) and dout (13).
bool saved_ok(OpKernelContext *ctx, const Tensor &keys, const Tensor &values, const Tensor &wh, bool lstm,
              bool additive) {
  const Tensor &out = ctx->input(8);
  const i64 TB = out.dim_size(0), S = keys.dim_size(1), H = wh.dim_size(0), KW = keys.dim_size(2);
  return check(ctx,
               has(out, {-1, H + values.dim_size(2)}) && ctx->input(13).shape() == out.shape() &&
                   has(ctx->input(9), {TB, S}) && has(ctx->input(11), {TB, saved_width(lstm) * H}) &&
                   (!lstm || has(ctx->input(12), {TB, H})) && (!additive || has(ctx->input(10), {TB * S, KW})),
               "out, dout, wall, ws, cs and eall must be the forward's (training) outputs");
}

struct Attrs {
  bool lstm, additive, training;
  explicit Attrs(OpKernelConstruction *c)
      : lstm(attr<int>(c, "lstm") != 0),
        additive(attr<int>(c, "att") == ADDITIVE),
        training(attr<int>(c, "training") != 0) {}
};

// Scores, softmax and context of one batch row. K [S, KW], V [S, D], q: s W_a [A] (additive) or
// s [H] (dot); w [S] (weights out), e [S, A] (saved tanh, may be null), ctx [D] (out).
void attend_row(const Dims &d, const float *K, const float *V, const float *bias, const float *q, const float *ba,
                const float *va, float *w, float *e, float *ctx) {
  Eigen::ArrayXf tmp(d.A);
  for (i64 j = 0; j < d.S; j++) {
    const CArr k(K + j * d.KW, d.KW);
    if (d.additive) {
      Arr ev(e ? e + j * d.A : tmp.data(), d.A);
      ev = (k + CArr(q, d.A) + CArr(ba, d.A)).tanh();
      w[j] = (ev * CArr(va, d.A)).sum();
    } else {
      w[j] = (k * CArr(q, d.KW)).sum();
    }
    if (bias) w[j] += bias[j];
  }
  Arr wv(w, d.S);
  wv = (wv - wv.maxCoeff()).exp();
  wv /= wv.sum();
  Arr c(ctx, d.D);
  c.setZero();
  for (i64 j = 0; j < d.S; j++) c += w[j] * CArr(V + j * d.D, d.D);
}

// Attention backward of one row, given dctx = dL/dc_t [D]; dsc [S]: the score gradients (out).
//   dw_j = dctx . V_j,  dV_j += a_j dctx,  dscore_j = a_j (dw_j - sum_k a_k dw_k)
//   additive: dpre = dscore_j v_a (1 - e_j^2): dK_j += dpre, dq += dpre   (dv_a: after the loop)
//   dot:      dq += dscore_j K_j,  dK_j += dscore_j s
void attend_row_bwd(const Dims &d, const float *K, const float *V, const float *w, const float *e, const float *va,
                    const float *s, const float *dctx, float *dK, float *dV, float *dq, float *dsc) {
  const CArr c(dctx, d.D);
  float tot = 0.f;
  for (i64 j = 0; j < d.S; j++) {
    dsc[j] = (c * CArr(V + j * d.D, d.D)).sum();
    Arr(dV + j * d.D, d.D) += w[j] * c;
    tot += w[j] * dsc[j];
  }
  Arr q(dq, d.KW);
  q.setZero();
  for (i64 j = 0; j < d.S; j++) {
    const float ds = dsc[j] = w[j] * (dsc[j] - tot);
    Arr dk(dK + j * d.KW, d.KW);
    if (d.additive) {
      const CArr ev(e + j * d.A, d.A);
      const Eigen::ArrayXf dpre = ds * CArr(va, d.A) * (1.f - ev * ev);
      dk += dpre, q += dpre;
    } else {
      q += ds * CArr(K + j * d.KW, d.KW), dk += ds * CArr(s, d.KW);
    }
  }
}

double attend_cost(const Dims &d) { return d.S * (d.additive ? 30.0 * d.A : 2.0 * d.KW) + 2.0 * d.S * d.D; }

// The forward loop's tensors: inputs, outputs (eall may be null), scratch s [B, H], q [B, A],
// cc [B, D], gates and gh [B, G].
struct Loop {
  const float *gxe, *K, *V, *bias, *wa, *ba, *va, *wc, *wh, *bh, *h0, *c0;
  float *out, *wall, *eall, *ws, *cs, *s, *q, *cc, *gates, *gh;
};

void run_loop(const CPU &dev, const Dims &d, const Loop &l) {
  const i64 B = d.B, S = d.S, H = d.H, A = d.A, D = d.D, G = d.G, O = d.O, WS = d.WS;
  std::copy(l.h0, l.h0 + B * H, l.s);  // s: the previous state, contiguous for the GEMMs
  for (i64 t = 0; t < d.T; t++) {
    if (d.additive) gemm(dev, Gemm::NN, B, A, H, l.s, l.wa, l.q, false);
    rows(dev, B, attend_cost(d), [&](i64 b) {
      const i64 r = t * B + b;
      attend_row(d, l.K + b * S * d.KW, l.V + b * S * D, l.bias ? l.bias + b * S : nullptr,
                 d.additive ? l.q + b * A : l.s + b * H, l.ba, l.va, l.wall + r * S,
                 l.eall ? l.eall + r * S * A : nullptr, l.cc + b * D);
      std::copy(l.cc + b * D, l.cc + (b + 1) * D, l.out + r * O + H);
    });
    gemm(dev, Gemm::NN, B, G, D, l.cc, l.wc, l.gates, false);
    gemm(dev, Gemm::NN, B, G, H, l.s, l.wh, l.gh, false);
    rows(dev, B, 40.0 * H, [&](i64 b) {
      const i64 r = t * B + b;
      float *x = l.gates + b * G;
      Arr(x, G) += CArr(l.gxe + r * G, G);
      if (!d.lstm) {
        gru_fwd_row(H, x, l.gh + b * G, l.bh, l.s + b * H, 1.f, l.out + r * O, l.ws + r * WS);
      } else {
        Arr(x, G) += CArr(l.gh + b * G, G);
        const float *cp = t == 0 ? l.c0 + b * H : l.cs + (r - B) * H;
        lstm_fwd_row(H, x, l.s + b * H, cp, 1.f, l.out + r * O, l.cs + r * H, l.ws + r * WS);
      }
    });
    columns(l.out + t * B * O, B, O, 0, H, l.s);
  }
}

// Inputs gxe [T B, G], keys [B, S, KW], values [B, S, D], wc [D, G], wh [H, G], h0 [B, H], then the
// optional wa [H, A], ba [A], va [A, 1] (additive), c0 [B, H] (LSTM), bh [G] (GRU), bias [B, S].
// Outputs out [T B, H + D], wall [T B, S], eall [T B S, A] (training, additive), ws [T B, WS H],
// cs [T B, H] (LSTM); absent ones are empty.
class DecFwd : public OpKernel {
 public:
  explicit DecFwd(OpKernelConstruction *c) : OpKernel(c), a_(c) {}

  void Compute(OpKernelContext *ctx) override {
    const Tensor &keysT = ctx->input(1), &valuesT = ctx->input(2), &whT = ctx->input(4);
    if (!decoder_inputs_ok(ctx, keysT, valuesT, whT, ctx->input(5), ctx->input(3), ctx->input(6), ctx->input(8),
                           ctx->input(9), ctx->input(0), a_.lstm, a_.additive) ||
        !check(ctx, has(ctx->input(0), {-1, whT.dim_size(1)}) && (a_.lstm || has(ctx->input(10), {whT.dim_size(1)})) &&
                        (!a_.additive || has(ctx->input(7), {keysT.dim_size(2)})) &&
                        absent_or(ctx->input(11), {keysT.dim_size(0), keysT.dim_size(1)}),
               "gxe must be [T B, gates H], b_h [gates H] (GRU), b_a [A] (additive), bias [B, S] or empty"))
      return;
    const Dims d = dims(keysT, valuesT, whT, ctx->input(0).dim_size(0) / keysT.dim_size(0), a_.lstm, a_.additive);
    const i64 B = d.B, S = d.S, H = d.H, A = d.A, D = d.D, G = d.G, TB = d.T * B;
    const bool saveE = a_.training && d.additive;
    Loop l{F(ctx->input(0)), F(keysT), F(valuesT), opt(ctx, 11), opt(ctx, 6), opt(ctx, 7), opt(ctx, 8),
           F(ctx->input(3)), F(whT), opt(ctx, 10), F(ctx->input(5)), opt(ctx, 9)};
    l.out = output(ctx, 0, TensorShape({TB, d.O})), l.wall = output(ctx, 1, TensorShape({TB, S}));
    l.eall = output(ctx, 2, TensorShape({saveE ? TB * S : 0, A}));
    l.ws = output(ctx, 3, TensorShape({TB, d.WS})), l.cs = output(ctx, 4, TensorShape({d.lstm ? TB : 0, H}));
    Tensor t1, t2, t3, t4, t5;
    l.s = scratch(ctx, &t1, B * H), l.q = scratch(ctx, &t2, B * A), l.cc = scratch(ctx, &t3, B * D);
    l.gates = scratch(ctx, &t4, B * G), l.gh = scratch(ctx, &t5, B * G);
    if (!ctx->status().ok()) return;
    run_loop(ctx->eigen_device<CPU>(), d, l);
  }

 private:
  Attrs a_;
};

// One decoding step in one op, as the wasm kernel (step.c): embedding rows of the previous tokens
// and their projection, the loop with T = 1, the output layer and the log-softmax. Composed from
// tfjs ops it was ~8 TensorFlow dispatches a step.
// Inputs ids int32 [B], emb [Ve, E], wx [E, G], bx [G], keys, values, bias, wa, ba, va, wc, wh, bh,
// h0, c0 (as DecFwd), wout [H + D, V], bout [V]. Outputs logp [B, V], wall [B, S], h [B, H], c [B, H]
// (LSTM; else empty).
class DecStep : public OpKernel {
 public:
  explicit DecStep(OpKernelConstruction *c)
      : OpKernel(c), lstm_(attr<int>(c, "lstm") != 0), additive_(attr<int>(c, "att") == ADDITIVE) {}

  void Compute(OpKernelContext *ctx) override {
    const Tensor &ids = ctx->input(0), &emb = ctx->input(1), &keysT = ctx->input(4), &valuesT = ctx->input(5);
    const Tensor &whT = ctx->input(11), &h0 = ctx->input(13), &wout = ctx->input(15);
    if (!decoder_inputs_ok(ctx, keysT, valuesT, whT, h0, ctx->input(10), ctx->input(7), ctx->input(9),
                           ctx->input(14), h0, lstm_, additive_) ||
        !inputs_ok(ctx))
      return;
    const Dims d = dims(keysT, valuesT, whT, 1, lstm_, additive_);
    const i64 B = d.B, H = d.H, G = d.G, O = d.O, E = emb.dim_size(1), V = wout.dim_size(1);
    Loop l{nullptr,      F(keysT),     F(valuesT),   opt(ctx, 6), opt(ctx, 7), opt(ctx, 8), opt(ctx, 9),
           F(ctx->input(10)), F(whT), opt(ctx, 12), F(h0),      opt(ctx, 14)};
    float *logp = output(ctx, 0, TensorShape({B, V}));
    l.wall = output(ctx, 1, TensorShape({B, d.S}));
    float *h = output(ctx, 2, TensorShape({B, H}));
    l.cs = output(ctx, 3, TensorShape({lstm_ ? B : 0, H}));  // the loop writes the new c in place
    Tensor t[9];
    float *x = scratch(ctx, &t[0], B * E), *gxe = scratch(ctx, &t[1], B * G);
    l.out = scratch(ctx, &t[2], B * O), l.ws = scratch(ctx, &t[3], B * d.WS), l.s = scratch(ctx, &t[4], B * H);
    l.q = scratch(ctx, &t[5], B * d.A), l.cc = scratch(ctx, &t[6], B * d.D);
    l.gates = scratch(ctx, &t[7], B * G), l.gh = scratch(ctx, &t[8], B * G);
    if (!ctx->status().ok()) return;
    const CPU &dev = ctx->eigen_device<CPU>();
    const int32_t *id = ids.flat<int32_t>().data();
    for (i64 b = 0; b < B; b++) {
      std::copy(F(emb) + id[b] * E, F(emb) + (id[b] + 1) * E, x + b * E);
      std::copy(F(ctx->input(3)), F(ctx->input(3)) + G, gxe + b * G);
    }
    gemm(dev, Gemm::NN, B, G, E, x, F(ctx->input(2)), gxe, true);
    l.gxe = gxe;
    run_loop(dev, d, l);
    for (i64 b = 0; b < B; b++) std::copy(F(ctx->input(16)), F(ctx->input(16)) + V, logp + b * V);
    gemm(dev, Gemm::NN, B, V, O, l.out, F(wout), logp, true);
    rows(dev, B, 20.0 * V, [&](i64 b) {
      Arr z(logp + b * V, V);
      z -= z.maxCoeff();
      z -= std::log(z.exp().sum());
    });
    columns(l.out, B, O, 0, H, h);
  }

 private:
  // The step's own inputs: ids in the embedding's range, the projections' and output layer's shapes.
  bool inputs_ok(OpKernelContext *ctx) const {
    const Tensor &ids = ctx->input(0), &emb = ctx->input(1), &wout = ctx->input(15);
    const i64 B = ctx->input(4).dim_size(0), H = ctx->input(11).dim_size(0), G = ctx->input(11).dim_size(1);
    const i64 O = H + ctx->input(5).dim_size(2);
    if (!check(ctx,
               has(ids, {B}) && has(emb, {-1, -1}) && has(ctx->input(2), {emb.dim_size(1), G}) &&
                   has(ctx->input(3), {G}) && has(wout, {O, -1}) && has(ctx->input(16), {wout.dim_size(1)}) &&
                   (lstm_ || has(ctx->input(12), {G})) && (!additive_ || has(ctx->input(8), {ctx->input(4).dim_size(2)})) &&
                   absent_or(ctx->input(6), {B, ctx->input(4).dim_size(1)}),
               "ids must be [B], emb [V, E], W_x [E, gates H], b_x [gates H], W_out [H + D, V], b_out [V]"))
      return false;
    return check(ctx, ids_in_range(ids, emb.dim_size(0)), "a token id is outside the embedding");
  }

  bool lstm_, additive_;
};

// Inputs keys, values, wa, va, wc, wh, h0, c0 (optional ones empty as in the forward), the forward's
// out, wall, eall, ws, cs, and dout [T B, H + D]. Outputs dgxe [T B, G], dK, dV, dW_c, dW_h, dh0,
// then dW_a [H, A], db_a [A], dv_a [A, 1] (additive), db_h [G] (GRU), dc0 [B, H] (LSTM); absent
// ones are empty.
//   dW_h = sum_t s_{t-1}^T d(s W_h)_t,  dW_a = sum_t s_{t-1}^T dq_t,  dW_c = sum_t c_t^T dgates_t,
//   dv_a = sum_{t,b,j} dscore_j e_j
class DecBwd : public OpKernel {
 public:
  explicit DecBwd(OpKernelConstruction *c) : OpKernel(c), a_(c) {}

  void Compute(OpKernelContext *ctx) override {
    const Tensor &keysT = ctx->input(0), &valuesT = ctx->input(1), &whT = ctx->input(5), &outT = ctx->input(8);
    if (!decoder_inputs_ok(ctx, keysT, valuesT, whT, ctx->input(6), ctx->input(4), ctx->input(2), ctx->input(3),
                           ctx->input(7), outT, a_.lstm, a_.additive))
      return;
    if (!saved_ok(ctx, keysT, valuesT, whT, a_.lstm, a_.additive)) return;
    const Dims d = dims(keysT, valuesT, whT, ctx->input(8).dim_size(0) / keysT.dim_size(0), a_.lstm, a_.additive);
    const i64 T = d.T, B = d.B, S = d.S, H = d.H, A = d.A, D = d.D, G = d.G, O = d.O, WS = d.WS, KW = d.KW, TB = T * B;
    const float *K = F(keysT), *V = F(valuesT), *wa = opt(ctx, 2), *va = opt(ctx, 3);
    const float *wc = F(ctx->input(4)), *wh = F(whT);
    const float *h0 = F(ctx->input(6)), *c0 = opt(ctx, 7), *out = F(ctx->input(8)), *wall = F(ctx->input(9));
    const float *eall = opt(ctx, 10), *ws = F(ctx->input(11)), *cs = opt(ctx, 12), *dout = F(ctx->input(13));
    float *dgxe = output(ctx, 0, TensorShape({TB, G})), *dK = output(ctx, 1, keysT.shape());
    float *dV = output(ctx, 2, valuesT.shape());
    float *dWc = output(ctx, 3, TensorShape({D, G})), *dWh = output(ctx, 4, TensorShape({H, G}));
    float *ds = output(ctx, 5, TensorShape({B, H}));  // the running dL/ds, dh0 at the end
    float *dWa = output(ctx, 6, TensorShape({A ? H : 0, A})), *dba = output(ctx, 7, TensorShape({A}));
    float *dva = output(ctx, 8, TensorShape({A, A ? 1 : 0})), *dbh = output(ctx, 9, TensorShape({d.lstm ? 0 : G}));
    float *dcc = output(ctx, 10, TensorShape({d.lstm ? B : 0, H}));  // the running dL/dc, dc0 at the end
    Tensor t1, t2, t3, t4, t5, t6;
    float *dgh = d.lstm ? dgxe : scratch(ctx, &t1, TB * G);  // d(s W_h): the LSTM's is dgxe itself
    float *dq = scratch(ctx, &t2, TB * KW), *dctx = scratch(ctx, &t3, B * D), *dsc = scratch(ctx, &t4, TB * S);
    float *prev = scratch(ctx, &t5, TB * H), *ctxs = scratch(ctx, &t6, TB * D);
    if (!ctx->status().ok()) return;
    const CPU &dev = ctx->eigen_device<CPU>();
    // prev: s_{t-1} of every step, contiguous (h0, then the states of steps 0..T-2); ctxs: every c_t.
    std::copy(h0, h0 + B * H, prev);
    columns(out, (T - 1) * B, O, 0, H, prev + B * H);
    columns(out, TB, O, H, D, ctxs);
    std::fill(dK, dK + B * S * KW, 0.f), std::fill(dV, dV + B * S * D, 0.f), std::fill(ds, ds + B * H, 0.f);
    if (d.lstm) std::fill(dcc, dcc + B * H, 0.f);
    for (i64 t = T - 1; t >= 0; t--) {
      const float *sp = prev + t * B * H;
      rows(dev, B, 40.0 * H, [&](i64 b) {
        const i64 r = t * B + b;
        float *g = ds + b * H;
        Arr(g, H) += CArr(dout + r * O, H);
        if (!d.lstm) return gru_bwd_row(H, ws + r * WS, sp + b * H, 1.f, g, dgxe + r * G, dgh + r * G, g);
        const float *cp = t == 0 ? c0 + b * H : cs + (r - B) * H;
        lstm_bwd_row(H, ws + r * WS, cp, 1.f, g, dcc + b * H, dgxe + r * G, g, dcc + b * H);
      });
      gemm(dev, Gemm::NT, B, H, G, dgh + t * B * G, wh, ds, true);
      columns(dout + t * B * O, B, O, H, D, dctx);
      gemm(dev, Gemm::NT, B, D, G, dgxe + t * B * G, wc, dctx, true);
      rows(dev, B, attend_cost(d), [&](i64 b) {
        const i64 r = t * B + b;
        attend_row_bwd(d, K + b * S * KW, V + b * S * D, wall + r * S, d.additive ? eall + r * S * A : nullptr, va,
                       sp + b * H, dctx + b * D, dK + b * S * KW, dV + b * S * D, dq + r * KW, dsc + r * S);
        if (!d.additive) Arr(ds + b * H, H) += CArr(dq + r * KW, H);
      });
      if (d.additive) gemm(dev, Gemm::NT, B, H, A, dq + t * B * A, wa, ds, true);
    }
    gemm(dev, Gemm::TN, H, G, TB, prev, dgh, dWh, false);
    gemm(dev, Gemm::TN, D, G, TB, ctxs, dgxe, dWc, false);
    if (!d.lstm) colsum(dev, dgh, TB, G, dbh);
    if (!d.additive) return;
    gemm(dev, Gemm::TN, H, A, TB, prev, dq, dWa, false);
    colsum(dev, dq, TB, A, dba);
    gemm(dev, Gemm::TN, A, 1, TB * S, eall, dsc, dva, false);
  }

 private:
  Attrs a_;
};

}  // namespace

REGISTER_OP("S2sDecFwd")
    .Input("gxe: float").Input("keys: float").Input("values: float").Input("wc: float").Input("wh: float")
    .Input("h0: float").Input("wa: float").Input("ba: float").Input("va: float").Input("c0: float").Input("bh: float")
    .Input("bias: float")
    .Output("out: float").Output("wall: float").Output("eall: float").Output("ws: float").Output("cs: float")
    .Attr("lstm: int").Attr("att: int").Attr("training: int")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_OP("S2sDecBwd")
    .Input("keys: float").Input("values: float").Input("wa: float").Input("va: float").Input("wc: float")
    .Input("wh: float").Input("h0: float").Input("c0: float").Input("out: float").Input("wall: float")
    .Input("eall: float").Input("ws: float").Input("cs: float").Input("dout: float")
    .Output("dgxe: float").Output("dk: float").Output("dv: float").Output("dwc: float").Output("dwh: float")
    .Output("dh0: float").Output("dwa: float").Output("dba: float").Output("dva: float").Output("dbh: float")
    .Output("dc0: float")
    .Attr("lstm: int").Attr("att: int").Attr("training: int")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_OP("S2sDecodeStep")
    .Input("ids: int32").Input("emb: float").Input("wx: float").Input("bx: float").Input("keys: float")
    .Input("values: float").Input("bias: float").Input("wa: float").Input("ba: float").Input("va: float")
    .Input("wc: float").Input("wh: float").Input("bh: float").Input("h0: float").Input("c0: float")
    .Input("wout: float").Input("bout: float")
    .Output("logp: float").Output("wall: float").Output("h: float").Output("c: float")
    .Attr("lstm: int").Attr("att: int")
    .SetShapeFn(tensorflow::shape_inference::UnknownShape);
REGISTER_KERNEL_BUILDER(Name("S2sDecFwd").Device(tensorflow::DEVICE_CPU), DecFwd);
REGISTER_KERNEL_BUILDER(Name("S2sDecodeStep").Device(tensorflow::DEVICE_CPU), DecStep);
REGISTER_KERNEL_BUILDER(Name("S2sDecBwd").Device(tensorflow::DEVICE_CPU), DecBwd);

}  // namespace s2s
