// Shared definitions of the fused wasm32 kernels: exports, the (relaxed) multiply-add, and the
// vectorised exp / sigmoid / tanh every cell uses.
//
// Every kernel works IN PLACE on tfjs-backend-wasm's heap: the module imports the backend's
// memory, takes tensor offsets as pointers, and must own no memory itself. So: no data segment
// (no static tables, no string literals), no shadow stack (no arrays on the stack, no address-taken
// locals); scripts/build-kernels.sh checks both in the binary.
#pragma once
#include <wasm_simd128.h>

typedef float f32;
typedef v128_t v4;
#define EXPORT(n) __attribute__((export_name(#n)))
#define INLINE static inline __attribute__((always_inline))

#ifdef RELAXED
// a*b + c, fused on CPUs with FMA (x86 FMA3, ARM): the relaxed build, chosen at run time.
#define MADD(a, b, c) wasm_f32x4_relaxed_madd(a, b, c)
#else
#define MADD(a, b, c) wasm_f32x4_add(wasm_f32x4_mul(a, b), c)
#endif

#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store(p, v)
#define SPLAT(x) wasm_f32x4_splat(x)
#define ADD wasm_f32x4_add
#define SUB wasm_f32x4_sub
#define MUL wasm_f32x4_mul

INLINE f32 hsum(v4 v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
         wasm_f32x4_extract_lane(v, 3);
}

INLINE void vzero(f32 *p, int n) {
  for (int i = 0; i < n; i += 4) ST(p + i, SPLAT(0.f));
}

INLINE void vcopy(f32 *d, const f32 *s, int n) {
  for (int i = 0; i < n; i += 4) ST(d + i, LD(s + i));
}

INLINE void vmul(f32 *d, const f32 *a, const f32 *b, int n) {
  for (int i = 0; i < n; i += 4) ST(d + i, MUL(LD(a + i), LD(b + i)));
}

INLINE void add_into(f32 *d, const f32 *s, int n) {
  for (int i = 0; i < n; i += 4) ST(d + i, ADD(LD(d + i), LD(s + i)));
}

// Cephes expf: range reduction by ln 2, degree-5 polynomial; 1-2 ulp on [-87, 88], clamped outside.
INLINE v4 vexp(v4 x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, SPLAT(-87.3f)), SPLAT(88.3f));
  v4 n = wasm_f32x4_nearest(MUL(x, SPLAT(1.44269504088896341f)));
  v4 r = SUB(x, MUL(n, SPLAT(0.693359375f)));
  r = SUB(r, MUL(n, SPLAT(-2.12194440e-4f)));
  v4 p = SPLAT(1.9875691500E-4f);
  p = MADD(p, r, SPLAT(1.3981999507E-3f));
  p = MADD(p, r, SPLAT(8.3334519073E-3f));
  p = MADD(p, r, SPLAT(4.1665795894E-2f));
  p = MADD(p, r, SPLAT(1.6666665459E-1f));
  p = MADD(p, r, SPLAT(5.0000001201E-1f));
  p = MADD(MUL(p, r), r, ADD(r, SPLAT(1.f)));
  v4 e = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return MUL(p, e);
}

INLINE v4 vsigmoid(v4 x) {
  return wasm_f32x4_div(SPLAT(1.f), ADD(SPLAT(1.f), vexp(wasm_f32x4_neg(x))));
}

// tanh: Cephes tanhf. Below |x| = 0.625 an odd polynomial (the exp form would lose the relative
// precision of small values to cancellation: gradients through attention scores noticed, 7e-4);
// above it 1 - 2 / (exp(2x) + 1), which saturates cleanly at both ends.
INLINE v4 vtanh(v4 x) {
  v4 z = MUL(x, x);
  v4 p = MADD(SPLAT(-5.70498872745E-3f), z, SPLAT(2.06390887954E-2f));
  p = MADD(p, z, SPLAT(-5.37397155531E-2f));
  p = MADD(p, z, SPLAT(1.33314422036E-1f));
  p = MADD(p, z, SPLAT(-3.33332819422E-1f));
  v4 small = MADD(MUL(p, z), x, x);
  v4 large = SUB(SPLAT(1.f), wasm_f32x4_div(SPLAT(2.f), ADD(vexp(ADD(x, x)), SPLAT(1.f))));
  return wasm_v128_bitselect(small, large, wasm_f32x4_lt(wasm_f32x4_abs(x), SPLAT(0.625f)));
}

INLINE f32 sexp(f32 x) { return wasm_f32x4_extract_lane(vexp(SPLAT(x)), 0); }

// Sum over rows of a [rows, n] matrix into out [n] (bias gradients).
