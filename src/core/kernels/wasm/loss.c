// Log-softmax + negative log-likelihood of the gold tokens, weighted per row, without building the
// [N, V] one-hot the reference path multiplies with (100 MB at vocab 8000, batch 64, length 50).
//   loss = sum_n w_n (lse_n - z[n, y_n]),   lse_n = log sum_v exp z[n, v]
//   dz[n, v] = dloss w_n (softmax(z_n)_v - [v = y_n])
// w_n is 1/tokens for real target positions and 0 for padding.
#include "simd.h"

INLINE f32 slog(f32 x) { // natural log for x in [1, V]: frexp + atanh series (rel. error ~1e-7)
  union { f32 f; int i; } u = {x};
  int e = ((u.i >> 23) & 255) - 127;
  u.i = (u.i & 0x007fffff) | 0x3f800000; // mantissa in [1, 2)
  f32 m = u.f;
  if (m > 1.41421356f) m *= 0.5f, e++;
  f32 s = (m - 1.f) / (m + 1.f), s2 = s * s;
  f32 p = s * (2.f + s2 * (0.666666667f + s2 * (0.4f + s2 * (0.285714286f + s2 * (0.222222222f + s2 * 0.181818182f)))));
  return p + (f32)e * 0.693147181f;
}

INLINE f32 row_max(const f32 *z, int V) {
  v4 m = SPLAT(-3.4e38f);
  int v = 0;
  for (; v + 4 <= V; v += 4) m = wasm_f32x4_max(m, LD(z + v));
  m = wasm_f32x4_max(m, wasm_i32x4_shuffle(m, m, 2, 3, 0, 1));
  m = wasm_f32x4_max(m, wasm_i32x4_shuffle(m, m, 1, 0, 3, 2));
  f32 top = wasm_f32x4_extract_lane(m, 0);
  for (; v < V; v++) top = z[v] > top ? z[v] : top;
  return top;
}

// sum_v exp(z_v - top), optionally writing the exponentials to p.
INLINE f32 row_expsum(const f32 *z, int V, f32 top, f32 *p) {
  v4 acc = SPLAT(0.f), tv = SPLAT(top);
  int v = 0;
  for (; v + 4 <= V; v += 4) {
    v4 e = vexp(SUB(LD(z + v), tv));
    if (p) ST(p + v, e);
    acc = ADD(acc, e);
  }
  f32 sum = hsum(acc);
  for (; v < V; v++) {
    f32 e = sexp(z[v] - top);
    if (p) p[v] = e;
    sum += e;
  }
  return sum;
}

// z [N, V] logits, y [N] gold ids, w [N] row weights. Writes lse [N] (kept for the backward pass)
// and returns the loss.
EXPORT(nll_fwd)
f32 nll_fwd(int N, int V, const f32 *z, const int *y, const f32 *w, f32 *lse) {
  f32 loss = 0.f;
  for (int n = 0; n < N; n++) {
    const f32 *zn = z + n * V;
    f32 top = row_max(zn, V);
    lse[n] = top + slog(row_expsum(zn, V, top, 0));
    loss += w[n] * (lse[n] - zn[y[n]]);
  }
  return loss;
}

// dz [N, V] = dloss w_n (exp(z - lse_n) - onehot(y_n)).
EXPORT(nll_bwd)
void nll_bwd(int N, int V, const f32 *z, const int *y, const f32 *w, const f32 *lse, f32 dloss, f32 *dz) {
  for (int n = 0; n < N; n++) {
    const f32 *zn = z + n * V;
    f32 *dn = dz + n * V;
    const f32 scale = dloss * w[n];
    v4 sv = SPLAT(scale), lv = SPLAT(lse[n]);
    int v = 0;
    for (; v + 4 <= V; v += 4) ST(dn + v, MUL(sv, vexp(SUB(LD(zn + v), lv))));
    for (; v < V; v++) dn[v] = scale * sexp(zn[v] - lse[n]);
    dn[y[n]] -= scale;
  }
}

// out [N, V] = z - lse_n: the decoding step's log-probabilities in one pass per row, where tfjs
// runs max, sub, exp, sum, log, sub (0.3 ms of a 0.9 ms batch-1 step at vocab 1000).
EXPORT(log_softmax)
void log_softmax(int N, int V, const f32 *z, f32 *out) {
  for (int n = 0; n < N; n++) {
    const f32 *zn = z + n * V;
    f32 *on = out + n * V;
    f32 top = row_max(zn, V);
    v4 lse = SPLAT(top + slog(row_expsum(zn, V, top, 0)));
    int v = 0;
    for (; v + 4 <= V; v += 4) ST(on + v, SUB(LD(zn + v), lse));
    for (; v < V; v++) on[v] = zn[v] - wasm_f32x4_extract_lane(lse, 0);
  }
}
