// Each seed architecture learns a toy task; attention-based ones align sensibly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../helpers/backend';
import { mean, toyExactMatch, toyModel, toyPairs, trainToy, type ToyRecipe } from '../../helpers/toy-task';
import { greedyDecode } from '../../../src/core/decode/greedy';
import { TOY_SPECIALS } from '../../helpers/toy-task';

useBackend();

const SYMBOLS = 8;
const train = toyPairs(2000, SYMBOLS, 3, 6, 1);
const heldOut = toyPairs(100, SYMBOLS, 3, 6, 2);

describe('each preset learns to reverse short sequences', () => {
  const cases: [string, number, number, ToyRecipe][] = [
    // preset, training steps, held-out exact-match threshold, optimizer recipe
    ['bahdanau2014', 250, 0.9, {}],
    ['cho2014', 400, 0.5, {}],
    ['sutskever2014', 400, 0.5, {}],
    // The preset's own recipe shape (warm-up, beta2 0.98). A constant 5e-3 for 250 steps, as before,
    // ended anywhere in 0.49..0.90 over six seeds (spikes of the post-norm model); this one ended in
    // 0.83..1.00 over six seeds on each of the reference and fused kernels.
    ['vaswani2017', 300, 0.75, { learningRate: 0.004, adamBeta2: 0.98, warmupSteps: 30 }],
  ];
  for (const [preset, steps, threshold, recipe] of cases) {
    it(`${preset}: loss falls and held-out exact match >= ${threshold}`, () => {
      const model = toyModel(preset, SYMBOLS);
      const before = toyExactMatch(model, heldOut);
      const losses = trainToy(model, train, steps, 32, recipe);
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
