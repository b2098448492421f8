// Issue 11 at the trainer: options checked on every call, divergence stops without saving,
// a resumed epoch records its true loss, held-out pairs are length-bounded, memory is estimated.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useBackend } from '../../helpers/backend';
import { TINY, datePairs } from '../../helpers/tiny-translator';
import { presetConfig, type ModelConfig } from '../../../src/core/model/config';
import { createModel } from '../../../src/core/model/create';
import { OptionError } from '../../../src/core/options';
import { MANIFEST_FILE, type Manifest } from '../../../src/core/store/manifest';
import { DEFAULT_DATA_OPTIONS, prepareData } from '../../../src/core/train/dataset';
import { isBetter } from '../../../src/core/train/evaluate';
import { TrainingDivergedError } from '../../../src/core/train/guards';
import {
  OutOfMemoryError,
  checkTrainingMemory,
  estimateParameters,
  explainOutOfMemory,
  WASM_HEAP_BYTES,
} from '../../../src/core/train/memory';
import type { TrainOptions } from '../../../src/core/train/trainer';
import { DEFAULT_TRAIN_OPTIONS, checkpointDir, resume, train } from '../../../src/core/train/trainer';

useBackend();

const pairs = datePairs(200, 5);
const arch = { ...presetConfig('bahdanau2014'), ...TINY };
const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, batchSize: 32, epochs: 1, patience: 5, maxValidExamples: 20 };

async function filesOf(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).filter((n) => n !== 'checkpoint').sort();
  return Object.fromEntries(
    await Promise.all(
      names.map(async (n) => [
        n,
        createHash('sha256')
          .update(await readFile(path.join(dir, n)))
          .digest('hex'),
      ]),
    ),
  );
}

describe('trainer guards', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 's2s-guards-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('train() checks its options whoever calls it: batchSize 0 and an unknown metric are refused', async () => {
    const outDir = path.join(root, 'invalid');
    await assert.rejects(
      train(pairs, arch, DEFAULT_DATA_OPTIONS, { ...options, batchSize: 0 }, { outDir }),
      (e: unknown) => e instanceof OptionError && /batchSize must be an integer from 1/.test(e.message),
    );
    await assert.rejects(
      train(pairs, arch, DEFAULT_DATA_OPTIONS, { ...options, metric: 'accuracy' as never }, { outDir }),
      OptionError,
    );
    await assert.rejects(readdir(outDir), /ENOENT/, 'nothing was created');
  });

  it('a non-finite loss stops the run with a clear error, and the checkpoint and model stay as they were', async () => {
    const outDir = path.join(root, 'diverges');
    await train(pairs, arch, DEFAULT_DATA_OPTIONS, options, { outDir });
    await poisonCheckpoint(checkpointDir(outDir));
    const [model, checkpoint] = [await filesOf(outDir), await filesOf(checkpointDir(outDir))];
    await assert.rejects(
      resume(pairs, { outDir }, { epochs: 2 }),
      (e: unknown) =>
        e instanceof TrainingDivergedError &&
        /Training diverged at step \d+ \(loss NaN\).*the last checkpoint in .* is kept\. Lower the learning rate/.test(
          e.message,
        ),
    );
    assert.deepEqual(await filesOf(outDir), model);
    assert.deepEqual(await filesOf(checkpointDir(outDir)), checkpoint);
  });

  it('a run resumed mid-epoch records the same epoch loss as an uninterrupted one', async () => {
    const straight = await train(pairs, arch, DEFAULT_DATA_OPTIONS, options, { outDir: path.join(root, 'straight') });
    assert.equal(straight.reason, 'completed');
    const outDir = path.join(root, 'interrupted');
    const controller = new AbortController();
    await train(pairs, arch, DEFAULT_DATA_OPTIONS, options, {
      outDir,
      signal: controller.signal,
      onEvent: (e) => e.type === 'step' && e.step === 2 && controller.abort(),
    });
    await resume(pairs, { outDir });
    const loss = async (dir: string) =>
      (JSON.parse(await readFile(path.join(checkpointDir(dir), MANIFEST_FILE), 'utf8')) as Manifest).training!
        .history[0].trainLoss;
    const [expected, got] = [await loss(path.join(root, 'straight')), await loss(outDir)];
    assert.ok(Math.abs(expected - got) < 1e-3, `resumed epoch loss ${got}, uninterrupted ${expected}`);
  });

  it('a NaN validation metric is never "best so far", so a diverged model is not saved as the best', () => {
    assert.equal(isBetter('exact', NaN, null), false);
    assert.equal(isBetter('loss', NaN, 2), false);
    assert.equal(isBetter('loss', Infinity, null), false);
    assert.equal(isBetter('loss', 1, 2), true);
  });

  it('validation and test pairs are length-filtered like training pairs, and counted', () => {
    const long = pairs.map((p, i) => (i % 4 === 0 ? { source: p.source + 'x'.repeat(30), target: p.target } : p));
    const data = prepareData(long, { ...DEFAULT_DATA_OPTIONS, maxLength: 25 });
    for (const split of [data.train, data.valid, data.test])
      assert.ok(split.every((e) => e.source.length <= 25 && e.target.length <= 25));
    assert.ok(data.dropped.valid > 0 && data.dropped.test > 0 && data.dropped.train === data.tooLong);
    assert.equal(
      data.train.length +
        data.valid.length +
        data.test.length +
        data.dropped.train +
        data.dropped.valid +
        data.dropped.test,
      long.length,
    );
  });

  it('memory: the configuration that aborted the wasm heap is refused up front with a batch that fits', () => {
    const config: ModelConfig = { ...presetConfig('bahdanau2014'), sourceVocabSize: 100, targetVocabSize: 100 };
    assert.throws(
      () => checkTrainingMemory(config, 512, 302, WASM_HEAP_BYTES),
      (e: unknown) => {
        assert.ok(e instanceof OutOfMemoryError);
        const batch = Number(/use --batch-size (\d+) or less/.exec(e.message)![1]);
        assert.ok(batch >= 1 && batch < 512);
        assert.doesNotThrow(() => checkTrainingMemory(config, batch, 302, WASM_HEAP_BYTES), 'the suggested batch fits');
        return true;
      },
    );
    assert.throws(
      () =>
        checkTrainingMemory(
          { ...config, hiddenSize: 4096, embeddingSize: 4096, targetVocabSize: 60000, sourceVocabSize: 60000 },
          1,
          10,
          WASM_HEAP_BYTES,
        ),
      /the weights alone .* do not fit: use a smaller --hidden-size/,
    );
    assert.doesNotThrow(() => checkTrainingMemory(config, 32, 30, WASM_HEAP_BYTES));
  });

  it("memory: the Transformer's parameter estimate is its exact count, and its size is refused by name", () => {
    const base = { ...presetConfig('vaswani2017'), modelSize: 16, heads: 2, feedForwardSize: 24 };
    for (const [tieOutput, sharedVocabulary] of [
      [true, true],
      [false, false],
    ]) {
      const config: ModelConfig = { ...base, tieOutput, sharedVocabulary, sourceVocabSize: 30, targetVocabSize: 30 };
      const model = createModel(config);
      assert.equal(estimateParameters(config), model.params.count(), JSON.stringify({ tieOutput, sharedVocabulary }));
      model.dispose();
    }
    const huge: ModelConfig = {
      ...base,
      modelSize: 4096,
      heads: 8,
      feedForwardSize: 16384,
      sourceVocabSize: 60000,
      targetVocabSize: 60000,
    };
    assert.throws(() => checkTrainingMemory(huge, 1, 10, WASM_HEAP_BYTES), /use a smaller --model-size/);
  });

  it('memory: raw wasm and V8 allocation failures become a message that says what to change', () => {
    for (const raw of [
      'Aborted(). Build with -sASSERTIONS for more info.',
      'RuntimeError: memory access out of bounds',
      'RangeError: Invalid typed array length: 30000000000',
    ]) {
      const e = explainOutOfMemory(new Error(raw));
      assert.ok(e instanceof OutOfMemoryError, raw);
      assert.match(
        e.message,
        new RegExp(
          /Ran out of memory .*Use a smaller --batch-size, a shorter --max-length or a smaller --hidden-size, /.source +
            /or the native backend/.source,
        ),
      );
    }
    const other = new Error('ENOENT');
    assert.equal(explainOutOfMemory(other), other);
  });
});

/** Overwrites a checkpoint's weights with NaN and re-signs the manifest, as a diverged save would have. */
async function poisonCheckpoint(dir: string): Promise<void> {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  const m = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
  const bytes = Buffer.from(new Float32Array(m.weights.byteLength / 4).fill(NaN).buffer);
  await writeFile(path.join(dir, m.weights.file), bytes);
  m.weights.sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeFile(manifestFile, JSON.stringify(m));
}
