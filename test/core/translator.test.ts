// Text in, text out: batching, n-best lists, scoring, and source spans for the editor.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../helpers/backend';
import { tinyTranslator } from '../helpers/tiny-translator';
import { tf } from '../../src/core/backend/tf';
import { InputTooLongError, Translator } from '../../src/core/translator';

useBackend();

describe('translator', () => {
  it('scoring a pair gives the log-probability the decoder assigned to that output', () => {
    const t = tinyTranslator('bahdanau2014', 4);
    const [r] = t.translate(['3 May 2021'], { maxLength: 40 });
    const best = r.translations[0];
    const [scored] = t.score([{ source: '3 May 2021', target: best.text }]);
    const [other] = t.score([{ source: '3 May 2021', target: best.text + '9' }]);
    t.dispose();
    assert.ok(best.finished, 'the output finished with </s>');
    assert.ok(Math.abs(scored - best.logProb) < 1e-3, `${scored} vs ${best.logProb}`);
    assert.ok(other < scored, 'a longer, different output is less likely than the greedy one');
  });

  it('translates more inputs than one decoder batch holds, in order, the same as one by one', () => {
    const t = tinyTranslator('sutskever2014', 2);
    const inputs = Array.from({ length: 70 }, (_, i) => `${(i % 28) + 1} May ${1950 + i}`);
    const all = t.translate(inputs, { maxLength: 12 }).map((r) => r.translations[0].text);
    const single = [inputs[0], inputs[65]].map((s) => t.translate([s], { maxLength: 12 })[0].translations[0].text);
    t.dispose();
    assert.equal(all.length, 70);
    assert.deepEqual([all[0], all[65]], single);
  });

  it('returns source token spans that point into the source text', () => {
    const t = tinyTranslator();
    const [r] = t.translate(['Mon 3 May 2021']);
    t.dispose();
    assert.equal(r.sourceTokens.map((s) => r.source.slice(s.start, s.end)).join(''), 'Mon 3 May 2021');
    assert.equal(r.translations[0].attention![0].length, r.sourceTokens.length);
  });

  it('n-best lists hold distinct alternatives with falling scores', () => {
    const t = tinyTranslator('bahdanau2014', 6);
    const [r] = t.translate(['12/25/99'], { beamSize: 4, nBest: 3, maxLength: 12 });
    t.dispose();
    assert.equal(r.translations.length, 3);
    assert.equal(new Set(r.translations.map((x) => x.text)).size, 3);
    assert.ok(r.translations[0].score >= r.translations[1].score && r.translations[1].score >= r.translations[2].score);
  });
});

describe('translator bounds and output (issue 11)', () => {
  it('never prints special tokens, even from a model that prefers <pad>', () => {
    const t = tinyTranslator('bahdanau2014', 1);
    const bias = t.parts.model.params.entries().find(([name]) => name === 'out/b')![1];
    // Make <pad> (id 0) by far the likeliest output, as in a broken or untrained model.
    bias.assign(
      tf.tidy(() =>
        tf.add(bias, tf.mul(tf.reshape(tf.oneHot(tf.tensor1d([0], 'int32'), bias.shape[0]), bias.shape), 100)),
      ),
    );
    const [r] = t.translate(['3 May 2021'], { beamSize: 1, maxLength: 6 });
    const [beam] = t.translate(['3 May 2021'], { beamSize: 3, nBest: 2, maxLength: 6 });
    t.dispose();
    assert.equal(r.translations[0].text, '', 'greedy decoding picked only <pad>: nothing to print');
    for (const tr of [...r.translations, ...beam.translations]) {
      assert.ok(!tr.tokens.some((x) => /^<(pad|s|\/s|unk)>$/.test(x)), tr.tokens.join(' '));
      assert.doesNotMatch(tr.text, /<pad>|<\/?s>|<unk>/);
      assert.equal(tr.attention!.length, tr.tokens.length, 'attention rows follow the kept tokens');
    }
  });

  it('an empty or blank input stays empty and is not decoded; its neighbours are unaffected', () => {
    const t = tinyTranslator('bahdanau2014', 2);
    const alone = t.translate(['12/25/99'], { maxLength: 12 })[0].translations[0].text;
    const results = t.translate(['', '12/25/99', '   '], { maxLength: 12 });
    t.dispose();
    assert.deepEqual(
      results.map((r) => r.translations.map((x) => x.text)),
      [[''], [alone], ['']],
    );
  });

  it('refuses a source longer than the trained maximum before decoding anything', () => {
    const t = new Translator(tinyTranslator('cho2014', 1).parts, { maxSourceTokens: 20 });
    assert.throws(
      () => t.translate(['3 May 2021', 'x'.repeat(21)]),
      (e: unknown) =>
        e instanceof InputTooLongError &&
        e.index === 1 &&
        /Input 2 has 21 tokens; this model was trained on at most 20/.test(e.message),
    );
    assert.equal(t.translate(['x'.repeat(20)], { maxLength: 3 }).length, 1);
    t.dispose();
  });
});
