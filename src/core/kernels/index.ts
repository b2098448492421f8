// Which kernels the model runs: 'fused' wherever they load and pass a self-test against the
// reference, else 'reference' with a one-line reason. Chosen once per process, after the backend.
import { tf } from '../backend/tf';
import { referenceKernels } from './reference';
import type { Kernels, KernelsName } from './types';
import { KERNELS_CHOICES } from './types';
import { createWasmKernels } from './wasm';
import { createNativeKernels } from './native';

export interface KernelsInfo {
  name: KernelsName;
  /** e.g. "wasm relaxed-simd", "native tensorflow ops"; empty for the reference. */
  detail: string;
  /** Why the fused kernels are not used, when they were asked for. */
  fallback?: string;
}

let active: Kernels = referenceKernels;
let info: KernelsInfo = { name: 'reference', detail: '' };

export function parseKernelsChoice(value: string | undefined): KernelsName {
  const v = (value ?? 'fused').trim().toLowerCase() || 'fused';
  if (!(KERNELS_CHOICES as readonly string[]).includes(v)) {
    throw new Error(`Unknown kernels "${value}". Choose one of: ${KERNELS_CHOICES.join(', ')}.`);
  }
  return v as KernelsName;
}

/** The kernels the model calls. */
export function kernels(): Kernels {
  return active;
}

export function kernelsInfo(): KernelsInfo {
  return info;
}

/**
 * Activates the kernels for the current backend. choice: 'fused' (default; $SEQ2SEQ_KERNELS) or
 * 'reference'. Fused kernels that cannot load or fail `verify` (a self-test against the reference,
 * which throws) leave the reference active, with the reason in `fallback`.
 */
export async function initKernels(
  choice: string | undefined,
  wasmDir: string | undefined,
  verify: (fused: Kernels) => void,
): Promise<KernelsInfo> {
  const want = parseKernelsChoice(choice ?? process.env.SEQ2SEQ_KERNELS);
  active = referenceKernels;
  info = { name: 'reference', detail: '' };
  if (want === 'reference') return info;
  try {
    const fused = await loadFused(wasmDir);
    verify(fused.kernels);
    active = fused.kernels;
    info = { name: 'fused', detail: fused.detail };
  } catch (e) {
    info = { name: 'reference', detail: '', fallback: String(e instanceof Error ? e.message : e).split('\n')[0] };
  }
  return info;
}

/** The fused kernels of the current backend; throws why there are none. */
async function loadFused(wasmDir: string | undefined): Promise<{ kernels: Kernels; detail: string }> {
  const backend = tf.getBackend();
  if (backend === 'tensorflow') return { kernels: createNativeKernels(), detail: 'native tensorflow ops' };
  if (backend !== 'wasm') throw new Error(`no fused kernels for the ${backend} backend`);
  const fused = await createWasmKernels(wasmDir);
  return { kernels: fused.kernels, detail: `wasm ${fused.variant === 'relaxed' ? 'relaxed-simd' : 'simd'}` };
}

/** Switches kernels for tests and benchmarks that compare both in one process. */
export function useKernels(k: Kernels): void {
  active = k;
}

export { referenceKernels };
export type { Kernels, KernelsName };
