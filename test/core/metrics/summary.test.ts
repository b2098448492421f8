// Summaries lead with the metrics that mean something for the targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportMetrics, summarizeMetrics, targetKind } from '../../../src/core/metrics/summary';

const m = { loss: 0.01234, exact: 1, tokenAccuracy: 1, cer: 0, bleu: 0, chrf: 12.5 };

test('one-token targets are labels, char or few-type targets symbols, the rest text', () => {
  assert.equal(targetKind('word', [1, 1, 1], 5000), 'labels');
  assert.equal(targetKind('char', [10, 12], 40), 'symbols');
  assert.equal(targetKind('word', [7, 5], 43), 'symbols', 'phonemes: a small word vocabulary');
  assert.equal(targetKind('bpe', [7, 5], 4000), 'text');
});

test('labels show no BLEU next to 100% exact; symbols lead with exact and CER; text with BLEU and chrF', () => {
  assert.equal(summarizeMetrics('labels', m), 'exact 100.0%, loss 0.0123');
  assert.equal(summarizeMetrics('symbols', m), 'exact 100.0%, CER 0.0%, token acc 100.0%, loss 0.0123');
  assert.equal(summarizeMetrics('text', { ...m, bleu: 31.42 }), 'BLEU 31.4, chrF 12.5, exact 100.0%, loss 0.0123');
});

test('a full report lists the task metrics first, the others after, and nothing beyond accuracy for labels', () => {
  assert.deepEqual(reportMetrics('labels'), ['exact', 'loss']);
  assert.deepEqual(reportMetrics('symbols'), ['exact', 'cer', 'tokenAccuracy', 'bleu', 'chrf', 'loss']);
  assert.deepEqual(reportMetrics('text'), ['bleu', 'chrf', 'exact', 'cer', 'tokenAccuracy', 'loss']);
});
