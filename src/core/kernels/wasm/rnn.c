// One RNN direction (GRU or LSTM) over all T steps of a time-major batch, forward and backward
// through time, in one call each: the reference path spends ~25 tfjs kernels per step and direction.
// Rows are time-major: step t is rows [t B, (t+1) B). The input projection x W_x + b_x of every
// step (gx [T B, G]) is one big matmul done by the caller; only the recurrence happens here.
#include "cells.h"
#include "gemm.h"

#define ROW(p, t, B, b, n) ((p) + ((t) * (B) + (b)) * (n))

INLINE int step_at(int s, int T, int reverse) { return reverse ? T - 1 - s : s; }
// The step processed before t, whose state t reads (-1: the initial state).
INLINE int prev_step(int t, int T, int reverse) { return reverse ? (t + 1 < T ? t + 1 : -1) : t - 1; }
INLINE f32 mask_at(const f32 *mask, int t, int B, int b) { return mask ? mask[t * B + b] : 1.f; }

// whp: pack_nn(W_h [H, G]); bh: b_h [G] (GRU) or 0; h0, c0 [B, H] (c0 LSTM only); mask [T B] or 0.
// Outputs hs [T B, H], cs [T B, H] (LSTM), ws [T B, WS H]. Scratch gh [B, G].
// Bs >= B is the batch of the time-major arrays, of which this call runs rows [0, B): the main
// thread's share of a batch split between two threads (threads.ts) runs in place.
EXPORT(rnn_fwd)
void rnn_fwd(int lstm, int T, int B, int Bs, int H, const f32 *gx, const f32 *whp, const f32 *bh, const f32 *h0,
             const f32 *c0, const f32 *mask, f32 *hs, f32 *cs, f32 *ws, f32 *gh, int reverse) {
  const int G = (lstm ? 4 : 3) * H, WS = (lstm ? LSTM_WS : GRU_WS) * H;
  for (int s = 0; s < T; s++) {
    const int t = step_at(s, T, reverse), p = prev_step(t, T, reverse);
    const f32 *hp = p < 0 ? h0 : ROW(hs, p, Bs, 0, H);
    gemm_packed(B, G, H, hp, H, whp, gh, G, 0);
    for (int b = 0; b < B; b++) {
      const f32 m = mask_at(mask, t, Bs, b);
      f32 *g = gh + b * G, *h = ROW(hs, t, Bs, b, H), *w = ROW(ws, t, Bs, b, WS);
      const f32 *x = ROW(gx, t, Bs, b, G), *hpb = hp + b * H;
      if (!lstm) {
        gru_fwd_row(H, x, g, bh, hpb, m, h, w);
        continue;
      }
      add_into(g, x, G);
      const f32 *cp = p < 0 ? c0 + b * H : ROW(cs, p, Bs, b, H);
      lstm_fwd_row(H, g, hpb, cp, m, h, ROW(cs, t, Bs, b, H), w);
    }
  }
}

// dhs [T B, H]: gradient of the outputs h (the final state's included at its step); dcs [T B, H]:
// of the cell states c (LSTM; nonzero where a final c is used), or 0.
// whtp: pack_tn(W_h) (W_h^T packed). Outputs dgx [T B, G], dwh [H, G], dbh [G] (GRU), dh0, dc0.
// Scratch: dgh [T Bs, G] (GRU; LSTM reuses dgx), dh, dc [B, H]. Bs as in rnn_fwd.
//   dW_h = sum_t h_prev(t)^T d(h W_h)_t,   db_h = sum of the rows of d(h W_h + b_h)
EXPORT(rnn_bwd)
void rnn_bwd(int lstm, int T, int B, int Bs, int H, const f32 *whtp, const f32 *h0, const f32 *c0, const f32 *hs,
             const f32 *cs, const f32 *ws, const f32 *mask, const f32 *dhs, const f32 *dcs, f32 *dgx,
             f32 *dwh, f32 *dbh, f32 *dh0, f32 *dc0, f32 *dgh, f32 *dh, f32 *dc, int reverse) {
  const int G = (lstm ? 4 : 3) * H, WS = (lstm ? LSTM_WS : GRU_WS) * H;
  if (lstm) dgh = dgx;
  vzero(dh, B * H);
  if (lstm) vzero(dc, B * H);
  for (int s = T - 1; s >= 0; s--) {
    const int t = step_at(s, T, reverse), p = prev_step(t, T, reverse);
    const f32 *hp = p < 0 ? h0 : ROW(hs, p, Bs, 0, H);
    for (int b = 0; b < B; b++) {
      const f32 m = mask_at(mask, t, Bs, b);
      f32 *d = dh + b * H;
      const f32 *w = ROW(ws, t, Bs, b, WS), *dy = ROW(dhs, t, Bs, b, H);
      add_into(d, dy, H);
      if (!lstm) {
        gru_bwd_row(H, w, hp + b * H, m, d, ROW(dgx, t, Bs, b, G), ROW(dgh, t, Bs, b, G), d);
        continue;
      }
      const f32 *cp = p < 0 ? c0 + b * H : ROW(cs, p, Bs, b, H);
      if (dcs) add_into(dc + b * H, ROW(dcs, t, Bs, b, H), H);
      lstm_bwd_row(H, w, cp, m, d, dc + b * H, ROW(dgx, t, Bs, b, G), d, dc + b * H);
    }
    gemm_packed(B, H, G, ROW(dgh, t, Bs, 0, G), G, whtp, dh, H, 1);
  }
  vcopy(dh0, dh, B * H);
  if (lstm) vcopy(dc0, dc, B * H);
  vzero(dwh, H * G);
  // Forward: h_prev(0) = h0, h_prev(t) = hs[t-1]. Reverse: h_prev(T-1) = h0, h_prev(t) = hs[t+1].
  const int first = reverse ? T - 1 : 0;
  gemm_tn_acc(H, G, B, h0, H, ROW(dgh, first, Bs, 0, G), G, dwh, G);
  if (T > 1) {
    const f32 *prev = reverse ? ROW(hs, 1, Bs, 0, H) : hs, *grad = reverse ? dgh : ROW(dgh, 1, Bs, 0, G);
    steps_tn_acc(T - 1, B, Bs, H, G, prev, H, grad, G, dwh);
  }
  if (!lstm) steps_colsum(T, B, Bs, G, dgh, dbh);
}
