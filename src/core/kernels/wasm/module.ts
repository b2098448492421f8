// Loads the fused kernels (kernels-simd.wasm / kernels-relaxed.wasm, built from the C files beside
// this one by scripts/build-kernels.sh) onto tfjs-backend-wasm's own WebAssembly.Memory, so that a
// kernel reads and writes tensors where the backend keeps them: no copies in or out.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { tf } from '../../backend/tf';

/** The C exports; every pointer is a byte offset into the shared heap. */
export interface KernelExports {
  /** The backend's memory the module works on (its buffer changes when the heap grows). */
  memory: WebAssembly.Memory;
  rnn_fwd(...args: number[]): void;
  rnn_bwd(...args: number[]): void;
  dec_fwd(...args: number[]): void;
  dec_bwd(...args: number[]): void;
  nll_fwd(...args: number[]): number;
  nll_bwd(...args: number[]): void;
  pack_nn(...args: number[]): void;
  pack_tn(...args: number[]): void;
  sum_squares(ptr: number, n: number): number;
  adam_update(...args: number[]): void;
  matmul_fwd(...args: number[]): void;
  log_softmax(...args: number[]): void;
  dec_step(...args: number[]): void;
  matmul_bwd(...args: number[]): void;
  vec_add(n: number, dst: number, src: number): void;
  attn_fwd(...args: number[]): void;
  attn_bwd(...args: number[]): void;
  ln_fwd(...args: number[]): void;
  ln_bwd(...args: number[]): void;
}

/** What the wasm backend exposes of itself (tfjs-backend-wasm 4.22's BackendWasm). */
export interface WasmBackend {
  wasm: {
    asm: { memory: WebAssembly.Memory };
    _malloc(n: number): number;
    _free(p: number): void;
    HEAPF32: Float32Array;
  };
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined; has(id: object): boolean };
  makeOutput(shape: number[], dtype: 'float32' | 'int32'): tf.TensorInfo;
}

export type Variant = 'relaxed' | 'simd';

export interface LoadedKernels {
  exports: KernelExports;
  variant: Variant;
}

// A function computing f32x4.relaxed_madd of three zero vectors (wat2wasm --enable-relaxed-simd):
// whether the engine accepts relaxed SIMD, asked before the real module is compiled.
const ZERO_V128 = [253, 12, ...new Array<number>(16).fill(0)];
const RELAXED_PROBE = new Uint8Array([
  0,
  97,
  115,
  109,
  1,
  0,
  0,
  0,
  1,
  5,
  1,
  96,
  0,
  1,
  123,
  3,
  2,
  1,
  0,
  10,
  61,
  1,
  59,
  0,
  ...ZERO_V128,
  ...ZERO_V128,
  ...ZERO_V128,
  253,
  133,
  2,
  11,
]);

/** Node 20's V8 has relaxed SIMD behind a flag; it must be set before any module using it compiles. */
function enableRelaxedSimd(): void {
  if (!WebAssembly.validate(RELAXED_PROBE)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
}

function pickVariant(): Variant {
  return WebAssembly.validate(RELAXED_PROBE) ? 'relaxed' : 'simd';
}

/** kernels-<variant>.wasm; `${variant}-shared` is the helper thread's build (threads.ts). */
export function kernelFile(variant: Variant | `${Variant}-shared`, dir = __dirname): string {
  return path.join(dir, `kernels-${variant}.wasm`);
}

/**
 * Instantiates the best variant the engine supports on the backend's heap. Throws with a one-line
 * reason (missing SIMD, missing file, a backend whose internals differ) when it cannot.
 */
export async function loadKernels(backend: WasmBackend, dir?: string, force?: Variant): Promise<LoadedKernels> {
  const memory = backend.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory))
    throw new Error('the wasm backend does not expose its memory (tfjs-backend-wasm internals changed)');
  enableRelaxedSimd();
  const variant = force ?? pickVariant();
  const file = kernelFile(variant, dir);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing`);
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(file), { env: { memory } });
  return { exports: { ...(instance.exports as unknown as KernelExports), memory }, variant };
}
