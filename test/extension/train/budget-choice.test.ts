// What the training quick picks send: the budget, epochs only when they bound it, auto's choices untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUDGET_CHOICES, DEFAULT_BUDGET, chosenTrainOptions } from '../../../src/extension/train/budget-choice';

const picks = { timeBudget: DEFAULT_BUDGET, epochs: 10, batchSize: 0, learningRate: 0 };

test('a budget alone decides unless epochs were set; auto keeps batch size and learning rate', () => {
  assert.deepEqual(chosenTrainOptions(picks, false), { timeBudget: 300 });
  assert.deepEqual(chosenTrainOptions(picks, true), { timeBudget: 300, epochs: 10 });
  assert.deepEqual(
    chosenTrainOptions({ ...picks, timeBudget: 0 }, false),
    { timeBudget: 0, epochs: 10 },
    'epochs only',
  );
  assert.deepEqual(chosenTrainOptions({ ...picks, batchSize: 8, learningRate: 0.01 }, false), {
    timeBudget: 300,
    batchSize: 8,
    learningRate: 0.01,
  });
});

test('the offered budgets are 2, 5, 10 and 30 minutes and epochs only, the default among them', () => {
  assert.deepEqual([...BUDGET_CHOICES], [120, 300, 600, 1800, 0]);
  assert.ok((BUDGET_CHOICES as readonly number[]).includes(DEFAULT_BUDGET));
});
