// The fused kernels of one backend against the reference (per-op) path on that backend: loss and
// every gradient over a grid of configurations, the Adam update, decoding outputs and attention,
// tensor bookkeeping, fallback. fused.test.ts runs it on wasm, native.test.ts on tensorflow, each in
// its own process whatever $SEQ2SEQ_BACKEND says.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/core/backend/tf';
import { initBackend } from '../../../src/core/backend';
import type { Kernels } from '../../../src/core/kernels';
import { initKernels, kernels, referenceKernels, useKernels } from '../../../src/core/kernels';
import type { ArchitectureConfig, ModelConfig, RnnConfig } from '../../../src/core/model/config';
import { PRESET_NAMES, presetConfig } from '../../../src/core/model/config';
import { kernelDiff, selfTest } from '../../../src/core/model/kernel-check';
import { splitFrom } from '../../../src/core/kernels/wasm/split';
import { greedyDecode } from '../../../src/core/decode/greedy';
import { beamSearch } from '../../../src/core/decode/beam';
import { toyModel, toyPairs, trainToy, TOY_SPECIALS } from '../../helpers/toy-task';
import { TINY_TRANSFORMER } from '../../helpers/tiny-translator';

let fused: Kernels;

/** threads: 2 runs the wasm kernels with their helper thread, splitting every batch of 2+ rows. */
export function fusedSuite(backend: 'wasm' | 'tensorflow', threads = 1): void {
  before(async () => {
    const info = await initBackend({ choice: backend, kernels: 'fused', threads });
    assert.equal(info.kernels.name, 'fused', `fused kernels did not load: ${info.kernels.fallback}`);
    assert.equal(info.kernels.threads, threads);
    if (threads > 1) splitFrom(2);
    fused = kernels();
  });
  equivalence();
  if (backend === 'wasm') linear(); // the native kernels leave x W + b to TensorFlow
  transformerBlocks();
  adam();
  decoding();
  bookkeeping();
}

const V = 11;
// Padding in sources and targets (lengths 2..6), so masks and carries are exercised.
const batch = (dropout = 0) => ({ pairs: toyPairs(5, 7, 2, 6, 4), dropout });
const config = (c: Partial<RnnConfig>): RnnConfig => ({
  kind: 'rnn',
  encoderCell: 'gru',
  decoderCell: 'gru',
  embeddingSize: 8,
  hiddenSize: 16,
  encoderLayers: 1,
  decoderLayers: 1,
  bidirectional: false,
  reverseSource: false,
  attention: 'none',
  attentionSize: 8,
  feedContext: false,
  bridge: 'linear',
  dropout: 0,
  sourceVocabSize: V,
  targetVocabSize: V,
  ...c,
});

function assertEquivalent(c: ModelConfig, dropout = 0): void {
  const d = kernelDiff(fused, referenceKernels, c, batch(dropout));
  assert.ok(d.loss < 1e-4, `loss differs by ${d.loss}`);
  assert.ok(d.worst.rel < 1e-4, `gradient of ${d.worst.name} differs by ${d.worst.rel} (relative)`);
}

function equivalence(): void {
  describe('fused kernels: loss and gradients equal the reference within 1e-4', () => {
    for (const preset of PRESET_NAMES) {
      it(`preset ${preset} at toy size, dropout 0.3 with a fixed seed`, () => {
        const base = presetConfig(preset);
        const sizes = { rnn: { embeddingSize: 8, hiddenSize: 16, attentionSize: 16 }, transformer: TINY_TRANSFORMER };
        assertEquivalent({ ...base, ...sizes[base.kind], sourceVocabSize: V, targetVocabSize: V } as ModelConfig, 0.3);
      });
    }
    const grid: Partial<RnnConfig>[] = [];
    for (const cell of ['gru', 'lstm'] as const) {
      for (const attention of ['additive', 'dot', 'general'] as const) {
        for (const bidirectional of attention === 'dot' ? [false] : [false, true]) {
          grid.push({
            encoderCell: cell,
            decoderCell: cell,
            attention,
            bidirectional,
            encoderLayers: bidirectional ? 2 : 1,
          });
        }
      }
      grid.push({ encoderCell: cell, decoderCell: cell, attention: 'none', feedContext: true, bidirectional: true });
      grid.push({
        encoderCell: cell,
        decoderCell: cell,
        attention: 'none',
        encoderLayers: 2,
        decoderLayers: 2,
        bridge: 'copy',
        reverseSource: true,
      });
    }
    // Decoder stacks: the fused loop runs every layer (wasm; the native ops take one layer).
    grid.push({ attention: 'additive', decoderLayers: 2, bridge: 'zero' });
    grid.push({ encoderCell: 'lstm', decoderCell: 'lstm', attention: 'dot', decoderLayers: 2, encoderLayers: 2 });
    grid.push({ attention: 'general', decoderLayers: 3, bidirectional: true, bridge: 'linear' });
    grid.push({ attention: 'additive', hiddenSize: 12, attentionSize: 12 }); // widths the SIMD code does not take
    for (const c of grid) {
      it(JSON.stringify(c), () => assertEquivalent(config(c), 0.2));
    }
    it('a batch large enough for the packed-GEMM matmuls (>= 256 rows), vocab not a multiple of 8', () => {
      const c = config({ attention: 'additive', bidirectional: true, sourceVocabSize: 13, targetVocabSize: 13 });
      const d = kernelDiff(fused, referenceKernels, c, { pairs: toyPairs(48, 9, 6, 8, 6), dropout: 0.1 });
      assert.ok(d.loss < 1e-4 && d.worst.rel < 1e-4, JSON.stringify(d));
    });
  });
}

function linear(): void {
  describe('fused linear (packed GEMM, any width)', () => {
    for (const [M, K, N] of [
      [300, 12, 43],
      [256, 64, 1000],
      [1, 20, 8],
      [5, 768, 1000],
    ]) {
      it(`[${M} x ${K}] . [${K} x ${N}] + b: value and the three gradients equal tfjs's`, () => {
        const a = tf.variable(tf.randomNormal([M, K], 0, 1, 'float32', 1), true);
        const b = tf.variable(tf.randomNormal([K, N], 0, 1, 'float32', 2), true);
        const bias = tf.variable(tf.randomNormal([N], 0, 1, 'float32', 4), true);
        const w = tf.randomNormal([M, N], 0, 1, 'float32', 3);
        const run = (mm: (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.Tensor) => {
          const { grads } = tf.variableGrads(() => tf.sum(tf.mul(mm(a, b, bias), w)) as tf.Scalar, [a, b, bias]);
          return [mm(a, b, bias), grads[a.name], grads[b.name], grads[bias.name]].map(
            (t) => t.dataSync() as Float32Array,
          );
        };
        const fusedMm = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => {
          const c = fused.linear(x, y, z);
          assert.ok(c, 'the fused linear takes this shape');
          return c;
        };
        const f = run(fusedMm);
        const r = run((x, y, z) => tf.add(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D), z));
        f.forEach((x, i) => {
          const scale = r[i].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          x.forEach((v, j) =>
            assert.ok(Math.abs(v - r[i][j]) <= 1e-5 * scale, `output ${i} entry ${j}: ${v} vs ${r[i][j]}`),
          );
        });
        tf.dispose([a, b, bias, w]);
      });
    }
    it('declines an inner size that is not a multiple of 4 (tfjs runs it)', () => {
      assert.equal(fused.linear(tf.zeros([64, 18]), tf.zeros([18, 8])), undefined);
    });
  });
}

/** Values and the gradients of every input of `f` (a scalar of its inputs), under kernels k. */
function valueAndGrads(k: Kernels, inputs: tf.Variable[], f: () => tf.Tensor): Float32Array[] {
  useKernels(k);
  const { value, grads } = tf.variableGrads(() => tf.sum(f()) as tf.Scalar, inputs);
  const out = [value, ...inputs.map((v) => grads[v.name])].map((t) => t.dataSync() as Float32Array);
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

function assertClose(f: Float32Array[], r: Float32Array[], what: string): void {
  f.forEach((x, i) => {
    const scale = Math.max(1e-3, ...r[i].map(Math.abs));
    x.forEach((v, j) =>
      assert.ok(Math.abs(v - r[i][j]) <= 1e-5 * scale, `${what}: output ${i}[${j}] ${v} vs ${r[i][j]}`),
    );
  });
}

/** Weights [B, H, Tq, Tk]: exactly 0 where `seen(b, i, j)` is false, each row summing to 1. */
function assertMasked(weights: tf.Tensor4D, seen: (b: number, i: number, j: number) => boolean): void {
  (weights.arraySync() as number[][][][]).forEach((heads, b) =>
    heads.flat().forEach((row, r) => {
      const i = r % weights.shape[2];
      row.forEach((w, j) => assert.ok(seen(b, i, j) || w === 0, `row ${b}/${r}: key ${j} left out has weight ${w}`));
      const sum = row.reduce((a, x) => a + x, 0);
      assert.ok(Math.abs(sum - 1) < 1e-6, `row ${b}/${r} sums to ${sum}`);
    }),
  );
}

function transformerBlocks(): void {
  describe('fused attention and layer norm', () => {
    const B = 3;
    const T = 5;
    const S = 4;
    const seeded = (shape: number[], seed: number) => tf.variable(tf.randomNormal(shape, 0, 1, 'float32', seed), true);
    // Key padding (row 1 has 2 real keys, row 2 has 3), weighted outputs so every entry matters.
    const padding = tf.tensor2d([1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0], [B, S]);
    for (const [width, heads] of [
      [16, 2],
      [24, 4],
      [12, 2],
    ]) {
      const run = { batch: B, heads, width, scale: 1 / Math.sqrt(width / heads) };
      it(`self-attention over one [B T, 3d] matrix, causal, d ${width}, ${heads} heads: values and gradients`, () => {
        const qkv = seeded([B * T, 3 * width], 1);
        const w = tf.randomNormal([B * T, width], 0, 1, 'float32', 2);
        const col = (offset: number) => ({ matrix: qkv as tf.Tensor2D, offset });
        const self = { ...run, q: col(0), k: col(width), v: col(2 * width), causal: true };
        const of = (k: Kernels) => valueAndGrads(k, [qkv], () => tf.mul(k.attention(self).context, w));
        assertClose(of(fused), of(referenceKernels), 'self-attention');
        assertMasked(fused.attention({ ...self, withWeights: true }).weights!, (_, i, j) => j <= i);
        tf.dispose([qkv, w]);
      });
      it(`cross-attention with key padding, d ${width}, ${heads} heads: values, gradients and weights`, () => {
        const q = seeded([B * T, width], 3);
        const kv = seeded([B * S, 2 * width], 4);
        const w = tf.randomNormal([B * T, width], 0, 1, 'float32', 5);
        const attention = (k: Kernels, withWeights = false) =>
          k.attention({
            ...run,
            q: { matrix: q as tf.Tensor2D, offset: 0 },
            k: { matrix: kv as tf.Tensor2D, offset: 0 },
            v: { matrix: kv as tf.Tensor2D, offset: width },
            keyMask: padding,
            causal: false,
            withWeights,
          });
        const of = (k: Kernels) => valueAndGrads(k, [q, kv], () => tf.mul(attention(k).context, w));
        assertClose(of(fused), of(referenceKernels), 'cross-attention');
        const weights = (k: Kernels) => attention(k, true).weights!;
        const fusedWeights = weights(fused);
        assertClose(
          [fusedWeights.dataSync() as Float32Array],
          [weights(referenceKernels).dataSync() as Float32Array],
          'weights',
        );
        const real = padding.arraySync();
        assertMasked(fusedWeights, (b, _, j) => real[b][j] === 1);
        tf.dispose([q, kv, w]);
      });
    }
    it('a 2 + 2-layer Transformer, d 32, 4 heads, padded batch: loss and every gradient within 1e-4', () => {
      const base = presetConfig('vaswani2017');
      const sizes = { modelSize: 32, heads: 4, feedForwardSize: 48, encoderLayers: 2, decoderLayers: 2 };
      assertEquivalent({ ...base, ...sizes, sourceVocabSize: V, targetVocabSize: V } as ModelConfig, 0.1);
    });
    it('layer norm of [N, d] rows (d 16, and 10: wasm runs the reference there): values and three gradients', () => {
      for (const d of [16, 10]) {
        const [x, g, b] = [seeded([7, d], 6), seeded([d], 7), seeded([d], 8)];
        const w = tf.randomNormal([7, d], 0, 1, 'float32', 9);
        const of = (k: Kernels) => valueAndGrads(k, [x, g, b], () => tf.mul(k.layerNorm(x as tf.Tensor2D, g, b), w));
        assertClose(of(fused), of(referenceKernels), `layer norm d ${d}`);
        tf.dispose([x, g, b, w]);
      }
    });
  });
}

function adam(): void {
  describe('fused Adam', () => {
    it('updates the weights as tfjs Adam with clipping does, rate changed mid-run, and saves its state', async () => {
      const shapes = [[7, 5], [5], [3, 8]];
      const grads = [0, 1, 2].map((step) =>
        shapes.map((s, i) => tf.randomNormal(s, 0, step === 1 ? 10 : 0.1, 'float32', 10 * step + i + 1)),
      );
      const run = async (k: Kernels) => {
        const vars = shapes.map((s, i) => tf.variable(tf.randomNormal(s, 0, 1, 'float32', i + 1), true));
        // Step 1's norm (~70) is clipped; the Transformer's beta2.
        const adam = k.adam(vars, { learningRate: 0.01, clipNorm: 5, beta2: 0.98 });
        // A schedule changes the rate between steps; the moments and the step count carry on.
        const norms = grads.map((g, step) => {
          if (step === 2) adam.setLearningRate(0.003);
          return adam.apply(g).dataSync()[0];
        });
        const state = await Promise.all(
          (await adam.getWeights()).map(async (w) => ({ name: w.name, values: await w.tensor.data() })),
        );
        const weights = vars.map((v) => v.dataSync().slice());
        adam.dispose();
        tf.dispose(vars);
        return { norms, state, weights };
      };
      const f = await run(fused);
      const r = await run(referenceKernels);
      f.norms.forEach((n, i) => assert.ok(Math.abs(n - r.norms[i]) / r.norms[i] < 1e-5));
      f.weights.forEach((w, i) =>
        w.forEach((x, j) =>
          assert.ok(Math.abs(x - r.weights[i][j]) < 1e-6, `weight ${i}[${j}]: ${x} vs ${r.weights[i][j]}`),
        ),
      );
      assert.deepEqual(
        f.state.map((s) => s.name.replace(/^.*?\//, '')),
        r.state.map((s) => s.name.replace(/^.*?\//, '')),
      );
      f.state.forEach((s, i) =>
        s.values.forEach((x, j) => assert.ok(Math.abs(x - r.state[i].values[j]) < 1e-6 * Math.max(1, Math.abs(x)))),
      );
      tf.dispose(grads.flat());
    });
  });
}

function decoding(): void {
  describe('fused decoding', () => {
    // The presets, and the decoding-step kernel's other cell and attention types.
    const cases: [string, Partial<ArchitectureConfig>][] = [
      ...PRESET_NAMES.map((p): [string, Partial<ArchitectureConfig>] => [p, {}]),
      ['bahdanau2014', { encoderCell: 'lstm', decoderCell: 'lstm', attention: 'dot', bidirectional: false }],
      ['bahdanau2014', { attention: 'general' }],
      ['bahdanau2014', { decoderLayers: 2, encoderCell: 'lstm', decoderCell: 'lstm' }], // the loop with T = 1
    ];
    for (const [preset, overrides] of cases) {
      const label = `${preset}${Object.keys(overrides).length ? ` ${JSON.stringify(overrides)}` : ''}`;
      it(`${label}: greedy and beam outputs and attention identical to the reference`, () => {
        useKernels(fused);
        const model = toyModel(preset, 6, { dropout: 0, ...overrides }, 5);
        trainToy(model, toyPairs(200, 6, 2, 8, 1), 25);
        const sources = toyPairs(10, 6, 2, 8, 11).map((p) => p.source);
        const limit = (i: number) => sources[i].length + 4;
        const decode = (k: Kernels) => {
          useKernels(k);
          return {
            greedy: greedyDecode(model, sources, TOY_SPECIALS, limit),
            beam: beamSearch(model, sources, TOY_SPECIALS, {
              beamSize: 3,
              nBest: 3,
              lengthPenalty: 1,
              maxLength: limit,
            }),
          };
        };
        const f = decode(fused);
        const r = decode(referenceKernels);
        model.dispose();
        assert.deepEqual(
          f.greedy.map((h) => h.ids),
          r.greedy.map((h) => h.ids),
        );
        assert.deepEqual(
          f.beam.map((l) => l.map((h) => h.ids)),
          r.beam.map((l) => l.map((h) => h.ids)),
        );
        f.greedy.forEach((h, i) => {
          assert.ok(Math.abs(h.logProb - r.greedy[i].logProb) < 1e-4);
          h.attention?.forEach((row, t) =>
            row.forEach((w, j) => assert.ok(Math.abs(w - r.greedy[i].attention![t][j]) < 1e-5)),
          );
        });
      });
    }
  });
}

function bookkeeping(): void {
  describe('fused bookkeeping', () => {
    it('tf.memory().numTensors stays flat over training steps and decodes', () => {
      useKernels(fused);
      const model = toyModel('bahdanau2014', 6, {}, 2);
      const pairs = toyPairs(64, 6, 2, 8, 3);
      trainToy(model, pairs, 2);
      const sources = pairs.slice(0, 8).map((p) => p.source);
      greedyDecode(model, sources, TOY_SPECIALS, () => 10);
      const before = tf.memory().numTensors;
      trainToy(model, pairs, 4);
      greedyDecode(model, sources, TOY_SPECIALS, () => 10);
      beamSearch(model, sources, TOY_SPECIALS, { beamSize: 3, nBest: 2, lengthPenalty: 1, maxLength: () => 10 });
      assert.equal(tf.memory().numTensors, before);
      model.dispose();
    });

    it('falls back to the reference with the self-test failure as the reason', async () => {
      const info = await initKernels({ kernels: 'fused' }, () => {
        throw new Error('self-test: planted difference');
      });
      assert.deepEqual([info.name, info.fallback], ['reference', 'self-test: planted difference']);
      assert.equal(kernels().name, 'reference');
      const ok = await initKernels({ kernels: 'fused' }, () => {});
      assert.equal(ok.name, 'fused');
    });

    it('the startup self-test passes the fused set and catches a wrong layer norm in the Transformer', () => {
      selfTest(fused, referenceKernels);
      const wrongNorm: Kernels = Object.assign(Object.create(fused) as Kernels, {
        layerNorm: (x: Parameters<Kernels['layerNorm']>[0], gain: tf.Tensor, shift: tf.Tensor) =>
          tf.tidy(() => tf.mul(fused.layerNorm(x, gain, shift), 1.01) as typeof x),
      });
      assert.throws(() => selfTest(wrongNorm, referenceKernels), /self-test: transformer differs from the reference/);
    });

    it('rejects an unknown kernels choice by naming the choices', async () => {
      await assert.rejects(
        initKernels({ kernels: 'fastest' }, () => {}),
        /Unknown kernels "fastest". Choose one of: fused, reference/,
      );
    });
  });
}
