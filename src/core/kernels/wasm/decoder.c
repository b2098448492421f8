// The attention decoder's teacher-forced loop over a stack of L RNN layers, forward and backward,
// in one call each; with T = 1 and no saved intermediates it is also the single decoding step.
//
// Step t, with s = the top layer's previous state (its h0 at t = 0) as the query (Bahdanau's order):
//   score_j = v_a . tanh(K_j + s W_a + b_a)    additive: K = U_a h_j, precomputed by the caller
//   score_j = s . K_j                          dot (K = h_j) and general (K = W h_j)
//   a = softmax(score + maskBias),  c_t = sum_j a_j V_j
//   layer 0:  gates = gxe_t + c_t W_c  (gxe: the target embeddings' projection, from the caller)
//   layer l:  gates = x_l W_x + b_x,  x_l = m_l * h_{l-1,t}  (m_l: the dropout mask between layers)
//   h_{l,t} = GRU(gates, h_{l,t-1} W_h + b_h, h_{l,t-1})  or  LSTM(gates + h_{l,t-1} W_h, h, c)
// out [T B, H + D] holds the rows [h_{L-1,t} ; c_t] the output layer reads.
//
// The arguments come in pointer tables on the heap (int32 byte offsets): the call has too many
// for one argument list, and a layer's are indexed by l. Time-major arrays ([T B, ...]) hold Bs >= B
// rows a step, of which this call runs [0, B) (rnn.c).
#include "cells.h"
#include "gemm.h"

enum { ADDITIVE = 0, DOT = 1 }; // general is "dot" on keys the caller projected with W

typedef struct {
  int T, B, Bs, S, H, A, D, lstm, att, L, G, O, WS, KW;
} Dims;

INLINE Dims dims_of(const int *v) {
  const int H = v[4], lstm = v[7], att = v[8];
  const Dims d = {v[0], v[1], v[2], v[3], H, v[5], v[6], lstm, att, v[9],
                  (lstm ? 4 : 3) * H, H + v[6], (lstm ? LSTM_WS : GRU_WS) * H, att == ADDITIVE ? v[5] : H};
  return d;
}

#define PTR(table, i) ((f32 *)(table)[i])
// Layer l's field f in a table of `n` fields a layer.
#define LAYER(table, n, l, f) PTR(table, (l) * (n) + (f))

// Layer l's states h_{l,t}: the top layer's are out's first H columns, the others' a [T Bs, H] array.
INLINE f32 *state_rows(const Dims *d, f32 *out, f32 *hs, int l) { return l == d->L - 1 ? out : hs; }
INLINE int state_ld(const Dims *d, int l) { return l == d->L - 1 ? d->O : d->H; }

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

// Forward tables. p: gxe, K, V, bias (or 0), waP = pack_nn(W_a), b_a, v_a (additive), wcP =
// pack_nn(W_c), out [T B, H+D], wall [T B, S], eall [T B S, A] (additive, training; else 0),
// scratch q [B, A], gates [B, G], gh [B, G]. A layer (FWD_FIELDS): whP = pack_nn(W_h), b_h (GRU),
// h0, c0 (LSTM) [B, H], ws [T B, WS H], cs [T B, H] (LSTM), hs [T B, H] (below the top), and above
// layer 0: wxP = pack_nn(W_x), b_x [G], mask [T B, H] (or 0), xin [T B, H] (its input x_l, saved).
enum { F_WH, F_BH, F_H0, F_C0, F_WS, F_CS, F_HS, F_WX, F_BX, F_MASK, F_XIN, FWD_FIELDS };

// One layer's step t: its gates (from the context and gxe, or from the layer below), then the cell.
INLINE void layer_fwd(const Dims *d, const int *p, const int *ly, int l, int t) {
  const int B = d->B, Bs = d->Bs, H = d->H, G = d->G, O = d->O, WS = d->WS;
  f32 *out = PTR(p, 8), *gates = PTR(p, 12), *gh = PTR(p, 13);
#define F(f) LAYER(ly, FWD_FIELDS, l, f)
  f32 *hs = state_rows(d, out, F(F_HS), l);
  const int ld = state_ld(d, l), lds = t == 0 ? H : ld;
  const f32 *sp = t == 0 ? F(F_H0) : hs + (t - 1) * Bs * ld;
  if (l == 0) {
    gemm_packed(B, G, d->D, out + t * Bs * O + H, O, PTR(p, 7), gates, G, 0);
    for (int b = 0; b < B; b++) add_into(gates + b * G, PTR(p, 0) + (t * Bs + b) * G, G);
  } else {
    const f32 *below = LAYER(ly, FWD_FIELDS, l - 1, F_HS), *mask = F(F_MASK), *bx = F(F_BX);
    const int ldb = state_ld(d, l - 1);
    f32 *xin = F(F_XIN) + t * Bs * H;
    for (int b = 0; b < B; b++) {
      const f32 *hb = below + (t * Bs + b) * ldb;
      if (mask) vmul(xin + b * H, hb, mask + (t * Bs + b) * H, H);
      else vcopy(xin + b * H, hb, H);
      vcopy(gates + b * G, bx, G);
    }
    gemm_packed(B, G, H, xin, H, F(F_WX), gates, G, 1);
  }
  gemm_packed(B, G, H, sp, lds, F(F_WH), gh, G, 0);
  for (int b = 0; b < B; b++) {
    const int r = t * Bs + b;
    f32 *x = gates + b * G, *h = hs + r * ld, *w = F(F_WS) + r * WS;
    if (!d->lstm) {
      gru_fwd_row(H, x, gh + b * G, F(F_BH), sp + b * lds, 1.f, h, w);
      continue;
    }
    add_into(x, gh + b * G, G);
    f32 *cs = F(F_CS);
    lstm_fwd_row(H, x, sp + b * lds, t == 0 ? F(F_C0) + b * H : cs + (r - Bs) * H, 1.f, h, cs + r * H, w);
  }
#undef F
}

EXPORT(dec_fwd)
void dec_fwd(const int *dims, const int *p, const int *ly) {
  const Dims d = dims_of(dims);
  const int B = d.B, Bs = d.Bs, S = d.S, H = d.H, A = d.A, D = d.D, O = d.O, KW = d.KW, top = d.L - 1;
  const f32 *K = PTR(p, 1), *V = PTR(p, 2), *bias = PTR(p, 3);
  f32 *out = PTR(p, 8), *wall = PTR(p, 9), *eall = PTR(p, 10), *q = PTR(p, 11);
  for (int t = 0; t < d.T; t++) {
    const int lds = t == 0 ? H : O;
    const f32 *sp = t == 0 ? LAYER(ly, FWD_FIELDS, top, F_H0) : out + (t - 1) * Bs * O; // the top's h
    if (d.att == ADDITIVE) gemm_packed(B, A, H, sp, lds, PTR(p, 4), q, A, 0);
    for (int b = 0; b < B; b++) {
      const int r = t * Bs + b;
      attend_row(&d, K + b * S * KW, V + b * S * D, bias ? bias + b * S : 0, d.att == ADDITIVE ? q + b * A : sp + b * lds,
                 PTR(p, 5), PTR(p, 6), wall + r * S, eall ? eall + r * S * A : 0, out + r * O + H);
    }
    for (int l = 0; l < d.L; l++) layer_fwd(&d, p, ly, l, t);
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

// Backward tables. p: K, V, waTP = pack_tn(W_a), v_a, wcTP, out, wall, eall, dout [T B, H+D], then
// the outputs dgxe [T B, G], dK [B S, KW], dV [B S, D], dW_a [H, A], db_a [A], dv_a [A] (additive),
// dW_c [D, G], and scratch dq [T Bs, KW], dctx [B, D], dw [S], dx [B, H]. A layer (BWD_FIELDS): whTP,
// h0, c0, ws, cs, hs, wxTP, mask, xin (as forward; wxTP = pack_tn(W_x)), the outputs dW_h, db_h
// (GRU), dh0, dc0 (LSTM), dW_x, db_x (above layer 0), and scratch ds, dcc [B, H], dgh [T Bs, G]
// (GRU), dgx [T Bs, G] (above layer 0; layer 0's is dgxe).
//   dW_h = sum_t h_{t-1}^T d(h W_h)_t,  dW_x = sum_t x_t^T dgates_t,  dW_c = sum_t c_t^T dgates_t,
//   dW_a = sum_t s_{t-1}^T dq_t,  dx = dgates W_x^T (times the mask) reaches the layer below
enum {
  B_WHT, B_H0, B_C0, B_WS, B_CS, B_HS, B_WXT, B_MASK, B_XIN, B_DWH, B_DBH, B_DH0, B_DC0, B_DWX, B_DBX,
  B_DS, B_DCC, B_DGH, B_DGX, BWD_FIELDS
};

INLINE f32 *dgates_of(const int *p, const int *ly, int l) {
  return l == 0 ? PTR(p, 9) : LAYER(ly, BWD_FIELDS, l, B_DGX);
}
INLINE f32 *dgh_of(const Dims *d, const int *p, const int *ly, int l) {
  return d->lstm ? dgates_of(p, ly, l) : LAYER(ly, BWD_FIELDS, l, B_DGH); // LSTM: the same gradient
}

// One layer's step t backward: the cell from ds (all that reaches h_{l,t}), the recurrent part into
// ds (now for h_{l,t-1}), and above layer 0 the input's gradient into the layer below's ds.
INLINE void layer_bwd(const Dims *d, const int *p, const int *ly, int l, int t) {
  const int B = d->B, Bs = d->Bs, H = d->H, G = d->G, WS = d->WS;
#define F(f) LAYER(ly, BWD_FIELDS, l, f)
  const f32 *hs = state_rows(d, PTR(p, 5), F(B_HS), l);
  const int ld = state_ld(d, l), lds = t == 0 ? H : ld;
  const f32 *sp = t == 0 ? F(B_H0) : hs + (t - 1) * Bs * ld;
  f32 *ds = F(B_DS), *dcc = F(B_DCC), *dgx = dgates_of(p, ly, l), *dgh = dgh_of(d, p, ly, l);
  for (int b = 0; b < B; b++) {
    const int r = t * Bs + b;
    f32 *g = ds + b * H;
    const f32 *w = F(B_WS) + r * WS;
    if (!d->lstm) {
      gru_bwd_row(H, w, sp + b * lds, 1.f, g, dgx + r * G, dgh + r * G, g);
      continue;
    }
    const f32 *cp = t == 0 ? F(B_C0) + b * H : F(B_CS) + (r - Bs) * H;
    lstm_bwd_row(H, w, cp, 1.f, g, dcc + b * H, dgx + r * G, g, dcc + b * H);
  }
  gemm_packed(B, H, G, dgh + t * Bs * G, G, F(B_WHT), ds, H, 1);
  if (l == 0) return;
  f32 *dx = PTR(p, 19), *below = LAYER(ly, BWD_FIELDS, l - 1, B_DS);
  const f32 *mask = F(B_MASK);
  gemm_packed(B, H, G, dgx + t * Bs * G, G, F(B_WXT), dx, H, 0);
  for (int b = 0; b < B; b++) {
    if (mask) vmul(dx + b * H, dx + b * H, mask + (t * Bs + b) * H, H);
    add_into(below + b * H, dx + b * H, H);
  }
#undef F
}

// The weight gradients of layer l, from the step gradients the loop left in dgh and dgx.
INLINE void layer_weight_grads(const Dims *d, const int *p, const int *ly, int l) {
  const int T = d->T, B = d->B, Bs = d->Bs, H = d->H, G = d->G;
#define F(f) LAYER(ly, BWD_FIELDS, l, f)
  const f32 *hs = state_rows(d, PTR(p, 5), F(B_HS), l), *dgh = dgh_of(d, p, ly, l), *dgx = dgates_of(p, ly, l);
  const int ld = state_ld(d, l);
  vcopy(F(B_DH0), F(B_DS), B * H);
  if (d->lstm) vcopy(F(B_DC0), F(B_DCC), B * H);
  vzero(F(B_DWH), H * G);
  gemm_tn_acc(H, G, B, F(B_H0), H, dgh, G, F(B_DWH), G);
  if (T > 1) steps_tn_acc(T - 1, B, Bs, H, G, hs, ld, dgh + Bs * G, G, F(B_DWH));
  if (!d->lstm) steps_colsum(T, B, Bs, G, dgh, F(B_DBH));
  if (l == 0) return;
  vzero(F(B_DWX), H * G);
  steps_tn_acc(T, B, Bs, H, G, F(B_XIN), H, dgx, G, F(B_DWX));
  steps_colsum(T, B, Bs, G, dgx, F(B_DBX));
#undef F
}

EXPORT(dec_bwd)
void dec_bwd(const int *dims, const int *p, const int *ly) {
  const Dims d = dims_of(dims);
  const int T = d.T, B = d.B, Bs = d.Bs, S = d.S, H = d.H, A = d.A, D = d.D, G = d.G, O = d.O, KW = d.KW;
  const int top = d.L - 1, additive = d.att == ADDITIVE;
  const f32 *K = PTR(p, 0), *V = PTR(p, 1), *va = PTR(p, 3), *out = PTR(p, 5), *wall = PTR(p, 6);
  const f32 *eall = PTR(p, 7), *dout = PTR(p, 8);
  f32 *dgxe = PTR(p, 9), *dK = PTR(p, 10), *dV = PTR(p, 11), *dva = PTR(p, 14), *dq = PTR(p, 16);
  f32 *dctx = PTR(p, 17), *dw = PTR(p, 18), *dsTop = LAYER(ly, BWD_FIELDS, top, B_DS);
  const f32 *h0Top = LAYER(ly, BWD_FIELDS, top, B_H0);
  vzero(dK, B * S * KW), vzero(dV, B * S * D);
  if (additive) vzero(dva, A);
  for (int l = 0; l < d.L; l++) {
    vzero(LAYER(ly, BWD_FIELDS, l, B_DS), B * H);
    if (d.lstm) vzero(LAYER(ly, BWD_FIELDS, l, B_DCC), B * H);
  }
  for (int t = T - 1; t >= 0; t--) {
    for (int b = 0; b < B; b++) add_into(dsTop + b * H, dout + (t * Bs + b) * O, H);
    for (int l = top; l >= 0; l--) layer_bwd(&d, p, ly, l, t);
    for (int b = 0; b < B; b++) vcopy(dctx + b * D, dout + (t * Bs + b) * O + H, D);
    gemm_packed(B, D, G, dgxe + t * Bs * G, G, PTR(p, 4), dctx, D, 1);
    const f32 *sp = t == 0 ? h0Top : out + (t - 1) * Bs * O;
    const int lds = t == 0 ? H : O;
    for (int b = 0; b < B; b++) {
      const int r = t * Bs + b;
      attend_row_bwd(&d, K + b * S * KW, V + b * S * D, wall + r * S, additive ? eall + r * S * A : 0, va,
                     sp + b * lds, dctx + b * D, dK + b * S * KW, dV + b * S * D, dq + r * KW, dva, dw);
      if (!additive) add_into(dsTop + b * H, dq + r * KW, H);
    }
    if (additive) gemm_packed(B, H, A, dq + t * Bs * A, A, PTR(p, 2), dsTop, H, 1);
  }
  for (int l = 0; l < d.L; l++) layer_weight_grads(&d, p, ly, l);
  f32 *dWc = PTR(p, 15);
  vzero(dWc, D * G);
  steps_tn_acc(T, B, Bs, D, G, out + H, O, dgxe, G, dWc);
  if (!additive) return;
  f32 *dWa = PTR(p, 12);
  vzero(dWa, H * A);
  gemm_tn_acc(H, A, B, h0Top, H, dq, A, dWa, A);
  if (T > 1) steps_tn_acc(T - 1, B, Bs, H, A, out, O, dq + Bs * A, A, dWa);
  steps_colsum(T, B, Bs, A, dq, PTR(p, 13));
}
