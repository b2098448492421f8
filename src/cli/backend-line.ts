// The one line the CLI prints about its backend, short: the backend, its kernels and their threads, why
// the fused kernels are not used when they are not, and how to get the native backend when auto fell back.
import type { BackendInfo } from '../core/backend';

export function backendLine(info: BackendInfo): string {
  const k = info.kernels;
  const notes = [
    k.fallback,
    // 'auto' tried tensorflow first: not installed is the common case, and one command fixes it.
    info.fallbacks.some((f) => f.startsWith('tensorflow:')) ? 'native: run npm run setup:native' : '',
    // Any other fallback (wasm failing to start) is rare and worth its reason.
    ...info.fallbacks.filter((f) => !f.startsWith('tensorflow:')),
  ].filter(Boolean);
  const threads = k.threads > 1 ? `, ${k.threads} threads` : '';
  return `backend: ${info.name}, ${k.name} kernels${threads}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}
