// Small helpers shared by the speed scripts.
import type { ModelConfig } from '../../src/core/model/config';
import { makeRng, randomInt } from '../../src/core/util/random';

export interface SizeSpec {
  V: number;
  E: number;
  H: number;
  A: number;
  B: number;
  S: number;
  T: number;
  lines: number;
}

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

/** The perf-notes model in our configuration language: biGRU encoder, additive attention, GRU decoder. */
export function benchConfig(s: SizeSpec): ModelConfig {
  return {
    kind: 'rnn',
    encoderCell: 'gru',
    decoderCell: 'gru',
    embeddingSize: s.E,
    hiddenSize: s.H,
    encoderLayers: 1,
    decoderLayers: 1,
    bidirectional: true,
    reverseSource: false,
    attention: 'additive',
    attentionSize: s.A,
    feedContext: false,
    bridge: 'linear',
    dropout: 0,
    sourceVocabSize: s.V,
    targetVocabSize: s.V,
  };
}

/** Same recipe as torch_twin.py: uniform ids, fixed lengths (no padding), two batches alternated. */
export function randomPairs(s: SizeSpec, seed: number) {
  const rng = makeRng(seed);
  const id = () => 4 + randomInt(rng, s.V - 4); // ids 0..3 are the specials
  // makeTrainingBatch adds <s> in front of the decoder input and </s> after the target: T-1 + 1 = T steps.
  return Array.from({ length: s.B }, () => ({
    source: Array.from({ length: s.S }, id),
    target: Array.from({ length: s.T - 1 }, id),
  }));
}
