// What a started backend reports, without TensorFlow.js behind it: the extension host describes the
// worker's backend with these and must not pull tfjs into its bundle.
import type { KernelsInfo } from '../kernels';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

export interface BackendInfo {
  name: BackendName;
  tfjsVersion: string;
  /** Why preferred backends were skipped, in order; empty when the first choice loaded. */
  fallbacks: string[];
  /** The kernels the model runs on it, and why not the fused ones when they were asked for. */
  kernels: KernelsInfo;
}

/** "wasm, fused kernels (wasm relaxed-simd)" or "tensorflow, reference kernels (no fused ...)". */
export function describeBackend(b: BackendInfo): string {
  const k = b.kernels;
  const why = k.detail || k.fallback;
  return `${b.name}, ${k.name} kernels${why ? ` (${why})` : ''}`;
}
