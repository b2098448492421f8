// The data options reach the tokenizers the codec learns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DATA_OPTIONS, learnCodec, tokens } from '../../../src/core/train/dataset';

const PAIRS = [
  { source: 'The Cat sat', target: 'Le Chat' },
  { source: 'the cat ran', target: 'le chat' },
];

for (const kind of ['word', 'bpe'] as const) {
  test(`lowercase: a ${kind} codec gives "The" and "the" one token, on both sides, and keeps the setting`, () => {
    const options = { ...DEFAULT_DATA_OPTIONS, sourceTokenizer: kind, targetTokenizer: kind, bpeMerges: 10 };
    const cased = learnCodec(PAIRS, options);
    const lower = learnCodec(PAIRS, { ...options, lowercase: true });
    assert.notDeepEqual(tokens(cased.sourceTokenizer, 'The Cat'), tokens(cased.sourceTokenizer, 'the cat'));
    assert.deepEqual(tokens(lower.sourceTokenizer, 'The Cat'), tokens(lower.sourceTokenizer, 'the cat'));
    assert.deepEqual(tokens(lower.targetTokenizer, 'Le Chat'), tokens(lower.targetTokenizer, 'le chat'));
    assert.ok(lower.sourceVocab.size < cased.sourceVocab.size);
    // The manifest keeps it, so a loaded model lowercases its input the same way.
    assert.equal((lower.sourceTokenizer.toJSON() as { lowercase?: boolean }).lowercase, true);
  });
}
