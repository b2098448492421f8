import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainEvent } from '../../src/core/train/events';
import { MAX_LOSS_POINTS, foldTrainEvent, type TrainingHistory } from '../../src/shared/training-history';

const start = (run: string, resumed = false): TrainEvent & { run: string } => ({
  type: 'start',
  run,
  totalSteps: 100,
  stepsPerEpoch: 10,
  parameters: 1,
  backend: 'cpu',
  examples: { train: 1, valid: 1, test: 0 },
  tooLong: 0,
  ...(resumed ? { resumedFrom: { epoch: 1, step: 10 } } : {}),
});
const step = (run: string, s: number, loss: number): TrainEvent & { run: string } => ({
  type: 'step',
  run,
  epoch: Math.ceil(s / 10),
  step: s,
  stepInEpoch: s % 10,
  stepsPerEpoch: 10,
  totalSteps: 100,
  loss,
  tokensPerSecond: 1,
  elapsedSeconds: 1,
  etaSeconds: 1,
});
const fold = (events: (TrainEvent & { run: string })[], from: TrainingHistory | null = null) =>
  events.reduce<TrainingHistory | null>(foldTrainEvent, from)!;

test('steps become loss points and validations become per-epoch metric points', () => {
  const h = fold([
    start('r'),
    step('r', 1, 3),
    step('r', 2, 2.5),
    {
      type: 'validation',
      run: 'r',
      epoch: 1,
      step: 2,
      metrics: { accuracy: 0.4 },
      metric: 'accuracy',
      best: 0.4,
      improved: true,
    },
    { type: 'done', run: 'r', reason: 'completed', epoch: 1, step: 2, best: 0.4, metric: 'accuracy' },
  ]);
  assert.deepEqual(h.loss, [
    [1, 3],
    [2, 2.5],
  ]);
  assert.deepEqual(h.validation, [[1, 0.4]]);
  assert.equal(h.metric, 'accuracy');
  assert.equal(h.status, 'completed');
});

test('a long run is thinned to a bounded number of points, evenly', () => {
  const h = fold([start('r'), ...Array.from({ length: 5000 }, (_, i) => step('r', i + 1, 1 / (i + 1)))]);
  assert.ok(h.loss.length <= MAX_LOSS_POINTS);
  assert.ok(h.loss.length > MAX_LOSS_POINTS / 4);
  assert.ok(h.loss.every(([s]) => s % h.stride === 0));
});

test('a new run starts new curves; a resumed run continues its own', () => {
  const first = fold([start('a'), step('a', 1, 3)]);
  assert.deepEqual(fold([start('b')], first).loss, []);
  assert.deepEqual(fold([start('a', true), step('a', 11, 2)], first).loss, [
    [1, 3],
    [11, 2],
  ]);
  assert.deepEqual(fold([start('a')], first).loss, [], 'a fresh start of the same name is a new run');
});

test('non-finite losses and metrics are skipped', () => {
  const h = fold([
    start('r'),
    step('r', 1, Number.NaN),
    { type: 'validation', run: 'r', epoch: 1, step: 1, metrics: {}, metric: 'bleu', best: null, improved: false },
  ]);
  assert.deepEqual(h.loss, []);
  assert.deepEqual(h.validation, []);
});

test('a budgeted run keeps its budget and the seconds spent, from the start and every step', () => {
  const budgeted: TrainEvent & { run: string } = {
    ...start('b'),
    timeBudget: { seconds: 300, elapsedSeconds: 20 },
  } as TrainEvent & { run: string };
  assert.deepEqual(fold([budgeted]).budget, { seconds: 300, elapsedSeconds: 20 });
  assert.deepEqual(
    fold([budgeted, { ...step('b', 1, 3), elapsedSeconds: 75 } as TrainEvent & { run: string }]).budget,
    { seconds: 300, elapsedSeconds: 75 },
  );
  assert.equal(fold([start('u'), step('u', 1, 3)]).budget, undefined);
});
