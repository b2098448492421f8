// The training loop: resuming continues the same run, cancelling keeps a loadable checkpoint,
// early stopping stops, and progress events describe what happens.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useBackend } from '../../helpers/backend';
import { TINY, datePairs } from '../../helpers/tiny-translator';
import { presetConfig } from '../../../src/core/model/config';
import { DEFAULT_DATA_OPTIONS } from '../../../src/core/train/dataset';
import type { TrainOptions } from '../../../src/core/train/trainer';
import { DEFAULT_TRAIN_OPTIONS, checkpointDir, resume, train } from '../../../src/core/train/trainer';
import type { TrainEvent } from '../../../src/core/train/events';
import { loadModel } from '../../../src/core/store/model-store';

useBackend();

const pairs = datePairs(400, 5);
const arch = { ...presetConfig('bahdanau2014'), ...TINY };
const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, batchSize: 32, epochs: 2, patience: 5, maxValidExamples: 40 };

function recorder() {
  const events: TrainEvent[] = [];
  const steps = () => events.flatMap((e) => (e.type === 'step' ? [e] : []));
  return { events, steps, onEvent: (e: TrainEvent) => events.push(e) };
}

describe('trainer', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 's2s-train-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('resuming from a checkpoint continues with the same losses as an uninterrupted run', async () => {
    const straight = recorder();
    await train(pairs, arch, DEFAULT_DATA_OPTIONS, options, {
      outDir: path.join(root, 'straight'),
      onEvent: straight.onEvent,
    });
    const split = recorder();
    const outDir = path.join(root, 'split');
    await train(pairs, arch, DEFAULT_DATA_OPTIONS, { ...options, epochs: 1 }, { outDir, onEvent: split.onEvent });
    const resumed = recorder();
    const result = await resume(pairs, { outDir, onEvent: resumed.onEvent }, { epochs: 2 });
    assert.equal(result.reason, 'completed');
    const expected = straight.steps().filter((s) => s.epoch === 1);
    const got = resumed.steps();
    assert.equal(got.length, expected.length);
    assert.equal(got[0].step, expected[0].step);
    got.forEach((s, i) =>
      assert.ok(Math.abs(s.loss - expected[i].loss) < 1e-3, `step ${s.step}: ${s.loss} vs ${expected[i].loss}`),
    );
    // The optimizer state came back too: a fresh Adam would not reproduce these losses.
    assert.ok(resumed.events[0].type === 'start' && resumed.events[0].resumedFrom?.step === expected[0].step - 1);
  });

  it('cancelling keeps a checkpoint that loads and resumes', async () => {
    const controller = new AbortController();
    const rec = recorder();
    const outDir = path.join(root, 'cancelled');
    const result = await train(
      pairs,
      arch,
      DEFAULT_DATA_OPTIONS,
      { ...options, epochs: 3 },
      {
        outDir,
        signal: controller.signal,
        onEvent: (e) => {
          rec.onEvent(e);
          if (e.type === 'step' && e.step === 5) controller.abort();
        },
      },
    );
    assert.equal(result.reason, 'cancelled');
    assert.equal(result.steps, 5);
    const { translator, manifest } = await loadModel(checkpointDir(outDir), { withOptimizer: true });
    translator.dispose();
    assert.equal(manifest.training!.step, 5);
    assert.ok(manifest.optimizer, 'checkpoint holds the optimizer state');
    const done = rec.events.at(-1)!;
    assert.equal(done.type, 'done');
    const again = await resume(pairs, { outDir }, { epochs: 1 });
    assert.equal(again.reason, 'completed');
    assert.ok(again.steps > 5);
  });

  it('stops early when the validation metric stops improving', async () => {
    const rec = recorder();
    const result = await train(
      pairs,
      arch,
      DEFAULT_DATA_OPTIONS,
      { ...options, epochs: 6, patience: 1, learningRate: 0 },
      {
        outDir: path.join(root, 'early'),
        onEvent: rec.onEvent,
      },
    );
    assert.equal(result.reason, 'early-stopped');
    assert.equal(result.epochs, 2);
    assert.equal(rec.events.filter((e) => e.type === 'validation').length, 2);
  });

  it('a tie of the metric goes to the lower validation loss: at 0% exact match, a learning run goes on', async () => {
    const rec = recorder();
    const outDir = path.join(root, 'ties');
    const result = await train(
      pairs,
      arch,
      DEFAULT_DATA_OPTIONS,
      { ...options, epochs: 4, patience: 1, learningRate: 1e-3, metric: 'exact' },
      { outDir, onEvent: rec.onEvent },
    );
    const validations = rec.events.flatMap((e) => (e.type === 'validation' ? [e] : []));
    const losses = validations.map((e) => e.metrics.loss);
    assert.ok(
      validations.every((e) => e.metrics.exact === 0),
      'precondition: exact match ties at 0% in every epoch',
    );
    // Without the tie-break, patience 1 ended it after epoch 2 with the first epoch's model.
    assert.equal(result.reason, 'completed');
    assert.equal(validations.length, 4);
    validations.forEach((e, i) => assert.equal(e.improved, i === 0 || losses[i] < Math.min(...losses.slice(0, i))));
    const { translator, manifest } = await loadModel(outDir);
    translator.dispose();
    assert.equal(manifest.metrics!.loss, Math.min(...losses), 'the saved model is the lowest-loss one');
  });

  it('metric auto watches BLEU for word text, exact match for dates; the checkpoint and a resume keep it', async () => {
    // 150 word types, above the 100 under which word targets count as symbol strings (phonemes).
    const word = (i: number) => `w${i % 150}`;
    const text = Array.from({ length: 200 }, (_, i) => {
      const words = [0, 1, 2, 3].map((k) => word(i * 7 + k * 31));
      return { source: words.join(' '), target: words.reverse().join(' ') };
    });
    const wordData = { ...DEFAULT_DATA_OPTIONS, sourceTokenizer: 'word', targetTokenizer: 'word' } as const;
    const runs = [
      { corpus: text, data: wordData, expected: 'bleu' },
      { corpus: pairs, data: DEFAULT_DATA_OPTIONS, expected: 'exact' },
    ];
    for (const [i, { corpus, data, expected }] of runs.entries()) {
      const outDir = path.join(root, `auto-metric-${i}`);
      const rec = recorder();
      await train(corpus, arch, data, { ...options, epochs: 1, metric: 'auto' }, { outDir, onEvent: rec.onEvent });
      await resume(corpus, { outDir, onEvent: rec.onEvent }, { epochs: 2 });
      const watched = rec.events.flatMap((e) => (e.type === 'validation' || e.type === 'done' ? [e.metric] : []));
      assert.deepEqual(watched, Array(4).fill(expected), `${expected}: two validations and two done events`);
      const { translator, manifest } = await loadModel(checkpointDir(outDir));
      translator.dispose();
      assert.equal(manifest.training!.metric, expected);
      assert.equal(manifest.training!.options.metric, expected);
    }
  });

  it('reports start, steps with loss and ETA, validation, checkpoints and done, in order', async () => {
    const rec = recorder();
    await train(
      pairs,
      arch,
      DEFAULT_DATA_OPTIONS,
      { ...options, epochs: 1 },
      { outDir: path.join(root, 'events'), onEvent: rec.onEvent },
    );
    const types = rec.events.map((e) => e.type);
    assert.equal(types[0], 'start');
    assert.equal(types.at(-1), 'done');
    assert.ok(types.indexOf('validation') > types.lastIndexOf('step'));
    const start = rec.events[0] as Extract<TrainEvent, { type: 'start' }>;
    assert.equal(rec.steps().length, start.totalSteps);
    for (const s of rec.steps()) {
      assert.ok(Number.isFinite(s.loss) && s.loss > 0);
      assert.ok(s.tokensPerSecond > 0 && s.etaSeconds >= 0);
    }
    assert.ok(start.examples.train + start.examples.valid + start.examples.test === pairs.length);
  });
});
