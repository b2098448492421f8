// Small helpers shared by the speed scripts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelConfig } from '../../src/core/model/config';
import { makeRng, randomInt } from '../../src/core/util/random';

/** Batch, lengths and vocabulary of a size; what every model family's spec has. */
interface Shape {
  V: number;
  B: number;
  S: number;
  T: number;
  lines: number;
}

/** The perf-notes attention model: embedding E, hidden H (each encoder direction), attention A. */
export interface RnnSpec extends Shape {
  model?: 'rnn';
  E: number;
  H: number;
  A: number;
}

/** vaswani2017 beside nn.Transformer: d_model D, heads, feed-forward width F, L encoder = decoder layers. */
export interface TransformerSpec extends Shape {
  model: 'transformer';
  D: number;
  heads: number;
  F: number;
  L: number;
}

export type SizeSpec = RnnSpec | TransformerSpec;

/** The sizes of sizes.json by name. */
export const SIZES = JSON.parse(fs.readFileSync(path.join(__dirname, 'sizes.json'), 'utf8')) as Record<
  string,
  SizeSpec
>;

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
  if (s.model === 'transformer') return transformerMacs(s);
  const { E, H, A, B, S, T, V } = s;
  const enc = 2 * S * B * (E * 3 * H + H * 3 * H);
  const init = B * 2 * H * H;
  const keys = B * S * 2 * H * A;
  const perDec = B * (H * A + S * A + S * 2 * H + (E + 2 * H) * 3 * H + H * 3 * H);
  const out = T * B * 3 * H * V;
  return enc + init + keys + T * perDec + out;
}

/**
 * The Transformer's: per source token and encoder layer 4 D^2 (q k v o) + 2 D F + 2 S D (scores and
 * weighted sum); per target token and decoder layer 4 D^2 + 2 T D (self), 2 D^2 + 2 S D (cross q, o),
 * 2 D F, plus the cross keys and values (2 D^2 per source token and layer) and the output layer D V.
 */
function transformerMacs(s: TransformerSpec): number {
  const { D, F, L, B, S, T, V } = s;
  const encoder = S * L * (4 * D * D + 2 * D * F + 2 * S * D);
  const decoder = T * L * (6 * D * D + 2 * T * D + 2 * S * D + 2 * D * F) + S * L * 2 * D * D;
  return B * (encoder + decoder + T * D * V);
}

/** The speed model of a size in our configuration language. */
export function benchConfig(s: SizeSpec): ModelConfig {
  return s.model === 'transformer' ? transformerConfig(s) : rnnConfig(s);
}

/**
 * vaswani2017 at the spec's size, as nn.Transformer builds it (norm_first): separate source and
 * target embeddings and an untied output layer (the twin's), no dropout.
 */
function transformerConfig(s: TransformerSpec): ModelConfig {
  return {
    kind: 'transformer',
    modelSize: s.D,
    heads: s.heads,
    feedForwardSize: s.F,
    encoderLayers: s.L,
    decoderLayers: s.L,
    dropout: 0,
    tieOutput: false,
    sourceVocabSize: s.V,
    targetVocabSize: s.V,
  };
}

/** The perf-notes model in our configuration language: biGRU encoder, additive attention, GRU decoder. */
function rnnConfig(s: RnnSpec): ModelConfig {
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
