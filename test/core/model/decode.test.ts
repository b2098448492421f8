// Greedy and beam search agree where they must, and beams return ranked, distinct alternatives.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../helpers/backend';
import { toyModel, toyPairs, trainToy, TOY_SPECIALS } from '../../helpers/toy-task';
import { tf } from '../../../src/core/backend/tf';
import { greedyDecode } from '../../../src/core/decode/greedy';
import { beamSearch } from '../../../src/core/decode/beam';

useBackend();

const sources = toyPairs(12, 6, 2, 8, 11).map((p) => p.source);
const limit = (i: number) => sources[i].length + 4;

describe('decoding', () => {
  for (const preset of ['bahdanau2014', 'cho2014', 'sutskever2014', 'vaswani2017']) {
    it(`${preset}: beam size 1 equals greedy, ids, scores and alignments`, () => {
      const model = toyModel(preset, 6, { dropout: 0 }, 5);
      trainToy(model, toyPairs(200, 6, 2, 8, 1), 15);
      const greedy = greedyDecode(model, sources, TOY_SPECIALS, limit);
      const beam = beamSearch(model, sources, TOY_SPECIALS, {
        beamSize: 1,
        nBest: 1,
        lengthPenalty: 1,
        maxLength: limit,
      });
      model.dispose();
      greedy.forEach((g, i) => {
        const b = beam[i][0];
        assert.deepEqual(b.ids, g.ids);
        assert.ok(Math.abs(b.logProb - g.logProb) < 1e-4);
        assert.equal(b.finished, g.finished);
        assert.deepEqual(b.attention, g.attention);
        assert.deepEqual(b.heads, g.heads);
      });
    });
  }

  it('beam search returns k distinct hypotheses, best first, with scores', () => {
    const model = toyModel('bahdanau2014', 6, {}, 9);
    trainToy(model, toyPairs(400, 6, 2, 6, 2), 40);
    const nBest = beamSearch(model, sources.slice(0, 4), TOY_SPECIALS, {
      beamSize: 4,
      nBest: 4,
      lengthPenalty: 1,
      maxLength: limit,
    });
    model.dispose();
    for (const list of nBest) {
      assert.equal(list.length, 4);
      assert.equal(new Set(list.map((h) => h.ids.join())).size, 4, 'alternatives must differ');
      for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].score >= list[i].score);
      list.forEach((h) => assert.ok(Number.isFinite(h.score) && h.score <= 0));
    }
  });

  it('a wider beam never finds a worse best hypothesis than greedy (by model score)', () => {
    const model = toyModel('sutskever2014', 6, {}, 4);
    trainToy(model, toyPairs(400, 6, 2, 6, 3), 30);
    const greedy = greedyDecode(model, sources, TOY_SPECIALS, limit, 0);
    const beam = beamSearch(model, sources, TOY_SPECIALS, {
      beamSize: 5,
      nBest: 1,
      lengthPenalty: 0,
      maxLength: limit,
    });
    model.dispose();
    greedy.forEach((g, i) => {
      if (g.finished) assert.ok(beam[i][0].logProb >= g.logProb - 1e-4);
    });
  });

  for (const preset of ['bahdanau2014', 'vaswani2017']) {
    it(`${preset}: tensor count stays flat across repeated greedy and beam decodes, and after dispose`, () => {
      const start = tf.memory().numTensors;
      const model = toyModel(preset, 6);
      const run = () => {
        greedyDecode(model, sources, TOY_SPECIALS, limit);
        beamSearch(model, sources, TOY_SPECIALS, { beamSize: 3, nBest: 2, lengthPenalty: 1, maxLength: limit });
      };
      run();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) run();
      assert.equal(tf.memory().numTensors, before);
      model.dispose();
      assert.equal(tf.memory().numTensors, start);
    });
  }

  for (const preset of ['sutskever2014', 'vaswani2017']) {
    it(`${preset}: tensor count stays flat across training steps`, () => {
      const model = toyModel(preset, 6);
      const pairs = toyPairs(200, 6, 2, 8, 1);
      trainToy(model, pairs, 2);
      const counts = [1, 2, 3].map(() => {
        trainToy(model, pairs, 3);
        return tf.memory().numTensors;
      });
      model.dispose();
      assert.deepEqual(counts, [counts[0], counts[0], counts[0]]);
    });
  }
});
