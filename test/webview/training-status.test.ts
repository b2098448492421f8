import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runningStatus } from '../../src/webview/attention/training-view';

const base = {
  run: 'r',
  totalSteps: 10_000_000,
  loss: [],
  stride: 1,
  validation: [],
  metric: 'exact',
  epoch: 3,
  step: 420,
  status: 'running' as const,
};

test('a run under a time budget shows the time spent of it, not a step total it will never reach', () => {
  assert.equal(
    runningStatus({ ...base, budget: { seconds: 300, elapsedSeconds: 75 } }),
    'epoch 3, step 420, 1 min 15 s of 5 min',
  );
  assert.equal(runningStatus({ ...base, totalSteps: 500 }), 'epoch 3, step 420/500');
});
