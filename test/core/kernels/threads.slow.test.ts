// Two threads on one core: the helper thread shares the main thread's core (taskset), so the two
// halves of every split batch take turns instead of running side by side. Results must not change:
// loss and gradients of a model whose batches split still equal the reference path.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const CHECK = `
const { initBackend } = require('./src/core/backend');
const { kernels, referenceKernels } = require('./src/core/kernels');
const { splitFrom } = require('./src/core/kernels/wasm/split');
const { kernelDiff } = require('./src/core/model/kernel-check');
const { presetConfig } = require('./src/core/model/config');
const { toyPairs } = require('./test/helpers/toy-task');
(async () => {
  const info = await initBackend({ choice: 'wasm', kernels: 'fused', threads: 2 });
  splitFrom(2);
  const config = { ...presetConfig('bahdanau2014'), embeddingSize: 8, hiddenSize: 16, attentionSize: 16,
    sourceVocabSize: 11, targetVocabSize: 11 };
  const d = kernelDiff(kernels(), referenceKernels, config, { pairs: toyPairs(24, 7, 2, 6, 4), dropout: 0.2 });
  const cores = require('node:os').availableParallelism();
  console.log(JSON.stringify({ threads: info.kernels.threads, cores, ...d }));
  process.exit(0);
})();`;

describe('fused kernels with two threads on one core', () => {
  it('the split batches give the reference loss and gradients', () => {
    const r = spawnSync('taskset', ['-c', '0', process.execPath, '--import', 'tsx', '-e', CHECK], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
    assert.deepEqual([out.threads, out.cores], [2, 1], 'two threads, one core');
    assert.ok(out.loss < 1e-4, `loss differs by ${out.loss}`);
    assert.ok(out.worst.rel < 1e-4, `gradient of ${out.worst.name} differs by ${out.worst.rel}`);
  });
});
