// GRU and LSTM pointwise math for one batch row of H units, forward and backward, shared by the
// sequence kernels (rnn.c) and the attention-decoder loop (decoder.c). The recurrent matmul is the
// caller's (one GEMM for the whole batch); these functions do everything after it.
//
// Padding: with a mask m (1 real, 0 padding) the state is carried through padded steps,
//   h = h_prev + m (h_new - h_prev)   (and the same for c),
// exactly what the reference path's carryState computes. m = 1 when there is no mask.
#pragma once
#include "simd.h"

// ------------------------------------------------------------------------------------------ GRU
// PyTorch's convention, gates [r | z | n], reset applied after the recurrent matmul:
//   r = s(x_r + g_r + b_r),  z = s(x_z + g_z + b_z),  hn = g_n + b_n,  n = tanh(x_n + r hn)
//   h' = n + z (h - n)
// x: input gates [3H] (x W_x + b_x), g: h W_h [3H], b: b_h [3H].
// Saves w = [r | z | n | hn] (4H) for the backward pass.
#define GRU_WS 4

INLINE void gru_fwd_row(int H, const f32 *x, const f32 *g, const f32 *b, const f32 *hp, f32 m, f32 *h, f32 *w) {
  v4 mv = SPLAT(m);
  for (int j = 0; j < H; j += 4) {
    v4 r = vsigmoid(ADD(LD(x + j), ADD(LD(g + j), LD(b + j))));
    v4 z = vsigmoid(ADD(LD(x + H + j), ADD(LD(g + H + j), LD(b + H + j))));
    v4 hn = ADD(LD(g + 2 * H + j), LD(b + 2 * H + j));
    v4 n = vtanh(ADD(LD(x + 2 * H + j), MUL(r, hn)));
    v4 prev = LD(hp + j);
    v4 next = ADD(n, MUL(z, SUB(prev, n)));
    ST(h + j, ADD(prev, MUL(mv, SUB(next, prev))));
    ST(w + j, r), ST(w + H + j, z), ST(w + 2 * H + j, n), ST(w + 3 * H + j, hn);
  }
}

// Backward of one step. dy = dL/dh (everything that reaches h). With q = m dy (the part that
// reaches h'):
//   dn~ = q (1 - z)(1 - n^2)      (pre-activation of n)
//   dz~ = q (h - n) z (1 - z)
//   dr~ = dn~ hn r (1 - r)
//   d(x) = [dr~ | dz~ | dn~],   d(h W_h + b_h) = [dr~ | dz~ | dn~ r]
//   dL/dh_prev (direct part) = q z + (1 - m) dy;  the caller adds d(h W_h) W_h^T.
INLINE void gru_bwd_row(int H, const f32 *w, const f32 *hp, f32 m, const f32 *dy, f32 *dx, f32 *dg, f32 *dhp) {
  v4 one = SPLAT(1.f), mv = SPLAT(m), keep = SPLAT(1.f - m);
  for (int j = 0; j < H; j += 4) {
    v4 r = LD(w + j), z = LD(w + H + j), n = LD(w + 2 * H + j), hn = LD(w + 3 * H + j);
    v4 d = LD(dy + j), q = MUL(mv, d);
    v4 dn = MUL(MUL(q, SUB(one, z)), SUB(one, MUL(n, n)));
    v4 dz = MUL(MUL(q, SUB(LD(hp + j), n)), MUL(z, SUB(one, z)));
    v4 dr = MUL(MUL(dn, hn), MUL(r, SUB(one, r)));
    ST(dx + j, dr), ST(dx + H + j, dz), ST(dx + 2 * H + j, dn);
    ST(dg + j, dr), ST(dg + H + j, dz), ST(dg + 2 * H + j, MUL(dn, r));
    ST(dhp + j, ADD(MUL(q, z), MUL(keep, d)));
  }
}

// ----------------------------------------------------------------------------------------- LSTM
// Gates [i | f | g | o] from the pre-activations a = x W_x + b_x + h W_h (4H):
//   c' = s(a_f) c + s(a_i) tanh(a_g),  h' = s(a_o) tanh(c')
// Saves w = [i | f | g | o | tanh c'] (5H) after the activations.
#define LSTM_WS 5

INLINE void lstm_fwd_row(int H, const f32 *a, const f32 *hp, const f32 *cp, f32 m, f32 *h, f32 *c, f32 *w) {
  v4 mv = SPLAT(m);
  for (int j = 0; j < H; j += 4) {
    v4 i = vsigmoid(LD(a + j)), f = vsigmoid(LD(a + H + j));
    v4 g = vtanh(LD(a + 2 * H + j)), o = vsigmoid(LD(a + 3 * H + j));
    v4 cprev = LD(cp + j), hprev = LD(hp + j);
    v4 cn = ADD(MUL(f, cprev), MUL(i, g));
    v4 tc = vtanh(cn);
    ST(c + j, ADD(cprev, MUL(mv, SUB(cn, cprev))));
    ST(h + j, ADD(hprev, MUL(mv, SUB(MUL(o, tc), hprev))));
    ST(w + j, i), ST(w + H + j, f), ST(w + 2 * H + j, g), ST(w + 3 * H + j, o), ST(w + 4 * H + j, tc);
  }
}

// Backward of one step. dh, dc: everything that reaches h and c. With q = m dh, qc = m dc:
//   dc' = qc + q o (1 - tanh^2 c')
//   da = [dc' g i(1-i) | dc' c f(1-f) | dc' i (1-g^2) | q tanh c' o(1-o)]
//   dL/dc_prev = dc' f + (1 - m) dc,   dL/dh_prev (direct part) = (1 - m) dh
// d(x) and d(h W_h) are the same da; the caller adds da W_h^T to dh_prev.
INLINE void lstm_bwd_row(int H, const f32 *w, const f32 *cp, f32 m, const f32 *dh, const f32 *dc, f32 *da, f32 *dhp,
                         f32 *dcp) {
  v4 one = SPLAT(1.f), mv = SPLAT(m), keep = SPLAT(1.f - m);
  for (int j = 0; j < H; j += 4) {
    v4 i = LD(w + j), f = LD(w + H + j), g = LD(w + 2 * H + j), o = LD(w + 3 * H + j), tc = LD(w + 4 * H + j);
    v4 d = LD(dh + j), dcin = LD(dc + j), q = MUL(mv, d);
    v4 dct = ADD(MUL(mv, dcin), MUL(MUL(q, o), SUB(one, MUL(tc, tc))));
    ST(da + j, MUL(MUL(dct, g), MUL(i, SUB(one, i))));
    ST(da + H + j, MUL(MUL(dct, LD(cp + j)), MUL(f, SUB(one, f))));
    ST(da + 2 * H + j, MUL(MUL(dct, i), SUB(one, MUL(g, g))));
    ST(da + 3 * H + j, MUL(MUL(q, tc), MUL(o, SUB(one, o))));
    ST(dcp + j, ADD(MUL(dct, f), MUL(keep, dcin)));
    ST(dhp + j, MUL(keep, d));
  }
}
