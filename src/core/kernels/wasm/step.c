// One decoding step of an attention model in one call: embedding lookup and its projection into the
// gates, the decoder loop with T = 1 (decoder.c), the output layer and the log-softmax. As separate
// kernels these were 7 tfjs dispatches a step, ~0.1 ms of a 0.58 ms batch-1 step at hidden 256.
#include "gemm.h"

void dec_fwd(const int *dims, const int *p, const int *ly);
void log_softmax(int N, int V, const f32 *z, f32 *out);

// dims: the decoder's (decoder.c; T = 1), then E and V. p, ly: the decoder's forward tables; p[0]
// (gxe) is scratch [B, G] that this step fills. s: ids (int32 [B]), emb [V, E] (the target
// embedding), wxP (pack of W_x [E, G]), bx [G], woP (pack of W_out [H + D, V]), bout [V], then the
// outputs logp [B, V], hT [B, H], and scratch x [B, E]. The new LSTM cell state is the layer's cs.
EXPORT(dec_step)
void dec_step(const int *dims, const int *p, const int *ly, const int *s) {
  const int B = dims[1], H = dims[4], D = dims[6], lstm = dims[7], E = dims[10], V = dims[11];
  const int G = (lstm ? 4 : 3) * H, O = H + D;
  const int *ids = (const int *)s[0];
  const f32 *emb = (const f32 *)s[1], *bx = (const f32 *)s[3], *bout = (const f32 *)s[5];
  f32 *gxe = (f32 *)p[0], *out = (f32 *)p[8], *logp = (f32 *)s[6], *hT = (f32 *)s[7], *x = (f32 *)s[8];
  for (int b = 0; b < B; b++) __builtin_memcpy(x + b * E, emb + ids[b] * E, E * sizeof(f32));
  for (int b = 0; b < B; b++) __builtin_memcpy(gxe + b * G, bx, G * sizeof(f32));
  gemm_packed(B, G, E, x, E, (const f32 *)s[2], gxe, G, 1);
  dec_fwd(dims, p, ly);
  for (int b = 0; b < B; b++) __builtin_memcpy(logp + b * V, bout, V * sizeof(f32));
  gemm_packed(B, V, O, out, O, (const f32 *)s[4], logp, V, 1);
  log_softmax(B, V, logp, logp);
  for (int b = 0; b < B; b++) __builtin_memcpy(hT + b * H, out + b * O, H * sizeof(f32));
}
