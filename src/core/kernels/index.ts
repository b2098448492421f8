// Which kernels the model runs: 'fused' wherever they load and pass a self-test against the
// reference, else 'reference' with a one-line reason. Chosen once per process, after the backend.
import * as os from 'node:os';
import { tf } from '../backend/tf';
import { referenceKernels } from './reference';
import type { Kernels, KernelsName } from './types';
import { KERNELS_CHOICES, THREADS_CHOICES } from './types';
import { createWasmKernels } from './wasm';
import { createNativeKernels } from './native';

export interface KernelsInfo {
  name: KernelsName;
  /** e.g. "wasm relaxed-simd", "native tensorflow ops"; empty for the reference. */
  detail: string;
  /** Why the fused kernels are not used, when they were asked for. */
  fallback?: string;
  /** Threads the kernels run on (2: the wasm kernels split their batches with a helper thread). */
  threads: number;
}

let active: Kernels = referenceKernels;
let info: KernelsInfo = { name: 'reference', detail: '', threads: 1 };

/** Threads for the fused wasm kernels (THREADS_CHOICES); 'auto', the default: 2 where there are 2 cores. */
export function parseThreads(value: string | number | undefined): number {
  const v = String(value ?? 'auto')
    .trim()
    .toLowerCase();
  if (v === 'auto' || v === '') return Math.min(2, os.availableParallelism());
  if (v === '1' || v === '2') return Number(v);
  throw new Error(`Unknown threads "${value}". Choose one of: ${THREADS_CHOICES.join(', ')}.`);
}

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

export interface KernelsChoice {
  /** 'fused' (default; $SEQ2SEQ_KERNELS) or 'reference'. */
  kernels?: string;
  /** Folder holding kernels-*.wasm. */
  dir?: string;
  /** parseThreads(); default $SEQ2SEQ_THREADS or auto. */
  threads?: string | number;
}

/**
 * Activates the kernels for the current backend. Fused kernels that cannot load or fail `verify` (a
 * self-test against the reference, which throws) leave the reference active, with the reason in
 * `fallback`.
 */
export async function initKernels(choice: KernelsChoice, verify: (fused: Kernels) => void): Promise<KernelsInfo> {
  const want = parseKernelsChoice(choice.kernels ?? process.env.SEQ2SEQ_KERNELS);
  const threads = parseThreads(choice.threads ?? process.env.SEQ2SEQ_THREADS);
  active = referenceKernels;
  info = { name: 'reference', detail: '', threads: 1 };
  if (want === 'reference') return info;
  try {
    const fused = await loadFused(choice.dir, threads);
    verify(fused.kernels);
    active = fused.kernels;
    info = { name: 'fused', detail: fused.detail, threads: fused.threads };
  } catch (e) {
    const fallback = String(e instanceof Error ? e.message : e).split('\n')[0];
    info = { name: 'reference', detail: '', fallback, threads: 1 };
  }
  return info;
}

/** The fused kernels of the current backend; throws why there are none. */
async function loadFused(dir: string | undefined, threads: number) {
  const backend = tf.getBackend();
  if (backend === 'tensorflow') return { kernels: createNativeKernels(), detail: 'native tensorflow ops', threads: 1 };
  if (backend !== 'wasm') throw new Error(`no fused kernels for the ${backend} backend`);
  const fused = await createWasmKernels(dir, undefined, threads);
  const simd = fused.variant === 'relaxed' ? 'relaxed-simd' : 'simd';
  return { ...fused, detail: `wasm ${simd}${fused.threads > 1 ? `, ${fused.threads} threads` : ''}` };
}

/** Switches kernels for tests and benchmarks that compare both in one process. */
export function useKernels(k: Kernels): void {
  active = k;
}

export { referenceKernels };
export type { Kernels, KernelsName };
