// Where the fused gradients differ from the reference's, on a bench size: each parameter's largest,
// median and 99.9th-percentile difference (relative to its largest reference gradient), then, for a
// Transformer, each feed-forward block's first layer by hidden unit, with the test for a ReLU flip.
//
// A ReLU flip: dL/dW1 = X^T (dH * 1[Z > 0]) and dL/db1 = sum_i dH_i * 1[Z_i > 0] (X [rows, D] the
// block's normed input, Z = X W1 + b1 [rows, F], dH the gradient at the ReLU's output). A pre-activation
// Z_ij within float32 rounding of 0 lands on either side depending on summation order, so any two
// correct kernel sets may disagree on it: then column j of dW1 differs by x_i dH_ij and b1_j by dH_ij,
// and their ratio is x_i, one row of the layer norm's output: at initialisation (gain 1, bias 0) its
// standard deviation is 1 (its mean is 0, as for any mix of normed rows, so the mean tells nothing).
// Float32 noise spread over many rows gives a column whose ratio has another spread.
//
// Usage: npx tsx bench/speed/grad-diff.ts [--backend tensorflow] [--size transformer] [--top 8]
import { initBackend } from '../../src/core/backend';
import { kernels, referenceKernels } from '../../src/core/kernels';
import { kernelGrads, maxAbs, type LossAndGrads } from '../../src/core/model/kernel-check';
import { SIZES, benchConfig, parseArgs, randomPairs } from './common';

const args = parseArgs(process.argv.slice(2));
const exp = (x: number) => x.toExponential(1);

/** Largest, median and 99.9th-percentile |a - b|, over max |b|. */
function spread(a: Float32Array, b: Float32Array) {
  const d = Float32Array.from(a, (v, i) => Math.abs(v - b[i])).sort();
  const scale = maxAbs(b) || 1;
  const at = (q: number) => d[Math.min(d.length - 1, Math.floor(q * d.length))] / scale;
  return { max: at(1), median: at(0.5), p999: at(0.999) };
}

/** The hidden units of W1 [D, F] ordered by their column's largest difference (over max |b|). */
function unitsByDiff(a: Float32Array, b: Float32Array, [D, F]: number[]) {
  const scale = maxAbs(b) || 1;
  const col = new Float64Array(F);
  for (let i = 0; i < D; i++)
    for (let j = 0; j < F; j++) col[j] = Math.max(col[j], Math.abs(a[i * F + j] - b[i * F + j]) / scale);
  return [...col.keys()].sort((x, y) => col[y] - col[x]).map((j) => ({ unit: j, rel: col[j] }));
}

/** The standard deviation of column j of dW1's difference over b1_j's (a D-vector). */
function ratioStd(a: LossAndGrads, b: LossAndGrads, layer: string, j: number) {
  const [D, F] = b.grads[`${layer}/W1`].shape;
  const dW = (i: number) => a.grads[`${layer}/W1`].values[i * F + j] - b.grads[`${layer}/W1`].values[i * F + j];
  const db = a.grads[`${layer}/b1`].values[j] - b.grads[`${layer}/b1`].values[j];
  const x = Array.from({ length: D }, (_, i) => dW(i) / db);
  const mean = x.reduce((s, v) => s + v, 0) / D;
  return Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / D);
}

async function main() {
  const size = String(args.size ?? 'transformer');
  const s = SIZES[size];
  if (!s) throw new Error(`unknown size ${size}`);
  const info = await initBackend({ choice: String(args.backend ?? 'tensorflow'), kernels: 'fused' });
  if (info.kernels.name !== 'fused') throw new Error(`no fused kernels on ${info.name}: ${info.kernels.fallback}`);
  const { a, b } = kernelGrads(kernels(), referenceKernels, benchConfig(s), { pairs: randomPairs(s, 123) });
  console.log(`${info.name}, size ${size}: loss ${a.loss} fused, ${b.loss} reference`);
  const rows = Object.keys(b.grads)
    .map((name) => ({ name, ...spread(a.grads[name].values, b.grads[name].values) }))
    .sort((x, y) => y.max - x.max);
  for (const r of rows.slice(0, Number(args.top ?? 8)))
    console.log(`  ${r.name.padEnd(24)} max ${exp(r.max)}  median ${exp(r.median)}  p99.9 ${exp(r.p999)}`);
  for (const name of Object.keys(b.grads).filter((n) => n.endsWith('/ff/W1'))) {
    const layer = name.slice(0, -'/W1'.length);
    const units = unitsByDiff(a.grads[name].values, b.grads[name].values, b.grads[name].shape).slice(0, 3);
    const shown = units.map((u) => {
      const std = ratioStd(a, b, layer, u.unit);
      return `${u.unit} ${exp(u.rel)} (${isFinite(std) ? `std ${std.toFixed(4)}` : 'b1 equal'})`;
    });
    console.log(`  ${layer}, the units that differ most, with the std of their dW1 column / db1: ${shown.join(', ')}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
