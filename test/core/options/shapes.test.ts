// The option validators and the trainer/dataset share one shape per section (src/core/options);
// each rule table must cover exactly the options the defaults set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA_RULES, TRAINING_RULES } from '../../../src/core/options';
import { DEFAULT_DATA_OPTIONS } from '../../../src/core/train/dataset';
import { DEFAULT_TRAIN_OPTIONS } from '../../../src/core/train/trainer';

test('the validators have a rule for exactly the options the trainer and the dataset default', () => {
  assert.deepEqual(Object.keys(TRAINING_RULES).sort(), Object.keys(DEFAULT_TRAIN_OPTIONS).sort());
  assert.deepEqual(Object.keys(DATA_RULES).sort(), Object.keys(DEFAULT_DATA_OPTIONS).sort());
});
