// The time budget: the schedule at its fractions, durations, and a budgeted run whose clock the test
// drives (one second per step), so that stopping, the learning rate and resuming are exact.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useBackend } from '../../helpers/backend';
import { TINY, datePairs } from '../../helpers/tiny-translator';
import { presetConfig } from '../../../src/core/model/config';
import { DEFAULT_DATA_OPTIONS } from '../../../src/core/train/dataset';
import {
  DEFAULT_TRAIN_OPTIONS,
  checkpointDir,
  resume,
  train,
  type TrainOptions,
} from '../../../src/core/train/trainer';
import {
  Budget,
  EvalCost,
  budgetLearningRate,
  formatDuration,
  outOfTime,
  parseDuration,
  testCount,
  validationCount,
} from '../../../src/core/train/budget';
import type { TrainEvent } from '../../../src/core/train/events';
import { loadModel, readManifest } from '../../../src/core/store/model-store';
import { TrainingRefusedError } from '../../../src/core/train/guards';

useBackend();

const close = (a: number, b: number, what = '') => assert.ok(Math.abs(a - b) < 1e-12, `${what}${a} vs ${b}`);

describe('budget schedule', () => {
  it('halves the learning rate at 70% of the budget and quarters it at 85%', () => {
    assert.equal(budgetLearningRate(0.002, 0, 100), 0.002);
    assert.equal(budgetLearningRate(0.002, 69.9, 100), 0.002);
    assert.equal(budgetLearningRate(0.002, 70, 100), 0.001);
    assert.equal(budgetLearningRate(0.002, 84.9, 100), 0.001);
    assert.equal(budgetLearningRate(0.002, 85, 100), 0.0005);
    assert.equal(budgetLearningRate(0.002, 500, 0), 0.002, 'no budget, no decay');
  });

  it('cosine: falls from the base rate through half at 50% to 0 at the budget, and stays there', () => {
    close(budgetLearningRate(0.002, 0, 100, 'cosine'), 0.002);
    close(budgetLearningRate(0.002, 25, 100, 'cosine'), 0.002 * (0.5 + Math.SQRT1_2 / 2));
    close(budgetLearningRate(0.002, 50, 100, 'cosine'), 0.001);
    close(budgetLearningRate(0.002, 100, 100, 'cosine'), 0);
    close(budgetLearningRate(0.002, 130, 100, 'cosine'), 0);
    assert.equal(budgetLearningRate(0.002, 50, 0, 'cosine'), 0.002, 'no budget, no decay');
  });

  it('plateau: the steps schedule, halved once more for every validation that did not improve', () => {
    assert.equal(budgetLearningRate(0.002, 10, 100, 'plateau'), 0.002);
    assert.equal(budgetLearningRate(0.002, 10, 100, 'plateau', 2), 0.0005);
    assert.equal(budgetLearningRate(0.002, 90, 100, 'plateau', 1), 0.00025);
    assert.equal(budgetLearningRate(0.002, 10, 100, 'steps', 2), 0.002, 'steps does not count plateaus');
  });

  it('reads and writes durations', () => {
    assert.equal(parseDuration('90'), 90);
    assert.equal(parseDuration('90s'), 90);
    assert.equal(parseDuration('10m'), 600);
    assert.equal(parseDuration('1.5h'), 5400);
    for (const bad of ['', 'm', '10 minutes', '-5m', '1e3', '5d']) assert.equal(parseDuration(bad), undefined, bad);
    assert.equal(formatDuration(600), '10m');
    assert.equal(formatDuration(90), '1m 30s');
    assert.equal(formatDuration(5400), '1h 30m');
  });
});

describe('budget decisions', () => {
  /** A 100 s budget with `spent` seconds gone; decoding costs 0.1 s an example, a save 0.5 s, a step 1 s. */
  function plan(spent: number, sizes = { valid: 100, test: 200 }) {
    const budget = new Budget(100, spent, 0, () => 0);
    const cost = new EvalCost(0.1);
    cost.recordSave(0.5);
    cost.recordStep(1);
    return { budget, cost, batchSize: 32, ...sizes };
  }

  it('stops stepping when the rest would not hold a step, the validation, the test share and the saves', () => {
    // The test gets 10% of the budget less the saves: 9 s, 90 of 200 examples. Validation 10 s + test
    // 9 s + saves 1 s + a step 1 s = 21 s.
    assert.equal(outOfTime(plan(78.9)), false);
    assert.equal(outOfTime(plan(79.1)), true);
    assert.equal(outOfTime({ ...plan(99), budget: new Budget(0, 99, 0, () => 0) }), false, 'no budget, never');
  });

  it('validates fully when there is time; skips when a best model stands; shortens when there is none', () => {
    assert.equal(validationCount(plan(50), true), 100);
    // 15 s left, less the test's 9 s: 6 s; a full pass with its saves takes 11 s. After the saves, 5 s: 50 examples.
    assert.equal(validationCount(plan(85), true), 0);
    assert.equal(validationCount(plan(85), false), 50);
    assert.equal(validationCount(plan(100), false), 1, 'never nothing when no model exists yet');
  });

  it('scores at most 10% of the budget of test examples, and what the time left allows', () => {
    assert.equal(testCount(plan(0)), 90, '10 s less the saves: 90 of 200');
    assert.equal(testCount(plan(95)), 40, '5 s left, less the saves');
    assert.equal(testCount(plan(0, { valid: 100, test: 20 })), 20);
  });
});

describe('a budgeted run on a clock the test drives', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 's2s-budget-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const pairs = datePairs(400, 5);
  const arch = { ...presetConfig('bahdanau2014'), ...TINY };
  const lr = 0.002;
  const PLATEAU_LR = 1;
  // 400 pairs: ~320 train, 10 steps an epoch; epochs and patience high so only the budget can stop it.
  const options: TrainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    batchSize: 32,
    epochs: 1000,
    patience: 1000,
    maxValidExamples: 20,
    learningRate: lr,
    timeBudget: 20,
  };

  /** Every step takes one second of this clock; evaluation and saving take none. */
  function drivenRun(outDir: string, stopAtElapsed = Infinity) {
    let now = 0;
    const controller = new AbortController();
    const steps: Extract<TrainEvent, { type: 'step' }>[] = [];
    const events: TrainEvent[] = [];
    const run = {
      outDir,
      signal: controller.signal,
      clock: () => now,
      onEvent: (e: TrainEvent) => {
        events.push(e);
        if (e.type !== 'step') return;
        now += 1000;
        steps.push(e);
        if (e.elapsedSeconds + 1 >= stopAtElapsed) controller.abort();
      },
    };
    return { run, steps, events };
  }

  it(
    'interrupted at 75% of its budget, resumes with the elapsed time and the decayed learning rate, ' +
      'then stops at the budget',
    async () => {
      const outDir = path.join(root, 'interrupted');
      const first = drivenRun(outDir, 15);
      const stopped = await train(pairs, arch, DEFAULT_DATA_OPTIONS, options, first.run);
      assert.equal(stopped.reason, 'cancelled');
      assert.equal(stopped.steps, 15);
      // Steps starting before 14 s (70% of 20) run at the full rate, the one at 14 s at half.
      assert.deepEqual(
        first.steps.map((s) => s.learningRate),
        [...Array(14).fill(lr), lr / 2],
      );
      const saved = (await readManifest(checkpointDir(outDir))).training!;
      assert.equal(saved.elapsedSeconds, 15);

      const second = drivenRun(outDir);
      const result = await resume(pairs, second.run);
      const start = second.events[0];
      assert.ok(start.type === 'start' && start.timeBudget?.elapsedSeconds === 15 && start.timeBudget.seconds === 20);
      // 15 s and 16 s: half; from 17 s (85%): a quarter; the step that would end past 20 s is not taken.
      assert.deepEqual(
        second.steps.map((s) => s.learningRate),
        [lr / 2, lr / 2, lr / 4, lr / 4, lr / 4],
      );
      assert.equal(result.reason, 'time-up');
      assert.equal(result.steps, 20);
      assert.ok(result.best !== null && result.test, 'the best model was tested');
      const { translator } = await loadModel(outDir);
      translator.dispose();
      assert.equal((await readManifest(checkpointDir(outDir))).training!.elapsedSeconds, 20);

      await assert.rejects(
        resume(pairs, drivenRun(outDir).run),
        (e: Error) => e instanceof TrainingRefusedError && /spent 20s of its 20s time budget/.test(e.message),
      );
      const longer = await resume(pairs, drivenRun(outDir).run, { timeBudget: 23 });
      assert.equal(longer.steps, 23, 'a longer budget continues the same run');
    },
  );

  it('a cosine run resumes on its cosine: every step at the rate of its elapsed second', async () => {
    const outDir = path.join(root, 'cosine');
    const cosine = { ...options, budgetDecay: 'cosine' as const };
    const first = drivenRun(outDir, 8);
    assert.equal((await train(pairs, arch, DEFAULT_DATA_OPTIONS, cosine, first.run)).reason, 'cancelled');
    const second = drivenRun(outDir);
    assert.equal((await resume(pairs, second.run)).reason, 'time-up');
    const rates = [...first.steps, ...second.steps].map((s) => s.learningRate!);
    assert.equal(rates.length, 20);
    rates.forEach((r, t) => close(r, budgetLearningRate(lr, t, 20, 'cosine'), `step ${t}: `));
  });

  it('plateau: the rate halves after each validation without improvement, and a resume keeps the count', async () => {
    const outDir = path.join(root, 'plateau');
    // At rate 1 Adam moves every weight by about 1 a step, so some of the 8 validations (5 steps an epoch) do not
    // improve: 2 on tensorflow, 4 on wasm.
    const plateau = {
      ...options,
      budgetDecay: 'plateau' as const,
      timeBudget: 40,
      learningRate: PLATEAU_LR,
      batchSize: 64,
    };
    const first = drivenRun(outDir, 25);
    assert.equal((await train(pairs, arch, DEFAULT_DATA_OPTIONS, plateau, first.run)).reason, 'cancelled');
    const second = drivenRun(outDir);
    assert.equal((await resume(pairs, second.run)).reason, 'time-up');
    let plateaus = 0;
    let t = 0;
    for (const e of [...first.events, ...second.events]) {
      if (e.type === 'validation' && !e.improved) plateaus++;
      if (e.type !== 'step') continue;
      close(e.learningRate!, budgetLearningRate(PLATEAU_LR, t, 40, 'plateau', plateaus), `step ${t}: `);
      t++;
    }
    assert.equal(t, 40);
    assert.ok(plateaus >= 1, 'precondition: at least one validation did not improve');
    const saved = (await readManifest(checkpointDir(outDir))).training!;
    assert.equal(saved.plateaus, plateaus);
  });

  it('epochs stay an upper bound under a budget', async () => {
    const r = drivenRun(path.join(root, 'epochs'));
    const result = await train(pairs, arch, DEFAULT_DATA_OPTIONS, { ...options, epochs: 1, timeBudget: 1000 }, r.run);
    assert.equal(result.reason, 'completed');
    assert.equal(result.epochs, 1);
  });
});
