// Seeded fuzzing of the corpus readers (issue 11): thousands of random and mutated inputs through
// every format and both entry points (in memory and streamed from disk). Nothing may escape but a
// CorpusError, nothing may hang, and what comes out must be well-formed pairs and problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CorpusError,
  assessCorpus,
  parseCorpusBytes,
  parsePairedBytes,
  readCorpus,
  type Corpus,
} from '../../../src/core/data/corpus';
import { makeRng, randomInt, type Rng } from '../../../src/core/util/random';

const SEED = 20261201;
const INPUTS = 3000;
const STREAMED = 200;
const FIXTURES = path.join(__dirname, '../../fixtures/corpora');
const SEEDS = ['good.tsv', 'good.csv', 'good.jsonl', 'bad.tsv', 'bad.csv', 'bad.jsonl', 'pair.src'].map((f) =>
  readFileSync(path.join(FIXTURES, f)),
);
// Bytes that matter to some parser: separators, quotes, JSON syntax, line breaks, NUL, UTF-8 lead/continuation
// bytes, a BOM.
const SPECIAL = [
  0x0a, 0x0d, 0x09, 0x2c, 0x22, 0x7b, 0x7d, 0x3a, 0x5c, 0x00, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0xff, 0xef, 0xbb,
  0xbf, 0x20,
];

function randomBytes(rng: Rng): Buffer {
  const bytes = Buffer.alloc(randomInt(rng, 600));
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = rng() < 0.5 ? SPECIAL[randomInt(rng, SPECIAL.length)] : 0x20 + randomInt(rng, 95);
  return bytes;
}

function mutate(rng: Rng, seed: Buffer): Buffer {
  let bytes = Buffer.from(seed);
  for (let n = 1 + randomInt(rng, 8); n > 0; n--) {
    const at = randomInt(rng, bytes.length + 1);
    switch (randomInt(rng, 5)) {
      case 0:
        if (at < bytes.length) bytes[at] = SPECIAL[randomInt(rng, SPECIAL.length)];
        break;
      case 1:
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from([SPECIAL[randomInt(rng, SPECIAL.length)]]),
          bytes.subarray(at),
        ]);
        break;
      case 2:
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + randomInt(rng, 20))]);
        break;
      case 3:
        bytes = bytes.subarray(0, at);
        break;
      default:
        bytes = Buffer.concat([bytes, bytes.subarray(at, at + randomInt(rng, 200))]);
    }
  }
  return bytes;
}

function input(rng: Rng): Buffer {
  return rng() < 0.3 ? randomBytes(rng) : mutate(rng, SEEDS[randomInt(rng, SEEDS.length)]);
}

/** Pairs are trimmed and non-empty, problems have a reason, every line number is inside the file. */
function assertWellFormed(corpus: Corpus, lines: number, label: string): void {
  for (const p of corpus.pairs) {
    assert.ok(
      p.source !== '' && p.source === p.source.trim() && p.target !== '' && p.target === p.target.trim(),
      `${label}: ${JSON.stringify(p)}`,
    );
    // The inputs never hold an encoded U+FFFD, so one in a pair would come from undecodable bytes.
    assert.ok(!p.source.includes('\uFFFD') && !p.target.includes('\uFFFD'), `${label}: U+FFFD in ${JSON.stringify(p)}`);
    assert.ok(p.line >= 1 && p.line <= lines, `${label}: pair line ${p.line} of ${lines}`);
  }
  for (const p of corpus.problems)
    assert.ok(p.reason && p.line >= 1 && p.line <= lines, `${label}: ${JSON.stringify(p)}`);
}

/** Only CorpusError may escape a reader. */
function expectOnlyCorpusErrors<T>(label: string, run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    assert.ok(e instanceof CorpusError, `${label}: ${(e as Error)?.stack ?? e}`);
    return undefined;
  }
}

const physicalLines = (bytes: Buffer) => bytes.toString('latin1').split(/\r\n|\r|\n/).length;

test('random and mutated inputs: in-memory readers never throw anything but CorpusError', { timeout: 30_000 }, () => {
  const rng = makeRng(SEED);
  for (let i = 0; i < INPUTS; i++) {
    const bytes = input(rng);
    for (const format of ['tsv', 'csv', 'jsonl'] as const) {
      const label = `input ${i} as ${format}`;
      const corpus = expectOnlyCorpusErrors(label, () => parseCorpusBytes(bytes, `fuzz.${format}`));
      assert.ok(corpus, `${label}: parsing a single file never refuses`);
      assertWellFormed(corpus, physicalLines(bytes), label);
      expectOnlyCorpusErrors(label, () => assessCorpus(corpus));
    }
    const other = input(rng);
    const paired = expectOnlyCorpusErrors(`input ${i} paired`, () =>
      parsePairedBytes(bytes, other, 'fuzz.src', 'fuzz.tgt'),
    );
    if (paired) assertWellFormed(paired, physicalLines(bytes), `input ${i} paired`);
  }
});

test('streamed from disk, the readers agree with the in-memory ones on fuzzed files', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 's2s-fuzz-'));
  try {
    const rng = makeRng(SEED + 1);
    for (let i = 0; i < STREAMED; i++) {
      const bytes = input(rng);
      const format = (['tsv', 'csv', 'jsonl'] as const)[i % 3];
      const file = path.join(dir, `f${i}.${format}`);
      writeFileSync(file, bytes);
      const streamed = await readCorpus(file, { force: true });
      assert.deepEqual(streamed, parseCorpusBytes(bytes, file), `file ${i}`);
      // Without force, only a CorpusError may come out.
      await readCorpus(file).catch((e: unknown) => assert.ok(e instanceof CorpusError, String(e)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
