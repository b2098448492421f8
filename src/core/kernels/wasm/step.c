// One decoding step of an attention model in one call: embedding lookup and its projection into the
// gates, the decoder loop with T = 1 (decoder.c), the output layer and the log-softmax. As separate
// kernels these were 7 tfjs dispatches a step, ~0.1 ms of a 0.58 ms batch-1 step at hidden 256.
#include "gemm.h"

void dec_fwd(int T, int B, int Bs, int S, int H, int A, int D, int lstm, int att, const f32 *gxe, const f32 *K, const f32 *V,
             const f32 *bias, const f32 *waP, const f32 *ba, const f32 *va, const f32 *wcP, const f32 *whP,
             const f32 *bh, const f32 *h0, const f32 *c0, f32 *out, f32 *wall, f32 *eall, f32 *ws, f32 *cs, f32 *q,
             f32 *gates, f32 *gh);
void log_softmax(int N, int V, const f32 *z, f32 *out);

// dims: B, S, H, A, D, E, V, lstm, att (an int array on the heap: the call has enough arguments).
// w: pointers, in order: ids (int32 [B]), emb [V, E] (the target embedding), wxP (pack of W_x
// [E, G]), bx [G], keys, values, maskBias (or 0), waP, ba, va, wcP, whP, bh (or 0), h0, c0 (or 0),
// woP (pack of W_out [H + D, V]), bout [V].
// Outputs: logp [B, V], wall [B, S], hT [B, H], cT [B, H] (LSTM). Scratch: gxe [B, G], out [B, H+D],
// ws [B, 5H], cs [B, H], q [B, A], gates, gh [B, G], x [B, E].
EXPORT(dec_step)
void dec_step(const int *dims, const int *w, f32 *logp, f32 *wall, f32 *hT, f32 *cT, f32 *scratch) {
  const int B = dims[0], S = dims[1], H = dims[2], A = dims[3], D = dims[4], E = dims[5], V = dims[6];
  const int lstm = dims[7], att = dims[8], G = (lstm ? 4 : 3) * H, O = H + D;
  const int *ids = (const int *)w[0];
  const f32 *emb = (const f32 *)w[1], *bx = (const f32 *)w[3], *bout = (const f32 *)w[16];
  f32 *gxe = scratch, *out = gxe + B * G, *ws = out + B * O, *cs = ws + B * 5 * H, *q = cs + B * H;
  f32 *gates = q + B * A, *gh = gates + B * G, *x = gh + B * G;
  for (int b = 0; b < B; b++) __builtin_memcpy(x + b * E, emb + ids[b] * E, E * sizeof(f32));
  for (int b = 0; b < B; b++) __builtin_memcpy(gxe + b * G, bx, G * sizeof(f32));
  gemm_packed(B, G, E, x, E, (const f32 *)w[2], gxe, G, 1);
  dec_fwd(1, B, B, S, H, A, D, lstm, att, gxe, (const f32 *)w[4], (const f32 *)w[5], (const f32 *)w[6],
          (const f32 *)w[7], (const f32 *)w[8], (const f32 *)w[9], (const f32 *)w[10], (const f32 *)w[11],
          (const f32 *)w[12], (const f32 *)w[13], (const f32 *)w[14], out, wall, 0, ws, cs, q, gates, gh);
  for (int b = 0; b < B; b++) __builtin_memcpy(logp + b * V, bout, V * sizeof(f32));
  gemm_packed(B, V, O, out, O, (const f32 *)w[15], logp, V, 1);
  log_softmax(B, V, logp, logp);
  for (int b = 0; b < B; b++) __builtin_memcpy(hT + b * H, out + b * O, H * sizeof(f32));
  if (lstm) __builtin_memcpy(cT, cs, B * H * sizeof(f32));
}
