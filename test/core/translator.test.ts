// Text in, text out: batching, n-best lists, scoring, and source spans for the editor.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../helpers/backend';
import { tinyTranslator } from '../helpers/tiny-translator';

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
