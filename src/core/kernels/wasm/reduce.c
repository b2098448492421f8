// The sum of two threads' partial results (split.ts): a weight gradient over a split batch is the
// main thread's part plus the helper's, copied next to it. A JS loop took 1.4 ms for the output
// layer's 768 x 1000 gradient, a tenth of the split it finishes.
#include "simd.h"

// dst[n] += src[n]; n % 4 == 0 or not, any alignment of 4 bytes.
EXPORT(vec_add) void vec_add(int n, f32 *dst, const f32 *src) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, ADD(wasm_v128_load(dst + i), wasm_v128_load(src + i)));
  for (; i < n; i++) dst[i] += src[i];
}
