// Small helpers shared by the speed scripts.
export interface SizeSpec { V: number; E: number; H: number; A: number; B: number; S: number; T: number; lines: number }

/** Tiny `--key value` / `--flag` parser. */
export function parseArgs(argv: string[]): Record<string, string | boolean> {
  const o: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const k = a.slice(2);
    if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) o[k] = argv[++i];
    else o[k] = true;
  }
  return o;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Multiply-accumulates of one forward pass (perf-notes' FLOP model); a training step is ~6x MACs in FLOPs. */
export function forwardMacs(s: SizeSpec): number {
  const { E, H, A, B, S, T, V } = s;
  const enc = 2 * S * B * (E * 3 * H + H * 3 * H);
  const init = B * 2 * H * H;
  const keys = B * S * 2 * H * A;
  const perDec = B * (H * A + S * A + S * 2 * H + (E + 2 * H) * 3 * H + H * 3 * H);
  const out = T * B * 3 * H * V;
  return enc + init + keys + T * perDec + out;
}
