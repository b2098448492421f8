// Incremental decoding (each layer's keys and values cached) computes what the teacher-forced pass
// over the whole prefix computes, position by position, padding included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../../helpers/backend';
import { toyModel, toyPairs, trainToy, TOY_SPECIALS } from '../../../helpers/toy-task';
import { tf } from '../../../../src/core/backend/tf';
import { disposeTrainingBatch, makeTrainingBatch } from '../../../../src/core/model/batch';
import { Dropout } from '../../../../src/core/model/dropout';
import type { TransformerModel } from '../../../../src/core/model/transformer/model';
import type { SelfCache } from '../../../../src/core/model/transformer/decoder';

useBackend();

describe('transformer decoder', () => {
  it('cached incremental decoding equals re-decoding the whole prefix at every position', () => {
    const model = toyModel('vaswani2017', 6, {}, 4) as TransformerModel;
    trainToy(model, toyPairs(300, 6, 2, 8, 1), 20, 32, { learningRate: 0.005 }); // attention away from uniform
    // Sources and targets of different lengths: both sides padded.
    const pairs = toyPairs(5, 6, 2, 8, 7).map((p, i) => ({ source: p.source, target: p.target.slice(0, 2 + i) }));
    const batch = makeTrainingBatch(pairs, false, TOY_SPECIALS);
    const [T, B] = batch.targetIn.shape;
    const full = tf.tidy(() => tf.logSoftmax(model.logits(batch, Dropout.off))).arraySync() as number[][]; // [B T, V]
    const inputs = batch.targetIn.arraySync() as number[][]; // [T, B]
    let worst = 0;
    tf.tidy(() => {
      const { memory, state } = model.startDecoding(batch.src);
      let cache: SelfCache = state;
      for (let t = 0; t < T; t++) {
        const out = model.decodeStep(tf.tensor1d(inputs[t], 'int32'), cache, memory);
        const rows = out.logProbs.arraySync();
        rows.forEach((row, b) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - full[b * T + t][j])))));
        cache = out.state;
        assert.equal(cache.layers[0].shape[1], t + 1, 'one cached position per step');
      }
    });
    disposeTrainingBatch(batch);
    model.dispose();
    assert.ok(worst < 1e-4, `log-probabilities differ by ${worst} (${B} rows, ${T} positions)`);
  });
});
