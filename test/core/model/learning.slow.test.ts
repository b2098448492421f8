// Each seed architecture learns a toy task; attention-based ones align sensibly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../helpers/backend';
import { mean, toyExactMatch, toyModel, toyPairs, trainToy } from '../../helpers/toy-task';
import { greedyDecode } from '../../../src/core/decode/greedy';
import { TOY_SPECIALS } from '../../helpers/toy-task';

useBackend();

const SYMBOLS = 8;
const train = toyPairs(2000, SYMBOLS, 3, 6, 1);
const heldOut = toyPairs(100, SYMBOLS, 3, 6, 2);

describe('each preset learns to reverse short sequences', () => {
  const cases: [string, number, number, number][] = [
    // preset, training steps, held-out exact-match threshold, learning rate
    ['bahdanau2014', 250, 0.9, 0.01],
    ['cho2014', 400, 0.5, 0.01],
    ['sutskever2014', 400, 0.5, 0.01],
    // No warm-up here: at toy size a constant 5e-3 is stable (1e-2 learns less in these steps).
    ['vaswani2017', 250, 0.85, 0.005],
  ];
  for (const [preset, steps, threshold, learningRate] of cases) {
    it(`${preset}: loss falls and held-out exact match >= ${threshold}`, () => {
      const model = toyModel(preset, SYMBOLS);
      const before = toyExactMatch(model, heldOut);
      const losses = trainToy(model, train, steps, 32, learningRate);
      const after = toyExactMatch(model, heldOut);
      model.dispose();
      assert.ok(
        mean(losses.slice(-20)) < 0.5 * mean(losses.slice(0, 20)),
        `loss ${mean(losses.slice(0, 20))} -> ${mean(losses.slice(-20))}`,
      );
      assert.ok(after >= threshold, `exact match ${after} < ${threshold} (before training: ${before})`);
      assert.ok(after > before);
    });
  }
});

describe('attention alignments', () => {
  it('a reversed-source attention model that learned to copy aligns output t with source t, in source order', () => {
    const copy = toyPairs(2000, SYMBOLS, 4, 7, 3, false);
    const model = toyModel('bahdanau2014', SYMBOLS, { reverseSource: true });
    trainToy(model, copy, 250);
    const probe = toyPairs(20, SYMBOLS, 5, 7, 4, false);
    const hyps = greedyDecode(
      model,
      probe.map((p) => p.source),
      TOY_SPECIALS,
      (i) => probe[i].source.length + 3,
    );
    model.dispose();
    let diagonal = 0;
    let total = 0;
    hyps.forEach((h, i) => {
      assert.equal(h.ids.join(), probe[i].target.join());
      assert.equal(h.attention!.length, h.ids.length);
      h.attention!.forEach((row, t) => {
        assert.equal(row.length, probe[i].source.length);
        diagonal += row.indexOf(Math.max(...row)) === t ? 1 : 0;
        total++;
      });
    });
    // Reading backwards, a wrong mapping would put the peaks on the anti-diagonal.
    assert.ok(diagonal / total >= 0.8, `only ${diagonal}/${total} attention peaks on the diagonal`);
  });
});
