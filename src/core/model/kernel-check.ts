// Compares two kernel implementations on the same model and batch: the loss and every gradient.
// The startup self-test runs it on three tiny models; the tests run it over a grid of configurations.
import { tf } from '../backend/tf';
import type { Kernels } from '../kernels';
import { kernels, useKernels } from '../kernels';
import type { ModelConfig, RnnConfig, TransformerConfig } from './config';
import { readsReversed } from './config';
import { Dropout } from './dropout';
import { disposeTrainingBatch, makeTrainingBatch } from './batch';
import { createModel } from './create';
import type { Seq2SeqModel } from './model';
import { withTransposeCache } from './matmul';

export interface KernelDiff {
  /** |loss_a - loss_b| / |loss_b|. */
  loss: number;
  /**
   * The parameter whose gradient differs most: max |g_a - g_b| / max(max |g_b|, 1e-3 G) over its
   * entries, G the largest gradient entry of the model. The floor keeps float32 noise in gradients
   * that are nearly zero (at initialisation W_a's is ~1e-5 G: near-uniform attention cancels the
   * softmax gradient) from reading as a relative difference.
   */
  worst: { name: string; rel: number };
}

export interface CheckBatch {
  pairs: { source: number[]; target: number[] }[];
  dropout?: number;
}

/** The loss and every gradient (flat, with its shape), keyed by the parameter's local name. */
export interface LossAndGrads {
  loss: number;
  grads: Record<string, { shape: number[]; values: Float32Array }>;
}

function lossAndGrads(model: Seq2SeqModel, k: Kernels, batch: CheckBatch, seed: number): LossAndGrads {
  const previous = kernels();
  useKernels(k);
  try {
    const b = makeTrainingBatch(batch.pairs, readsReversed(model.config), { pad: 0, bos: 1, eos: 2 });
    const dropout = new Dropout(batch.dropout ?? 0, seed);
    const { value, grads } = withTransposeCache(() =>
      tf.variableGrads(() => model.loss(b, dropout), model.params.list()),
    );
    disposeTrainingBatch(b);
    const out = {
      loss: value.dataSync()[0],
      grads: Object.fromEntries(
        Object.entries(grads).map(([n, g]) => [
          model.params.localName(n),
          { shape: g.shape, values: g.dataSync() as Float32Array },
        ]),
      ),
    };
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  } finally {
    useKernels(previous);
  }
}

export const maxAbs = (x: Float32Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

function relDiff(a: Float32Array, b: Float32Array, floor: number): number {
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
  return diff / (Math.max(maxAbs(b), floor) || 1);
}

/** Loss and gradients under `a` and under `b` (the reference) on one model. */
export function kernelGrads(a: Kernels, b: Kernels, config: ModelConfig, batch: CheckBatch, seed = 3) {
  const model = createModel(config, seed);
  try {
    return { a: lossAndGrads(model, a, batch, seed), b: lossAndGrads(model, b, batch, seed) };
  } finally {
    model.dispose();
  }
}

/** Loss and gradients of `a` against `b` (the reference) on one model. */
export function kernelDiff(a: Kernels, b: Kernels, config: ModelConfig, batch: CheckBatch, seed = 3): KernelDiff {
  const { a: ra, b: rb } = kernelGrads(a, b, config, batch, seed);
  const gb = Object.values(rb.grads).map((g) => g.values);
  const floor = 1e-3 * Math.max(...gb.map(maxAbs));
  let worst = { name: '', rel: 0 };
  for (const [name, g] of Object.entries(rb.grads)) {
    const rel = relDiff(ra.grads[name].values, g.values, floor);
    if (!(rel <= worst.rel)) worst = { name, rel };
  }
  return { loss: Math.abs(ra.loss - rb.loss) / Math.abs(rb.loss), worst };
}

const TINY: Omit<RnnConfig, 'encoderCell' | 'decoderCell' | 'attention' | 'bidirectional'> = {
  kind: 'rnn',
  embeddingSize: 8,
  hiddenSize: 8,
  encoderLayers: 1,
  decoderLayers: 1,
  reverseSource: false,
  attentionSize: 8,
  feedContext: false,
  bridge: 'linear',
  dropout: 0,
  sourceVocabSize: 9,
  targetVocabSize: 9,
};

/** Source lengths 3 and 2 (padding), target lengths 2 and 1. */
export const TINY_BATCH: CheckBatch = {
  pairs: [
    { source: [4, 5, 6], target: [7, 8] },
    { source: [5, 4], target: [6] },
  ],
};

/** One layer each side, two heads: the fused attention (self, causal, cross) and layer norm. */
const TINY_TRANSFORMER: TransformerConfig = {
  kind: 'transformer',
  modelSize: 8,
  heads: 2,
  feedForwardSize: 16,
  encoderLayers: 1,
  decoderLayers: 1,
  dropout: 0,
  tieOutput: false,
  sourceVocabSize: 9,
  targetVocabSize: 9,
};

const familyName = (c: ModelConfig) => (c.kind === 'rnn' ? c.encoderCell : c.kind);

/**
 * One tiny forward/backward per kernel family (bidirectional GRU with additive attention, LSTM with
 * dot attention, a Transformer) against the reference; throws with the difference when it exceeds 1e-3.
 */
export function selfTest(candidate: Kernels, reference: Kernels): void {
  const configs: ModelConfig[] = [
    { ...TINY, encoderCell: 'gru', decoderCell: 'gru', attention: 'additive', bidirectional: true },
    { ...TINY, encoderCell: 'lstm', decoderCell: 'lstm', attention: 'dot', bidirectional: false },
    TINY_TRANSFORMER,
  ];
  for (const config of configs) {
    const d = kernelDiff(candidate, reference, config, TINY_BATCH);
    if (!(d.loss < 1e-3 && d.worst.rel < 1e-3)) {
      throw new Error(
        `self-test: ${familyName(config)} differs from the reference ` +
          `(loss ${d.loss.toExponential(1)}, ${d.worst.name} ${d.worst.rel.toExponential(1)})`,
      );
    }
  }
}
