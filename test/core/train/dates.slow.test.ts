// The acceptance runs of the core: bahdanau2014 and vaswani2017 normalise held-out dates almost perfectly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useBackend } from '../../helpers/backend';
import { datePairs } from '../../helpers/tiny-translator';
import { readCorpus } from '../../../src/core/data/corpus';
import { presetConfig } from '../../../src/core/model/config';
import { DEFAULT_DATA_OPTIONS } from '../../../src/core/train/dataset';
import { trainPreset } from '../../../src/core/train/start';
import { DEFAULT_TRAIN_OPTIONS, train, type TrainResult } from '../../../src/core/train/trainer';

useBackend();

async function inTemporaryDirectory(run: (outDir: string) => Promise<TrainResult>): Promise<TrainResult> {
  const outDir = await mkdtemp(path.join(tmpdir(), 's2s-dates-'));
  try {
    return await run(outDir);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

describe('date normalisation', () => {
  it('bahdanau2014 reaches >= 95% exact match on held-out dates', async () => {
    const result = await inTemporaryDirectory((outDir) =>
      train(
        datePairs(4000, 1),
        presetConfig('bahdanau2014'),
        DEFAULT_DATA_OPTIONS,
        { ...DEFAULT_TRAIN_OPTIONS, epochs: 4, batchSize: 64, learningRate: 5e-3, maxValidExamples: 300 },
        { outDir },
      ),
    );
    assert.ok(result.test, 'the test split was evaluated');
    assert.ok(result.test.exact >= 0.95, `held-out exact match ${result.test.exact}`);
  });

  // The bundled corpus (16,078 training pairs), the preset's recipe (shared vocabulary, label smoothing,
  // warm-up, Adam beta2 0.98) at a size two cores train in minutes: d_model 64, 2 + 2 layers, no dropout.
  // The Transformer needs several times the RNN's steps here: it learns where the next digit to copy is
  // from positions alone (what an RNN's state carries), and wrong-order digits are its last errors.
  it('vaswani2017 reaches >= 95% exact match on the held-out part of examples/dates/dates.tsv', async () => {
    const corpus = await readCorpus(path.resolve('examples/dates/dates.tsv'));
    const result = await inTemporaryDirectory((outDir) =>
      trainPreset(
        corpus.pairs,
        'vaswani2017',
        {
          architecture: {
            modelSize: 64,
            heads: 4,
            feedForwardSize: 256,
            encoderLayers: 2,
            decoderLayers: 2,
            dropout: 0,
          },
          training: { epochs: 4, batchSize: 32, learningRate: 5e-3, warmupSteps: 100, maxValidExamples: 300 },
        },
        { outDir },
      ),
    );
    assert.ok(result.test, 'the test split was evaluated');
    assert.ok(result.test.exact >= 0.95, `held-out exact match ${result.test.exact} after ${result.steps} steps`);
  });
});
