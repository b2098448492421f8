// Train/valid/test split decided by a hash of each item's key rather than by shuffling: the same
// key always lands on the same side, so duplicated pairs cannot leak from train into test, and
// adding data to a corpus does not reshuffle the items that were already there.
import { createHash } from 'node:crypto';

export interface Split<T> {
  train: T[];
  valid: T[];
  test: T[];
}

export interface SplitOptions {
  validFraction?: number;
  testFraction?: number;
}

export function splitByHash<T>(items: T[], key: (t: T) => string, options: SplitOptions = {}): Split<T> {
  const validFraction = options.validFraction ?? 0.1;
  const testFraction = options.testFraction ?? 0.1;
  checkFractions(validFraction, testFraction);
  const split: Split<T> = { train: [], valid: [], test: [] };
  for (const item of items) {
    const u = unitHash(key(item));
    if (u < testFraction) split.test.push(item);
    else if (u < testFraction + validFraction) split.valid.push(item);
    else split.train.push(item);
  }
  return split;
}

/** First 4 bytes of SHA-256 as a big-endian fraction in [0, 1). */
export function unitHash(key: string): number {
  return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
}

function checkFractions(valid: number, test: number): void {
  const ok = (f: number) => Number.isFinite(f) && f >= 0 && f <= 1;
  if (!ok(valid) || !ok(test) || valid + test > 1) {
    throw new Error(`Split fractions must be in [0, 1] and sum to at most 1 (valid ${valid}, test ${test})`);
  }
}
