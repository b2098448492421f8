// Adam with global-norm gradient clipping over all parameters, in two passes over memory instead of
// ~8 tfjs kernels per parameter. The arithmetic follows tfjs's AdamOptimizer term by term, so both
// paths give the same weights and checkpoints move between them:
//   g' = g s  with  s = min(1, clip / max(||g||, 1e-12)) over all parameters together
//   m = b1 m + (1 - b1) g',  v = b2 v + (1 - b2) g'^2
//   p = p - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
#include "simd.h"

// sum of squares of n floats (n % 4 == 0 not required).
EXPORT(sum_squares)
f32 sum_squares(const f32 *g, int n) {
  v4 acc = SPLAT(0.f);
  int i = 0;
  for (; i + 4 <= n; i += 4) acc = MADD(LD(g + i), LD(g + i), acc);
  f32 s = hsum(acc);
  for (; i < n; i++) s += g[i] * g[i];
  return s;
}

// c1 = 1 - b1^t, c2 = 1 - b2^t. Writes p', m', v' (new tensors: tfjs tensors are immutable).
EXPORT(adam_update)
void adam_update(int n, const f32 *p, const f32 *g, const f32 *m, const f32 *v, f32 scale, f32 lr, f32 b1, f32 b2,
                 f32 c1, f32 c2, f32 eps, f32 *po, f32 *mo, f32 *vo) {
  int i = 0;
  v4 sv = SPLAT(scale), b1v = SPLAT(b1), b2v = SPLAT(b2), n1 = SPLAT(1.f - b1), n2 = SPLAT(1.f - b2);
  v4 c1v = SPLAT(c1), c2v = SPLAT(c2), ev = SPLAT(eps), lrv = SPLAT(lr);
  for (; i + 4 <= n; i += 4) {
    v4 gi = MUL(LD(g + i), sv);
    v4 mi = ADD(MUL(LD(m + i), b1v), MUL(gi, n1));
    v4 vi = ADD(MUL(LD(v + i), b2v), MUL(MUL(gi, gi), n2));
    v4 step = wasm_f32x4_div(wasm_f32x4_div(mi, c1v), ADD(wasm_f32x4_sqrt(wasm_f32x4_div(vi, c2v)), ev));
    ST(po + i, ADD(MUL(step, wasm_f32x4_neg(lrv)), LD(p + i)));
    ST(mo + i, mi);
    ST(vo + i, vi);
  }
  for (; i < n; i++) {
    f32 gi = g[i] * scale;
    f32 mi = m[i] * b1 + gi * (1.f - b1), vi = v[i] * b2 + gi * gi * (1.f - b2);
    po[i] = (mi / c1) / (__builtin_sqrtf(vi / c2) + eps) * -lr + p[i];
    mo[i] = mi, vo[i] = vi;
  }
}
