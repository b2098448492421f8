// The benchmarks' --smoke modes, run as child processes so that the scripts cannot rot: each must exit
// 0 and write its JSON with the expected keys (the numbers themselves are not checked).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seq2seq-bench-smoke-'));

function run(args: string[], timeout = 140_000) {
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, SEQ2SEQ_BACKEND: '' },
  });
  assert.equal(r.status, 0, `${args.join(' ')} exited ${r.status}\n${r.stderr?.slice(-3000)}`);
  return r;
}

// Two sizes (the attention model and the Transformer), each with its PyTorch twin where torch is installed.
test('speed benchmark --smoke writes its table and JSON', { timeout: 250_000 }, () => {
  const out = path.join(tmp, 'speed-smoke.json');
  const r = run(['bench/speed/bench.mjs', '--smoke', '--out', out], 240_000);
  assert.match(r.stdout, /\| size \| impl \/ backend, kernels \| ms\/step/);
  const j = JSON.parse(fs.readFileSync(out, 'utf8'));
  for (const k of ['kind', 'smoke', 'date', 'machine', 'torch', 'torchNotes', 'rows', 'markdown'])
    assert.ok(k in j, `missing ${k}`);
  const ours = j.rows.filter((row: { impl: string }) => row.impl === 'seq2seq-studio');
  const label = (row: { size: string; backend: string; kernels: string }) =>
    `${row.size} ${row.backend}/${row.kernels}`;
  // The attention model and the Transformer (vaswani2017), each on every smoke backend.
  assert.deepEqual(
    ours.map(label).sort(),
    ['smoke', 'transformer-smoke'].flatMap((size) =>
      ['cpu/reference', 'wasm/fused', 'wasm/reference'].map((b) => `${size} ${b}`),
    ),
  );
  for (const fused of ours.filter((row: { kernels: string }) => row.kernels === 'fused'))
    assert.ok(fused.gradCheck.worst.rel < 1e-4, 'a fused row is timed only with gradients equal to the reference');
  for (const row of ours) {
    for (const k of [
      'msPerStep',
      'tokensPerSec',
      'greedyMs',
      'beam5Ms',
      'translateMs',
      'rssPeakMB',
      'params',
      'tensorsFlat',
    ])
      assert.ok(k in row, `row missing ${k}`);
    assert.equal(row.tensorsFlat, true, 'tensor count must stay flat across training steps');
  }
  // With PyTorch, each size has its twin, of the same parameter count.
  if (j.torch) {
    for (const size of ['smoke', 'transformer-smoke']) {
      const twin = j.rows.find((row: { impl: string; size: string }) => row.impl === 'pytorch' && row.size === size);
      assert.ok(twin && !twin.error, `${size}: the PyTorch twin ran`);
      assert.equal(twin.params, ours.find((row: { size: string }) => row.size === size).params);
    }
  } else assert.ok(j.torchNotes.some((n: string) => /skipped/.test(n)));
});

// cmu-pronouncing-dictionary is a pinned devDependency: without it the setup is broken, so this fails.
test('G2P benchmark --smoke trains, evaluates and reports', { timeout: 150_000 }, () => {
  const root = path.join(tmp, 'g2p');
  run(['--import', 'tsx', 'bench/g2p/run.ts', '--smoke', '--out-root', root, '--budget', '5', '--check', '3']);
  const j = JSON.parse(fs.readFileSync(path.join(root, 'smoke', 'result.json'), 'utf8'));
  for (const k of [
    'kind',
    'cmudict',
    'config',
    'parameters',
    'training',
    'devCurve',
    'dev',
    'test',
    'accuracyByLength',
    'alignments',
    'published',
  ])
    assert.ok(k in j, `missing ${k}`);
  assert.deepEqual(j.cmudict.split, { train: 109882, dev: 2560, test: 12478 });
  for (const k of ['greedy', 'beam5']) {
    for (const m of ['WER', 'PER', 'WER_CI95', 'PER_CI95']) assert.ok(m in j.test[k], `test.${k} missing ${m}`);
  }
  assert.ok(j.training.steps > 0 && j.devCurve.length > 0);
  assert.ok(fs.existsSync(path.join(root, 'smoke', 'report.md')));
  assert.ok(fs.existsSync(path.join(root, 'smoke', 'accuracy-by-length.svg')));
});

test('G2P benchmark --smoke --preset vaswani2017 trains the Transformer with its recipe', { timeout: 150_000 }, () => {
  const root = path.join(tmp, 'g2p-transformer');
  run([
    '--import',
    'tsx',
    'bench/g2p/run.ts',
    '--smoke',
    '--out-root',
    root,
    '--budget',
    '5',
    '--check',
    '3',
    '--preset',
    'vaswani2017',
  ]);
  const j = JSON.parse(fs.readFileSync(path.join(root, 'smoke-vaswani2017', 'result.json'), 'utf8'));
  assert.equal(j.config.architecture.kind, 'transformer');
  assert.equal(j.config.train.warmupSteps, 400);
  assert.equal(j.config.data.sharedVocabulary, true);
  assert.ok(j.training.steps > 0 && j.devCurve.length > 0 && 'WER' in j.test.greedy);
});

// --preset auto implies --builtin: one train() under the trainer's own budget, its choice recorded.
test(
  'G2P benchmark --smoke --preset auto trains under the trainer budget and records the auto choice',
  { timeout: 150_000 },
  () => {
    const root = path.join(tmp, 'g2p-auto');
    run(['--import', 'tsx', 'bench/g2p/run.ts', '--smoke', '--out-root', root, '--budget', '5', '--preset', 'auto']);
    const j = JSON.parse(fs.readFileSync(path.join(root, 'smoke-auto', 'result.json'), 'utf8'));
    assert.equal(j.config.budgetMode, 'trainer timeBudget (one train() call)');
    assert.ok(j.autoPlan.some((l: string) => /^model: bahdanau2014, embedding \d+, hidden \d+/.test(l)));
    assert.ok(j.training.steps > 0 && j.training.wallS <= 6 && j.devCurve.length > 0);
    assert.equal(j.training.evaluatedCheckpoint, 'model');
  },
);
