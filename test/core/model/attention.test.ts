// Attention weights are distributions over the real source tokens.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../helpers/backend';
import { toyModel, toyPairs, TOY_SPECIALS } from '../../helpers/toy-task';
import { tf } from '../../../src/core/backend/tf';
import { makeSourceBatch } from '../../../src/core/model/batch';
import { greedyDecode } from '../../../src/core/decode/greedy';

useBackend();

describe('attention weights', () => {
  for (const attention of ['additive', 'general', 'dot'] as const) {
    it(`${attention}: every row sums to 1 and padding gets zero weight`, () => {
      const model = toyModel(
        'bahdanau2014',
        6,
        attention === 'dot' ? { attention, bidirectional: false } : { attention },
        7,
      );
      const sources = [
        [4, 5, 6, 7, 8, 9, 4, 5],
        [4, 5],
        [6, 7, 8],
      ];
      tf.tidy(() => {
        const { memory, state } = model.startDecoding(makeSourceBatch(sources, false, TOY_SPECIALS.pad));
        let s = state;
        for (let t = 0; t < 3; t++) {
          const out = model.decodeStep(tf.tensor1d([1, 1, 1], 'int32'), s, memory);
          const rows = out.weights!.arraySync();
          rows.forEach((row, b) => {
            const sum = row.reduce((a, w) => a + w, 0);
            assert.ok(Math.abs(sum - 1) < 1e-5, `row sum ${sum}`);
            row.slice(sources[b].length).forEach((w) => assert.ok(w < 1e-7, `padding weight ${w}`));
            row.slice(0, sources[b].length).forEach((w) => assert.ok(w > 0));
          });
          s = out.state;
        }
      });
      model.dispose();
    });
  }

  it('decoded alignments have one row per output token over the real source tokens, rows summing to 1', () => {
    const model = toyModel('bahdanau2014', 6, {}, 3);
    const sources = toyPairs(5, 6, 2, 9, 5).map((p) => p.source);
    const hyps = greedyDecode(model, sources, TOY_SPECIALS, () => 6);
    model.dispose();
    hyps.forEach((h, i) => {
      assert.equal(h.attention!.length, h.ids.length);
      for (const row of h.attention!) {
        assert.equal(row.length, sources[i].length);
        assert.ok(Math.abs(row.reduce((a, w) => a + w, 0) - 1) < 1e-5);
      }
    });
  });

  it('models without attention report no alignment', () => {
    const model = toyModel('cho2014', 6);
    const [h] = greedyDecode(model, [[4, 5, 6]], TOY_SPECIALS, () => 4);
    model.dispose();
    assert.equal(h.attention, null);
  });
});
