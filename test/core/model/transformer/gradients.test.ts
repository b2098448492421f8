// The Transformer's loss gradients (attention, layer norms, tied output, label smoothing, padding)
// against central finite differences of the loss itself.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../../helpers/backend';
import { TOY_SPECIALS } from '../../../helpers/toy-task';
import { tf } from '../../../../src/core/backend/tf';
import { presetConfig } from '../../../../src/core/model/config';
import { createModel } from '../../../../src/core/model/create';
import { disposeTrainingBatch, makeTrainingBatch } from '../../../../src/core/model/batch';
import { Dropout } from '../../../../src/core/model/dropout';
import { TINY_BATCH } from '../../../../src/core/model/kernel-check';
import { makeRng, randomInt } from '../../../../src/core/util/random';

useBackend();

const STEP = 1e-3;

describe('transformer gradients', () => {
  for (const tieOutput of [true, false]) {
    it(`equal central finite differences (tied output: ${tieOutput}, label smoothing 0.1)`, () => {
      const sizes = { modelSize: 8, heads: 2, feedForwardSize: 12, encoderLayers: 1, decoderLayers: 2, dropout: 0 };
      const vocab = { sourceVocabSize: 9, targetVocabSize: 9 };
      const model = createModel({ ...presetConfig('vaswani2017'), ...sizes, tieOutput, ...vocab }, 5);
      const batch = makeTrainingBatch(TINY_BATCH.pairs, false, TOY_SPECIALS);
      const loss = () => model.loss(batch, Dropout.off, 0.1);
      const { grads } = tf.variableGrads(loss, model.params.list());
      const rng = makeRng(2);
      let checked = 0;
      let sampled = 0;
      for (const [name, v] of model.params.entries()) {
        const g = grads[v.name].dataSync();
        const base = v.dataSync().slice();
        const at = (i: number, delta: number) => {
          const values = base.slice();
          values[i] += delta;
          v.assign(tf.tensor(values, v.shape));
          return tf.tidy(() => loss().dataSync()[0]);
        };
        const central = (i: number, h: number) => (at(i, h) - at(i, -h)) / (2 * h);
        for (let n = 0; n < 2; n++, sampled++) {
          const i = randomInt(rng, v.size);
          const fd = central(i, STEP);
          // A ReLU that switches within the step makes the loss non-smooth there: the two estimates differ.
          if (Math.abs(fd - central(i, STEP / 2)) > 1e-3) continue;
          assert.ok(Math.abs(fd - g[i]) <= 2e-3 + 2e-2 * Math.abs(g[i]), `${name}[${i}]: ${g[i]} vs ${fd}`);
          checked++;
        }
        v.assign(tf.tensor(base, v.shape));
      }
      tf.dispose(Object.values(grads));
      disposeTrainingBatch(batch);
      model.dispose();
      assert.ok(checked >= 0.9 * sampled, `only ${checked} of ${sampled} coordinates where the loss is smooth`);
    });
  }
});
