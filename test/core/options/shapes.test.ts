// The option validators state the trainer's and the dataset's option shapes themselves (they sit
// below those modules); these assignments stop compiling when the two drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DATA_RULES,
  TRAINING_RULES,
  type DataOptionsShape,
  type MetricName,
  type TrainingOptions,
} from '../../../src/core/options';
import { DEFAULT_DATA_OPTIONS, type DataOptions } from '../../../src/core/train/dataset';
import type { MetricName as EvalMetricName } from '../../../src/core/train/evaluate';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '../../../src/core/train/trainer';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTraining: Same<TrainingOptions, TrainOptions> = true;
const sameData: Same<DataOptionsShape, DataOptions> = true;
const sameMetric: Same<MetricName, EvalMetricName> = true;

test('the validators have a rule for exactly the options the trainer and the dataset default', () => {
  assert.ok(sameTraining && sameData && sameMetric);
  assert.deepEqual(Object.keys(TRAINING_RULES).sort(), Object.keys(DEFAULT_TRAIN_OPTIONS).sort());
  assert.deepEqual(Object.keys(DATA_RULES).sort(), Object.keys(DEFAULT_DATA_OPTIONS).sort());
});
