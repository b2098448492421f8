// Multi-head scaled dot-product attention (the Transformer's), over row-major matrices whose heads
// are blocks of dh adjacent columns, so that the model needs no head transposes. Row b*T + t of q
// (or k, v) holds position t of batch row b; its head h starts at column h*dh of that row. For
// batch b, head h, query i:
//   s_j = scale q_i . k_j over the keys j left in (not padding; j <= i when causal)
//   w = softmax(s) (0 for the keys left out),   ctx_i = sum_j w_j v_j
// Backward (dctx given; the weights themselves get no gradient):
//   dv_j += w_j dctx_i,  dw_j = dctx_i . v_j,  ds_j = w_j (dw_j - sum_l w_l dw_l),
//   dq_i = scale sum_j ds_j k_j,  dk_j += scale ds_j q_i
#include "simd.h"

INLINE f32 dot(const f32 *a, const f32 *b, int n) {
  v4 acc = SPLAT(0.f);
  for (int i = 0; i < n; i += 4) acc = MADD(LD(a + i), LD(b + i), acc);
  return hsum(acc);
}

// y += a x
INLINE void axpy(f32 *y, f32 a, const f32 *x, int n) {
  v4 av = SPLAT(a);
  for (int i = 0; i < n; i += 4) ST(y + i, MADD(av, LD(x + i), LD(y + i)));
}

// Whether query i of batch row b may attend to key j. mask: [B, Tk], 1 for real keys (or none).
INLINE int attends(const f32 *mask, int causal, int b, int Tk, int i, int j) {
  return !(causal && j > i) && !(mask && mask[b * Tk + j] == 0.f);
}

// q, k, v: row strides qs, ks, vs (floats); mask [B, Tk] or 0; ctx [B Tq, H dh]; w [B, H, Tq, Tk].
EXPORT(attn_fwd)
void attn_fwd(int B, int H, int Tq, int Tk, int dh, f32 scale, const f32 *q, int qs, const f32 *k, int ks,
              const f32 *v, int vs, const f32 *mask, int causal, f32 *ctx, f32 *w) {
  const int D = H * dh;
  for (int b = 0; b < B; b++)
    for (int h = 0; h < H; h++)
      for (int i = 0; i < Tq; i++) {
        const f32 *qi = q + (b * Tq + i) * qs + h * dh;
        f32 *wi = w + ((b * H + h) * Tq + i) * Tk;
        f32 top = -3.4e38f;
        for (int j = 0; j < Tk; j++) {
          if (!attends(mask, causal, b, Tk, i, j)) continue;
          wi[j] = scale * dot(qi, k + (b * Tk + j) * ks + h * dh, dh);
          top = wi[j] > top ? wi[j] : top;
        }
        f32 sum = 0.f;
        for (int j = 0; j < Tk; j++) {
          wi[j] = attends(mask, causal, b, Tk, i, j) ? sexp(wi[j] - top) : 0.f;
          sum += wi[j];
        }
        f32 *ci = ctx + (b * Tq + i) * D + h * dh;
        vzero(ci, dh);
        for (int j = 0; j < Tk; j++) {
          wi[j] /= sum;
          if (wi[j] != 0.f) axpy(ci, wi[j], v + (b * Tk + j) * vs + h * dh, dh);
        }
      }
}

// dq, dk, dv: the gradients of q, k, v, with the same strides; they may share a matrix, as q, k and v
// of self-attention do (their columns are zeroed here, then accumulated). dctx [B Tq, H dh]; dw:
// scratch of Tk floats.
EXPORT(attn_bwd)
void attn_bwd(int B, int H, int Tq, int Tk, int dh, f32 scale, const f32 *q, int qs, const f32 *k, int ks,
              const f32 *v, int vs, const f32 *w, const f32 *dctx, f32 *dq, f32 *dk, f32 *dv, f32 *dw) {
  const int D = H * dh;
  for (int r = 0; r < B * Tq; r++) vzero(dq + r * qs, D);
  for (int r = 0; r < B * Tk; r++) {
    vzero(dk + r * ks, D);
    vzero(dv + r * vs, D);
  }
  for (int b = 0; b < B; b++)
    for (int h = 0; h < H; h++)
      for (int i = 0; i < Tq; i++) {
        const f32 *wi = w + ((b * H + h) * Tq + i) * Tk;
        const f32 *gi = dctx + (b * Tq + i) * D + h * dh;
        const f32 *qi = q + (b * Tq + i) * qs + h * dh;
        f32 *dqi = dq + (b * Tq + i) * qs + h * dh;
        f32 total = 0.f;
        for (int j = 0; j < Tk; j++) {
          if (wi[j] == 0.f) continue; // left out (or underflowed): no gradient either way
          dw[j] = dot(gi, v + (b * Tk + j) * vs + h * dh, dh);
          total += wi[j] * dw[j];
          axpy(dv + (b * Tk + j) * vs + h * dh, wi[j], gi, dh);
        }
        for (int j = 0; j < Tk; j++) {
          if (wi[j] == 0.f) continue;
          f32 ds = scale * wi[j] * (dw[j] - total);
          axpy(dqi, ds, k + (b * Tk + j) * ks + h * dh, dh);
          axpy(dk + (b * Tk + j) * ks + h * dh, ds, qi, dh);
        }
      }
}
