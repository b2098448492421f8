// Our BLEU and chrF against values computed by sacrebleu itself (scripts/sacrebleu-expected.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { corpusBleu, corpusChrf } from '../../../src/core/metrics';

interface Case {
  name: string;
  hyps: string[];
  refs: string[];
  bleu: { score: number; precisions: number[]; bp: number; sys_len: number; ref_len: number };
  chrf: { score: number };
}

const fixture = path.join(__dirname, '../../fixtures/sacrebleu/expected.json');
const { cases } = JSON.parse(readFileSync(fixture, 'utf8')) as { cases: Case[] };

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ours ${actual}, sacrebleu ${expected}`);

test('the fixture covers the agreed kinds of input', () => {
  assert.ok(cases.length >= 6);
  assert.ok(cases.some((c) => c.hyps.includes('')));
  assert.ok(cases.some((c) => c.bleu.bp < 1));
  assert.ok(cases.some((c) => c.bleu.score === 0));
});

for (const c of cases) {
  test(`BLEU matches sacrebleu: ${c.name}`, () => {
    const ours = corpusBleu(c.hyps, c.refs);
    close(ours.score, c.bleu.score, 'score');
    close(ours.bp, c.bleu.bp, 'bp');
    assert.equal(ours.sysLen, c.bleu.sys_len);
    assert.equal(ours.refLen, c.bleu.ref_len);
    assert.equal(ours.precisions.length, c.bleu.precisions.length);
    ours.precisions.forEach((p, i) => close(p, c.bleu.precisions[i], `precision ${i + 1}`));
  });

  test(`chrF matches sacrebleu: ${c.name}`, () => {
    close(corpusChrf(c.hyps, c.refs).score, c.chrf.score, 'chrF');
  });
}
