// A/B of kernel sets in ONE process on one backend: training steps of the bench model, the sets
// taking turns step by step, so that the load of a shared machine falls on all of them alike.
// Sets: reference, fused, and fused with the reference Adam (does the fused update matter here?).
// Prints one JSON line: median ms per step of each set, their ratios, the load average.
//
// Usage: npx tsx bench/speed/ab-kernels.ts [--backend tensorflow] [--size reference] [--steps 5] [--warmup 1]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tf } from '../../src/core/backend/tf';
import { initBackend } from '../../src/core/backend';
import type { Kernels } from '../../src/core/kernels';
import { kernels, referenceKernels, useKernels } from '../../src/core/kernels';
import { createModel } from '../../src/core/model/create';
import { Dropout } from '../../src/core/model/dropout';
import { disposeTrainingBatch, makeTrainingBatch } from '../../src/core/model/batch';
import { ClippedAdam } from '../../src/core/train/optimizer';
import type { SizeSpec } from './common';
import { benchConfig, median, parseArgs, randomPairs } from './common';

const args = parseArgs(process.argv.slice(2));
const sizes = JSON.parse(fs.readFileSync(path.join(__dirname, 'sizes.json'), 'utf8')) as Record<string, SizeSpec>;

async function main() {
  const sizeName = String(args.size ?? 'reference');
  const s = sizes[sizeName];
  const steps = Number(args.steps ?? 5);
  const warmup = Number(args.warmup ?? 1);
  const info = await initBackend({ choice: String(args.backend ?? 'tensorflow'), kernels: 'fused' });
  if (info.kernels.name !== 'fused') throw new Error(`no fused kernels: ${info.kernels.fallback}`);
  const fused = kernels();
  const sets: Record<string, Kernels> = {
    reference: referenceKernels,
    fused,
    fusedRefAdam: { ...fused, adam: referenceKernels.adam },
  };
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
  console.log(
    JSON.stringify({
      backend: info.name,
      size: sizeName,
      steps,
      msPerStep: ms,
      speedup: {
        fused: +(ms.reference / ms.fused).toFixed(2),
        fusedRefAdam: +(ms.reference / ms.fusedRefAdam).toFixed(2),
      },
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
