// Acceptance (issue 14): a budgeted run on the real clock ends within 5% of its budget and leaves a
// best model that loads. Epochs and patience are out of reach, so only the budget can end it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadavg } from 'node:os';
import { useBackend } from '../../helpers/backend';
import { TINY, datePairs } from '../../helpers/tiny-translator';
import { presetConfig } from '../../../src/core/model/config';
import { DEFAULT_DATA_OPTIONS } from '../../../src/core/train/dataset';
import { DEFAULT_TRAIN_OPTIONS, train } from '../../../src/core/train/trainer';
import { loadModel } from '../../../src/core/store/model-store';

useBackend();

const BUDGET = 8;

it(`a ${BUDGET} s budget ends within 5% of it, with a loadable best model tested`, async () => {
  const outDir = await mkdtemp(path.join(tmpdir(), 's2s-budget-real-'));
  try {
    const t0 = performance.now();
    const result = await train(
      datePairs(3000, 3),
      { ...presetConfig('bahdanau2014'), ...TINY },
      DEFAULT_DATA_OPTIONS,
      { ...DEFAULT_TRAIN_OPTIONS, epochs: 100_000, patience: 100_000, batchSize: 32, timeBudget: BUDGET },
      { outDir },
    );
    const wall = (performance.now() - t0) / 1000;
    console.log(
      `budget ${BUDGET} s: wall ${wall.toFixed(2)} s, ${result.steps} steps, ` +
        `${result.epochs} epochs, load ${loadavg()[0].toFixed(2)}`,
    );
    assert.equal(result.reason, 'time-up');
    assert.ok(Math.abs(wall - BUDGET) <= 0.05 * BUDGET, `wall ${wall.toFixed(2)} s for a ${BUDGET} s budget`);
    assert.ok(result.test, 'the best model was evaluated on test');
    const { translator, manifest } = await loadModel(outDir);
    translator.dispose();
    assert.ok(typeof manifest.metrics?.['test.exact'] === 'number');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
});
