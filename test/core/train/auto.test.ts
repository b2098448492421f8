// --preset auto: the size follows the data and the budget, explicit options win, the choice is
// explained. Step times come from a stand-in timer here (no training), and from a real one once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../helpers/backend';
import { DEFAULT_DATA_OPTIONS, type TextPair } from '../../../src/core/train/dataset';
import {
  MIN_EPOCHS,
  SIZE_LADDER,
  chooseAuto,
  chooseBatch,
  profileCorpus,
  withOverrides,
  type StepTimer,
} from '../../../src/core/train/auto';
import { stepTimer } from '../../../src/core/train/step-time';
import { makeRng } from '../../../src/core/util/random';

useBackend();

/** Spelling-like pairs: a random lowercase word and its reverse in capitals (4-12 characters). */
function syntheticPairs(n: number): TextPair[] {
  const rng = makeRng(n);
  return Array.from({ length: n }, () => {
    const word = Array.from({ length: 4 + Math.floor(rng() * 9) }, () =>
      String.fromCharCode(97 + Math.floor(rng() * 26)),
    ).join('');
    return { source: word, target: [...word].reverse().join('').toUpperCase() };
  });
}

/** A step time that grows with the width, like the real one. */
const fakeTimer =
  (msPerUnit: number): StepTimer =>
  (a, batch) =>
    (msPerUnit * a.hiddenSize * batch) / 1e6;

describe('auto configuration', () => {
  const small = profileCorpus(syntheticPairs(500), DEFAULT_DATA_OPTIONS);
  const large = profileCorpus(syntheticPairs(100_000), DEFAULT_DATA_OPTIONS);

  it('profiles the training split in tokens', () => {
    assert.ok(small.trainPairs > 350 && small.trainPairs < 450, String(small.trainPairs));
    assert.ok(small.source.mean > 4 && small.source.mean < 12 && small.source.p95 <= 12);
    assert.equal(small.targetVocab, 26 + 4, 'the capitals and the special tokens');
  });

  it('picks a smaller model, batch and more dropout for 500 pairs than for 100,000, and prints why', () => {
    const a = chooseAuto(small, 600, fakeTimer(1));
    const b = chooseAuto(large, 600, fakeTimer(1));
    assert.ok(
      a.architecture.hiddenSize < b.architecture.hiddenSize,
      `${a.architecture.hiddenSize} vs ${b.architecture.hiddenSize}`,
    );
    assert.ok(a.batchSize < b.batchSize && a.architecture.dropout > b.architecture.dropout);
    assert.equal(a.architecture.attention, 'additive');
    for (const c of [a, b]) {
      const text = c.lines.join('\n');
      assert.match(text, new RegExp(`hidden ${c.architecture.hiddenSize}, attention ${c.architecture.attentionSize}`));
      assert.match(text, new RegExp(`batch ${c.batchSize}, learning rate 0.002, dropout ${c.architecture.dropout}`));
      assert.match(text, /ms\/step measured, \d+ steps\/epoch, ~[\d.]+ epochs/);
    }
  });

  it('steps down the ladder while the budget buys too few epochs, and not below the smallest', () => {
    const roomy = chooseAuto(large, 3600, fakeTimer(1));
    const tight = chooseAuto(large, 60, fakeTimer(1));
    assert.ok(tight.architecture.hiddenSize < roomy.architecture.hiddenSize);
    assert.ok(roomy.expectedEpochs! >= MIN_EPOCHS);
    assert.match(tight.lines[1], /smaller so that the budget buys 5\+ epochs/);
    const hopeless = chooseAuto(large, 1, fakeTimer(1000));
    assert.equal(hopeless.architecture.hiddenSize, SIZE_LADDER[0].hiddenSize);
    // Without a budget nothing is measured: the data alone decides.
    const unmeasured = chooseAuto(large, 0, () => assert.fail('no budget, no measurement'));
    assert.equal(unmeasured.expectedEpochs, undefined);
    assert.equal(unmeasured.architecture.hiddenSize, roomy.architecture.hiddenSize);
  });

  it('keeps what the user gave explicitly, and says so', () => {
    const c = withOverrides(chooseAuto(small, 0, fakeTimer(1)), { hiddenSize: 200 }, { learningRate: 0.01 });
    assert.equal(c.architecture.hiddenSize, 200);
    assert.equal(c.architecture.attentionSize, 200, 'attention follows a given width');
    assert.equal(c.learningRate, 0.01);
    assert.match(c.lines.at(-1)!, /given explicitly, kept: hiddenSize, learningRate/);
  });

  it('never asks for a batch larger than a quarter of the pairs', () => {
    assert.equal(chooseBatch(40), 10);
    assert.equal(chooseBatch(1_000_000), 256);
  });

  it('measures a real step on the active backend', () => {
    const seconds = stepTimer(small)({ ...chooseAuto(small, 0, fakeTimer(1)).architecture }, 16);
    assert.ok(Number.isFinite(seconds) && seconds > 0 && seconds < 5, String(seconds));
  });
});
