// Checkpoint averaging on G2P: dev WER/PER (greedy, all 2,560 dev words) of the last checkpoint a run
// kept and of the average of its last K (src/core/store/average.ts), for each K asked; then test
// WER/PER of the best of them on dev, beside the run's own result.
//
// Usage: npx tsx bench/g2p/average.ts --run NAME [--last 2,4,8] [--backend tensorflow] [--out-root DIR]
// Reads bench/results/g2p/NAME/checkpoints/step-*/ (run.ts --keep-checkpoints); writes
// bench/results/g2p/NAME/averaging.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeBackend, initBackend } from '../../src/core/backend';
import { averageModels } from '../../src/core/store/average';
import { loadModel } from '../../src/core/store/model-store';
import type { LoadedModel } from '../../src/core/store/model-store';
import { parseArgs } from '../speed/common';
import { CMUDICT_VERSION, loadCmudict, splitCmudict, type Entry } from './cmudict';
import { CHECKPOINTS, scoreTranslator } from './decode';

const args = parseArgs(process.argv.slice(2));
const log = (...a: unknown[]) => console.error(`[average ${new Date().toISOString().slice(11, 19)}]`, ...a);

async function score(load: Promise<LoadedModel>, entries: Entry[], bootstrap = 0) {
  const { translator } = await load;
  try {
    return scoreTranslator(translator, entries, 1, bootstrap).metrics;
  } finally {
    translator.dispose();
  }
}

async function main() {
  if (!args.run) throw new Error('usage: npx tsx bench/g2p/average.ts --run NAME [--last 2,4,8]');
  const outRoot = String(args['out-root'] ?? path.join(__dirname, '..', 'results', 'g2p'));
  const runDir = path.resolve(outRoot, String(args.run));
  const root = path.join(runDir, CHECKPOINTS);
  const kept = fs.existsSync(root) ? fs.readdirSync(root).sort() : [];
  if (kept.length < 2)
    throw new Error(`${root} holds ${kept.length} checkpoints; run.ts --keep-checkpoints keeps them`);
  const dirs = kept.map((d) => path.join(root, d));
  const ks = String(args.last ?? '2,4,8')
    .split(',')
    .map(Number)
    .filter((k) => k >= 2 && k <= dirs.length);
  const backend = await initBackend({ choice: String(args.backend ?? 'auto') });
  const { dictionary, version } = await loadCmudict();
  if (version !== CMUDICT_VERSION) log(`WARNING: ${version} is not the pinned ${CMUDICT_VERSION}`);
  const { dev, test } = splitCmudict(dictionary, version);
  log(`${describeBackend(backend)}; ${dirs.length} checkpoints, last ${kept[kept.length - 1]}`);

  const rows = [{ k: 1, from: kept[kept.length - 1], dev: await score(loadModel(dirs[dirs.length - 1]), dev) }];
  log('last', JSON.stringify(rows[0].dev));
  for (const k of ks) {
    const from = dirs.slice(-k);
    rows.push({ k, from: kept[kept.length - k], dev: await score(averageModels(from), dev) });
    log(`average of the last ${k}`, JSON.stringify(rows[rows.length - 1].dev));
  }
  const best = rows.reduce((a, b) => (b.dev.WER < a.dev.WER ? b : a));
  const bestDirs = dirs.slice(-best.k);
  const testMetrics = await score(best.k === 1 ? loadModel(bestDirs[0]) : averageModels(bestDirs), test, 1000);
  log(`test, ${best.k === 1 ? 'last checkpoint' : `average of the last ${best.k}`}`, JSON.stringify(testMetrics));
  const result = {
    date: new Date().toISOString(),
    kernels: describeBackend(backend),
    rows,
    best: best.k,
    test: testMetrics,
  };
  fs.writeFileSync(path.join(runDir, 'averaging.json'), JSON.stringify(result, null, 1) + '\n');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
