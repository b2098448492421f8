// A/B of kernel sets in ONE process on one backend: training steps of the bench model, the sets
// taking turns step by step, so that the load of a shared machine falls on all of them alike.
// Sets: reference, fused, and fused with the reference Adam (does the fused update matter here?);
// for a Transformer size also fused with attention and layer norm on tfjs ops (fusedTfjsBlocks).
// --decode N also times batch-1 greedy decoding of T tokens, N times per set, in turns.
// Prints one JSON line: median ms per step (and per decode) of each set, their ratios, the load average.
//
// Usage: npx tsx bench/speed/ab-kernels.ts [--backend tensorflow] [--size reference] [--steps 5] [--warmup 1]
//          [--sets fused,fusedTfjsBlocks] [--decode 6] [--D 64 --L 2 --B 32 (any field of the size)]
import * as os from 'node:os';
import { tf } from '../../src/core/backend/tf';
import { initBackend } from '../../src/core/backend';
import type { Kernels } from '../../src/core/kernels';
import { kernels, referenceKernels, useKernels } from '../../src/core/kernels';
import { createModel } from '../../src/core/model/create';
import { Dropout } from '../../src/core/model/dropout';
import { disposeTrainingBatch, makeTrainingBatch } from '../../src/core/model/batch';
import { ClippedAdam } from '../../src/core/train/optimizer';
import { greedyDecode } from '../../src/core/decode/greedy';
import type { SizeSpec } from './common';
import { SIZES, benchConfig, median, parseArgs, randomPairs } from './common';

const args = parseArgs(process.argv.slice(2));

/** The size `name`, with any of its fields overridden (--D 64 --L 2 --B 32). */
function sizeSpec(name: string): SizeSpec {
  const base = SIZES[name];
  const overrides = Object.keys(base).filter((k) => args[k] !== undefined);
  const spec = Object.entries(base).map(([k, v]) => [k, overrides.includes(k) ? Number(args[k]) : v]);
  return Object.fromEntries(spec) as SizeSpec;
}

/** The sets to compare: --sets picks some, by name. */
function kernelSets(fused: Kernels, transformer: boolean): Record<string, Kernels> {
  const all: Record<string, Kernels> = {
    reference: referenceKernels,
    fused,
    fusedRefAdam: { ...fused, adam: referenceKernels.adam },
  };
  if (transformer)
    all.fusedTfjsBlocks = { ...fused, attention: referenceKernels.attention, layerNorm: referenceKernels.layerNorm };
  const names = args.sets ? String(args.sets).split(',') : Object.keys(all);
  const unknown = names.filter((n) => !all[n]);
  if (unknown.length) throw new Error(`unknown sets ${unknown} (have ${Object.keys(all)})`);
  return Object.fromEntries(names.map((n) => [n, all[n]]));
}

/**
 * Batch-1 greedy decoding of exactly T tokens (</s> never wins: its output bias is -1e4), `reps`
 * times per set in turns, after one warm-up each: median ms per set.
 */
function decodeTimes(s: SizeSpec, sets: Record<string, Kernels>, reps: number): Record<string, number> {
  const model = createModel(benchConfig(s), 2);
  const eos = 2;
  tf.tidy(() =>
    model.params.get('out/b').assign(tf.tensor1d(Array.from({ length: s.V }, (_, i) => (i === eos ? -1e4 : 0)))),
  );
  const source = Array.from({ length: s.S }, (_, i) => 4 + ((i * 37 + 11) % (s.V - 4)));
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(sets).map((n) => [n, []]));
  for (let i = 0; i < reps + 1; i++) {
    for (const [name, k] of Object.entries(sets)) {
      useKernels(k);
      const t0 = performance.now();
      greedyDecode(model, [source], { pad: 0, bos: 1, eos: -1 }, () => s.T, 1);
      if (i > 0) times[name].push(performance.now() - t0);
    }
  }
  model.dispose();
  return Object.fromEntries(Object.entries(times).map(([n, t]) => [n, +median(t).toFixed(1)]));
}

async function main() {
  const sizeName = String(args.size ?? 'reference');
  const s = sizeSpec(sizeName);
  const steps = Number(args.steps ?? 5);
  const warmup = Number(args.warmup ?? 1);
  const info = await initBackend({ choice: String(args.backend ?? 'tensorflow'), kernels: 'fused' });
  if (info.kernels.name !== 'fused') throw new Error(`no fused kernels: ${info.kernels.fallback}`);
  const sets = kernelSets(kernels(), s.model === 'transformer');
  const batch = makeTrainingBatch(randomPairs(s, 123), false, { pad: 0, bos: 1, eos: 2 });
  // One model + optimizer per set (the optimizer takes the active kernels' Adam), same initial weights.
  const runs = Object.entries(sets).map(([name, k]) => {
    useKernels(k);
    const model = createModel(benchConfig(s), 1);
    return {
      name,
      k,
      model,
      optimizer: new ClippedAdam(model.params, { learningRate: 1e-3, clipNorm: 5 }),
      times: [] as number[],
      losses: [] as number[],
    };
  });
  for (let i = 0; i < warmup + steps; i++) {
    for (const r of runs) {
      useKernels(r.k);
      const t0 = performance.now();
      const { loss } = r.optimizer.step(() => r.model.loss(batch, Dropout.off));
      if (i >= warmup) r.times.push(performance.now() - t0);
      r.losses.push(+loss.toFixed(5));
    }
  }
  disposeTrainingBatch(batch);
  const ms = Object.fromEntries(runs.map((r) => [r.name, +median(r.times).toFixed(1)]));
  const decodeMs = args.decode ? decodeTimes(s, sets, Number(args.decode)) : undefined;
  console.log(
    JSON.stringify({
      backend: info.name,
      size: sizeName,
      spec: s,
      steps,
      msPerStep: ms,
      // the reference's time over each other set's (when the reference ran)
      speedup: ms.reference
        ? Object.fromEntries(Object.entries(ms).map(([n, t]) => [n, +(ms.reference / t).toFixed(2)]))
        : undefined,
      decodeMs,
      times: Object.fromEntries(runs.map((r) => [r.name, r.times.map((t) => +t.toFixed(0))])),
      losses: Object.fromEntries(runs.map((r) => [r.name, r.losses])),
      tensors: tf.memory().numTensors,
      loadavg: os.loadavg().map((x) => +x.toFixed(2)),
      cpus: os.cpus().length,
    }),
  );
  runs.forEach((r) => (r.optimizer.dispose(), r.model.dispose()));
}

main().catch((e) => {
  console.error('FAILED', e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
