// The acceptance run of the core: bahdanau2014 normalises held-out dates almost perfectly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useBackend } from '../../helpers/backend';
import { datePairs } from '../../helpers/tiny-translator';
import { presetConfig } from '../../../src/core/model/config';
import { DEFAULT_DATA_OPTIONS } from '../../../src/core/train/dataset';
import { DEFAULT_TRAIN_OPTIONS, train } from '../../../src/core/train/trainer';

useBackend();

describe('date normalisation', () => {
  it('bahdanau2014 reaches >= 95% exact match on held-out dates', async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 's2s-dates-'));
    try {
      const result = await train(
        datePairs(4000, 1),
        presetConfig('bahdanau2014'),
        DEFAULT_DATA_OPTIONS,
        { ...DEFAULT_TRAIN_OPTIONS, epochs: 4, batchSize: 64, learningRate: 5e-3, maxValidExamples: 300 },
        { outDir },
      );
      assert.ok(result.test, 'the test split was evaluated');
      assert.ok(result.test.exact >= 0.95, `held-out exact match ${result.test.exact}`);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
