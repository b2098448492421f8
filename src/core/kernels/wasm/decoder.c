// The attention decoder's teacher-forced loop (one RNN layer), forward and backward, in one call
// each; with T = 1 and no saved intermediates it is also the single decoding step.
//
// Step t, with s = s_{t-1} the previous state (h0 at t = 0) as the query (Bahdanau's order):
//   score_j = v_a . tanh(K_j + s W_a + b_a)    additive: K = U_a h_j, precomputed by the caller
//   score_j = s . K_j                          dot (K = h_j) and general (K = W h_j)
//   a = softmax(score + maskBias),  c_t = sum_j a_j V_j
//   gates = gxe_t + c_t W_c  (gxe: the target embeddings' projection, all steps, from the caller)
//   s_t = GRU(gates, s W_h + b_h, s)  or  LSTM(gates + s W_h, s, c)
// out [T B, H + D] holds the rows [s_t ; c_t] the output layer reads.
#include "cells.h"
#include "gemm.h"

enum { ADDITIVE = 0, DOT = 1 }; // general is "dot" on keys the caller projected with W

typedef struct {
  int T, B, S, H, A, D, lstm, att;
} Dims;

// Scores, softmax and context of one batch row: w [S] (weights out), ctx [D] (out), e [S A] (saved
// tanh, additive only, may be 0), q: s W_a [A] (additive) or s [H] (dot).
INLINE void attend_row(const Dims *d, const f32 *K, const f32 *V, const f32 *bias, const f32 *q, const f32 *ba,
                       const f32 *va, f32 *w, f32 *e, f32 *ctx) {
  const int S = d->S, A = d->A, D = d->D, KW = d->att == ADDITIVE ? A : d->H;
  f32 top = -3.4e38f;
  for (int j = 0; j < S; j++) {
    const f32 *k = K + j * KW;
    v4 acc = SPLAT(0.f);
    if (d->att == ADDITIVE) {
      for (int a = 0; a < A; a += 4) {
        v4 ev = vtanh(ADD(LD(k + a), ADD(LD(q + a), LD(ba + a))));
        if (e) ST(e + j * A + a, ev);
        acc = MADD(ev, LD(va + a), acc);
      }
    } else {
      for (int a = 0; a < KW; a += 4) acc = MADD(LD(q + a), LD(k + a), acc);
    }
    w[j] = hsum(acc) + (bias ? bias[j] : 0.f);
    if (w[j] > top) top = w[j];
  }
  f32 sum = 0.f;
  for (int j = 0; j < S; j++) sum += (w[j] = sexp(w[j] - top));
  for (int j = 0; j < S; j++) w[j] /= sum;
  for (int x = 0; x < D; x += 4) {
    v4 acc = SPLAT(0.f);
    for (int j = 0; j < S; j++) acc = MADD(SPLAT(w[j]), LD(V + j * D + x), acc);
    ST(ctx + x, acc);
  }
}

// Packed weights: waP = pack_nn(W_a) (additive), wcP = pack_nn(W_c), whP = pack_nn(W_h).
// Time-major arrays ([T B, ...]) hold Bs >= B rows a step, of which this call runs [0, B) (rnn.c).
// Outputs: out [T B, H+D], wall [T B, S], eall [T B S, A] (additive; 0 to skip), ws [T B, WS H],
// cs [T B, H] (LSTM). Scratch: q [B, A] (additive), gates [B, G], gh [B, G].
EXPORT(dec_fwd)
void dec_fwd(int T, int B, int Bs, int S, int H, int A, int D, int lstm, int att, const f32 *gxe, const f32 *K, const f32 *V,
             const f32 *bias, const f32 *waP, const f32 *ba, const f32 *va, const f32 *wcP, const f32 *whP,
             const f32 *bh, const f32 *h0, const f32 *c0, f32 *out, f32 *wall, f32 *eall, f32 *ws, f32 *cs, f32 *q,
             f32 *gates, f32 *gh) {
  const Dims d = {T, B, S, H, A, D, lstm, att};
  const int G = (lstm ? 4 : 3) * H, O = H + D, WS = (lstm ? LSTM_WS : GRU_WS) * H, KW = att == ADDITIVE ? A : H;
  for (int t = 0; t < T; t++) {
    const f32 *sp = t == 0 ? h0 : out + (t - 1) * Bs * O;
    const int lds = t == 0 ? H : O;
    if (att == ADDITIVE) gemm_packed(B, A, H, sp, lds, waP, q, A, 0);
    for (int b = 0; b < B; b++) {
      const int r = t * Bs + b;
      attend_row(&d, K + b * S * KW, V + b * S * D, bias ? bias + b * S : 0, att == ADDITIVE ? q + b * A : sp + b * lds,
                 ba, va, wall + r * S, eall ? eall + r * S * A : 0, out + r * O + H);
    }
    gemm_packed(B, G, D, out + t * Bs * O + H, O, wcP, gates, G, 0);
    gemm_packed(B, G, H, sp, lds, whP, gh, G, 0);
    for (int b = 0; b < B; b++) {
      const int r = t * Bs + b;
      f32 *x = gates + b * G, *g = gh + b * G;
      add_into(x, gxe + r * G, G);
      if (!lstm) {
        gru_fwd_row(H, x, g, bh, sp + b * lds, 1.f, out + r * O, ws + r * WS);
        continue;
      }
      add_into(x, g, G);
      const f32 *cp = t == 0 ? c0 + b * H : cs + (r - Bs) * H;
      lstm_fwd_row(H, x, sp + b * lds, cp, 1.f, out + r * O, cs + r * H, ws + r * WS);
    }
  }
}

// Attention backward of one row, given dctx = dL/dc_t [D]:
//   dw_j = dctx . V_j,  dV_j += a_j dctx,  dscore_j = a_j (dw_j - sum_k a_k dw_k)
//   additive: dpre = dscore_j v_a (1 - e_j^2): dK_j += dpre, dq += dpre, dv_a += dscore_j e_j
//   dot:      dq += dscore_j K_j,  dK_j += dscore_j s
INLINE void attend_row_bwd(const Dims *d, const f32 *K, const f32 *V, const f32 *w, const f32 *e, const f32 *va,
                           const f32 *s, const f32 *dctx, f32 *dK, f32 *dV, f32 *dq, f32 *dva, f32 *dw) {
  const int S = d->S, A = d->A, D = d->D, KW = d->att == ADDITIVE ? A : d->H;
  f32 tot = 0.f;
  for (int j = 0; j < S; j++) {
    v4 acc = SPLAT(0.f), wj = SPLAT(w[j]);
    for (int x = 0; x < D; x += 4) {
      v4 c = LD(dctx + x);
      acc = MADD(c, LD(V + j * D + x), acc);
      ST(dV + j * D + x, MADD(wj, c, LD(dV + j * D + x)));
    }
    dw[j] = hsum(acc);
    tot += w[j] * dw[j];
  }
  vzero(dq, KW);
  for (int j = 0; j < S; j++) {
    v4 ds = SPLAT(w[j] * (dw[j] - tot));
    f32 *dk = dK + j * KW;
    if (d->att == ADDITIVE) {
      for (int a = 0; a < A; a += 4) {
        v4 ev = LD(e + j * A + a);
        v4 dpre = MUL(MUL(ds, LD(va + a)), SUB(SPLAT(1.f), MUL(ev, ev)));
        ST(dk + a, ADD(LD(dk + a), dpre));
        ST(dq + a, ADD(LD(dq + a), dpre));
        ST(dva + a, MADD(ds, ev, LD(dva + a)));
      }
    } else {
      for (int a = 0; a < KW; a += 4) {
        ST(dq + a, MADD(ds, LD(K + j * KW + a), LD(dq + a)));
        ST(dk + a, MADD(ds, LD(s + a), LD(dk + a)));
      }
    }
  }
}

// dout [T B, H+D]: gradient of out. Transposed packed weights: waTP = pack_tn(W_a), wcTP, whTP.
// Outputs: dgxe [T B, G], dK [B S, KW], dV [B S, D], dWa [H, A], dba [A], dva [A] (additive),
// dWc [D, G], dWh [H, G], dbh [G] (GRU), dh0, dc0 [B, H].
// Scratch: dgh [T Bs, G] (GRU; LSTM reuses dgxe), dq [T Bs, KW], ds, dcc [B, H], dctx [B, D], dw [S].
//   dW_h = sum_t s_{t-1}^T d(s W_h)_t,  dW_a = sum_t s_{t-1}^T dq_t,  dW_c = sum_t c_t^T dgates_t
EXPORT(dec_bwd)
void dec_bwd(int T, int B, int Bs, int S, int H, int A, int D, int lstm, int att, const f32 *K, const f32 *V,
             const f32 *waTP, const f32 *va, const f32 *wcTP, const f32 *whTP, const f32 *h0, const f32 *c0,
             const f32 *out, const f32 *wall, const f32 *eall, const f32 *ws, const f32 *cs, const f32 *dout,
             f32 *dgxe, f32 *dK, f32 *dV, f32 *dWa, f32 *dba, f32 *dva, f32 *dWc, f32 *dWh, f32 *dbh, f32 *dh0,
             f32 *dc0, f32 *dgh, f32 *dq, f32 *ds, f32 *dcc, f32 *dctx, f32 *dw) {
  const Dims d = {T, B, S, H, A, D, lstm, att};
  const int G = (lstm ? 4 : 3) * H, O = H + D, WS = (lstm ? LSTM_WS : GRU_WS) * H, KW = att == ADDITIVE ? A : H;
  if (lstm) dgh = dgxe;
  vzero(dK, B * S * KW), vzero(dV, B * S * D), vzero(ds, B * H), vzero(dcc, B * H);
  if (att == ADDITIVE) vzero(dva, A);
  for (int t = T - 1; t >= 0; t--) {
    const f32 *sp = t == 0 ? h0 : out + (t - 1) * Bs * O;
    const int lds = t == 0 ? H : O;
    for (int b = 0; b < B; b++) {
      const int r = t * Bs + b;
      f32 *g = ds + b * H;
      add_into(g, dout + r * O, H);
      if (!lstm) {
        gru_bwd_row(H, ws + r * WS, sp + b * lds, 1.f, g, dgxe + r * G, dgh + r * G, g);
        continue;
      }
      const f32 *cp = t == 0 ? c0 + b * H : cs + (r - Bs) * H;
      lstm_bwd_row(H, ws + r * WS, cp, 1.f, g, dcc + b * H, dgxe + r * G, g, dcc + b * H);
    }
    gemm_packed(B, H, G, dgh + t * Bs * G, G, whTP, ds, H, 1);
    for (int b = 0; b < B; b++) vcopy(dctx + b * D, dout + (t * Bs + b) * O + H, D);
    gemm_packed(B, D, G, dgxe + t * Bs * G, G, wcTP, dctx, D, 1);
    for (int b = 0; b < B; b++) {
      const int r = t * Bs + b;
      attend_row_bwd(&d, K + b * S * KW, V + b * S * D, wall + r * S, att == ADDITIVE ? eall + r * S * A : 0, va,
                     sp + b * lds, dctx + b * D, dK + b * S * KW, dV + b * S * D, dq + r * KW, dva, dw);
      if (att != ADDITIVE)
        add_into(ds + b * H, dq + r * KW, H);
    }
    if (att == ADDITIVE) gemm_packed(B, H, A, dq + t * Bs * A, A, waTP, ds, H, 1);
  }
  vcopy(dh0, ds, B * H);
  if (lstm) vcopy(dc0, dcc, B * H);
  vzero(dWh, H * G), vzero(dWc, D * G);
  gemm_tn_acc(H, G, B, h0, H, dgh, G, dWh, G);
  if (T > 1) steps_tn_acc(T - 1, B, Bs, H, G, out, O, dgh + Bs * G, G, dWh);
  steps_tn_acc(T, B, Bs, D, G, out + H, O, dgxe, G, dWc);
  if (!lstm) steps_colsum(T, B, Bs, G, dgh, dbh);
  if (att != ADDITIVE) return;
  vzero(dWa, H * A);
  gemm_tn_acc(H, A, B, h0, H, dq, A, dWa, A);
  if (T > 1) steps_tn_acc(T - 1, B, Bs, H, A, out, O, dq + Bs * A, A, dWa);
  steps_colsum(T, B, Bs, A, dq, dba);
}
