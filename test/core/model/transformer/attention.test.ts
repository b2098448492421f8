// The Transformer's cross-attention as alignments: every layer's and head's rows are distributions over
// the real source tokens, and the alignment is the last layer's average over heads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../../helpers/backend';
import { toyModel, toyPairs, trainToy, TOY_SPECIALS } from '../../../helpers/toy-task';
import { tf } from '../../../../src/core/backend/tf';
import { makeSourceBatch } from '../../../../src/core/model/batch';
import { greedyDecode } from '../../../../src/core/decode/greedy';

useBackend();

const LAYERS = 2;
const HEADS = 4;
const sources = [
  [4, 5, 6, 7, 8, 9, 4, 5],
  [4, 5],
  [6, 7, 8],
];

const near = (a: number, b: number, tolerance = 1e-5) => Math.abs(a - b) < tolerance;

describe('transformer cross-attention', () => {
  it('every layer and head: rows sum to 1, padding gets zero weight; the alignment is the last layer mean', () => {
    const model = toyModel('vaswani2017', 6, { decoderLayers: LAYERS, heads: HEADS }, 7);
    tf.tidy(() => {
      const { memory, state } = model.startDecoding(makeSourceBatch(sources, false, TOY_SPECIALS.pad));
      let s = state;
      for (let t = 0; t < 3; t++) {
        const out = model.decodeStep(tf.tensor1d([1, 5, 6], 'int32'), s, memory);
        const heads = out.heads!.arraySync(); // [N, L, H, S]
        const alignment = out.weights!.arraySync();
        assert.deepEqual(out.heads!.shape, [3, LAYERS, HEADS, 8]);
        heads.forEach((layers, b) => {
          layers.forEach((perHead) =>
            perHead.forEach((row) => {
              const sum = row.reduce((a, w) => a + w, 0);
              assert.ok(near(sum, 1), `row sum ${sum}`);
              row.slice(sources[b].length).forEach((w) => assert.ok(w < 1e-7, `padding weight ${w}`));
            }),
          );
          alignment[b].forEach((w, j) => {
            const mean = layers[LAYERS - 1].reduce((a, row) => a + row[j], 0) / HEADS;
            assert.ok(near(w, mean), `alignment ${w} vs mean of the last layer's heads ${mean}`);
          });
        });
        s = out.state;
      }
    });
    model.dispose();
  });

  it('decoding returns [layer][head][output][source] per hypothesis, trimmed to the source', () => {
    const model = toyModel('vaswani2017', 6, { decoderLayers: LAYERS, heads: HEADS }, 3);
    trainToy(model, toyPairs(200, 6, 2, 8, 1), 10, 32, { learningRate: 0.005 });
    const hyps = greedyDecode(model, sources, TOY_SPECIALS, (i) => sources[i].length + 2);
    model.dispose();
    hyps.forEach((h, i) => {
      assert.equal(h.heads!.length, LAYERS);
      h.heads!.forEach((layer) => {
        assert.equal(layer.length, HEADS);
        layer.forEach((rows) => {
          assert.equal(rows.length, h.ids.length);
          rows.forEach((row) => {
            assert.equal(row.length, sources[i].length);
            assert.ok(
              near(
                row.reduce((a, w) => a + w, 0),
                1,
              ),
            );
          });
        });
      });
      h.attention!.forEach((row, t) =>
        row.forEach((w, j) => assert.ok(near(w, h.heads![LAYERS - 1].reduce((a, head) => a + head[t][j], 0) / HEADS))),
      );
    });
  });
});
