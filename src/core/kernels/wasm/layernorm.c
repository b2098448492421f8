// Layer normalisation of the rows of x [N, d] (Ba et al. 2016), forward and backward in one pass
// per row each, where tfjs runs ~10 kernels forward and ~20 backward.
//   mean, var over the row;  r = 1 / sqrt(var + eps);  xh = (x - mean) r;  y = xh g + b
//   dxh = dy g;  dx = r (dxh - mean(dxh) - xh mean(dxh xh));  dg = sum_n dy xh;  db = sum_n dy
#include "simd.h"

// Writes y [N, d] and, for the backward pass, mean [N] and r [N]. d % 4 == 0.
EXPORT(ln_fwd)
void ln_fwd(int N, int d, f32 eps, const f32 *x, const f32 *g, const f32 *b, f32 *y, f32 *mean, f32 *rstd) {
  for (int n = 0; n < N; n++) {
    const f32 *xn = x + n * d;
    v4 acc = SPLAT(0.f);
    for (int j = 0; j < d; j += 4) acc = ADD(acc, LD(xn + j));
    const f32 m = hsum(acc) / d;
    v4 mv = SPLAT(m), sq = SPLAT(0.f);
    for (int j = 0; j < d; j += 4) {
      v4 c = SUB(LD(xn + j), mv);
      sq = MADD(c, c, sq);
    }
    const f32 r = 1.f / __builtin_sqrtf(hsum(sq) / d + eps);
    v4 rv = SPLAT(r);
    for (int j = 0; j < d; j += 4) ST(y + n * d + j, ADD(MUL(MUL(SUB(LD(xn + j), mv), rv), LD(g + j)), LD(b + j)));
    mean[n] = m;
    rstd[n] = r;
  }
}

// dx [N, d], dg [d], db [d] from dy [N, d] and the forward pass's mean and r.
EXPORT(ln_bwd)
void ln_bwd(int N, int d, const f32 *x, const f32 *g, const f32 *mean, const f32 *rstd, const f32 *dy, f32 *dx,
            f32 *dg, f32 *db) {
  vzero(dg, d);
  vzero(db, d);
  for (int n = 0; n < N; n++) {
    const f32 *xn = x + n * d, *dyn = dy + n * d;
    v4 mv = SPLAT(mean[n]), rv = SPLAT(rstd[n]), a = SPLAT(0.f), c = SPLAT(0.f);
    for (int j = 0; j < d; j += 4) {
      v4 xh = MUL(SUB(LD(xn + j), mv), rv), dxh = MUL(LD(dyn + j), LD(g + j));
      a = ADD(a, dxh);
      c = MADD(dxh, xh, c);
      ST(dg + j, MADD(LD(dyn + j), xh, LD(dg + j)));
      ST(db + j, ADD(LD(db + j), LD(dyn + j)));
    }
    v4 av = SPLAT(hsum(a) / d), cv = SPLAT(hsum(c) / d);
    for (int j = 0; j < d; j += 4) {
      v4 xh = MUL(SUB(LD(xn + j), mv), rv), dxh = MUL(LD(dyn + j), LD(g + j));
      ST(dx + n * d + j, MUL(rv, SUB(SUB(dxh, av), MUL(xh, cv))));
    }
  }
}
