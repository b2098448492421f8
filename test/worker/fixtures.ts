// A tiny date corpus and architecture: a training run of the worker takes a few seconds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateDatePairs } from '../../src/core/data/dates';
import type { Params } from '../../src/worker/protocol';

export const PAIRS = generateDatePairs(300, 7);

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'seq2seq-worker-'));
}

export function tinyTraining(outDir: string, options: Params<'train'>['options'] = {}): Params<'train'> {
  return {
    pairs: PAIRS,
    preset: 'bahdanau2014',
    outDir,
    name: path.basename(outDir),
    architecture: { embeddingSize: 16, hiddenSize: 32, attentionSize: 32 },
    options: { epochs: 2, batchSize: 32, maxValidExamples: 30, ...options },
  };
}
