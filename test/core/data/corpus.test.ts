import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import {
  detectFormat,
  findTargetFile,
  formatProblem,
  parseCorpusBytes,
  parseCorpusText,
  parsePairedTexts,
  readCorpus,
  type Corpus,
} from '../../../src/core/data/corpus';

const FIXTURES = path.join(__dirname, '../../fixtures/corpora');
const fixture = (name: string) => path.join(FIXTURES, name);
const read = (name: string) => readFileSync(fixture(name), 'utf8');

const pairsOf = (corpus: Corpus) => corpus.pairs.map((p) => [p.line, p.source, p.target]);
const problemsOf = (corpus: Corpus) => corpus.problems.map(formatProblem);

/** All entry points must agree, so each fixture is checked through each (force: the bad ones are mostly bad). */
async function load(name: string): Promise<Corpus> {
  const streamed = await readCorpus(fixture(name), { force: true });
  assert.deepEqual(parseCorpusText(read(name), fixture(name)), streamed);
  assert.deepEqual(parseCorpusBytes(readFileSync(fixture(name)), fixture(name)), streamed);
  return streamed;
}

test('detectFormat goes by extension', () => {
  const cases: [string, string][] = [
    ['a.tsv', 'tsv'],
    ['b.TAB', 'tsv'],
    ['dir.x/c.csv', 'csv'],
    ['d.jsonl', 'jsonl'],
    ['e.ndjson', 'jsonl'],
    ['train.en', 'paired'],
    ['noext', 'paired'],
  ];
  for (const [file, format] of cases) assert.equal(detectFormat(file), format, file);
});

test('tsv: BOM, CRLF, header and blank lines are handled silently', async () => {
  const bytes = readFileSync(fixture('good.tsv'));
  // Guard against a checkout that normalised the fixture, which would make this test vacuous.
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(bytes.includes('\r\n'));
  const corpus = await load('good.tsv');
  assert.deepEqual(pairsOf(corpus), [
    [2, '3 May 2021', '2021-05-03'],
    [4, 'May 4, 2021', '2021-05-04'],
    [6, 'padded', '1999-12-31'],
  ]);
  assert.deepEqual(corpus.problems, []);
  assert.equal(corpus.format, 'tsv');
  assert.deepEqual(corpus.files, [fixture('good.tsv')]);
  assert.equal(corpus.pairs[0].file, fixture('good.tsv'));
});

test('tsv: malformed lines become problems with exact line numbers', async () => {
  const corpus = await load('bad.tsv');
  const file = fixture('bad.tsv');
  assert.deepEqual(problemsOf(corpus), [
    `${file}:2: expected 2 tab-separated columns, found 1`,
    `${file}:3: expected 2 tab-separated columns, found 3`,
    `${file}:4: empty source`,
    `${file}:6: empty target`,
  ]);
  assert.deepEqual(pairsOf(corpus), [
    [1, '3 May 2021', '2021-05-03'],
    [7, 'source', 'target'],
    [8, 'June 1, 2020', '2020-06-01'],
  ]);
});

test('csv: RFC 4180 quoting, doubled quotes and quoted newlines', async () => {
  const corpus = await load('good.csv');
  assert.deepEqual(pairsOf(corpus), [
    [2, 'May 3, 2021', '2021-05-03'],
    [3, 'She said "hi"', '"hi"'],
    [5, 'two\nlines', 'joined'],
    [7, 'plain', 'row'],
  ]);
  assert.deepEqual(corpus.problems, []);
});

test('csv: malformed records are reported where they start', async () => {
  const corpus = await load('bad.csv');
  const file = fixture('bad.csv');
  assert.deepEqual(problemsOf(corpus), [
    `${file}:2: expected 2 comma-separated columns, found 1`,
    `${file}:3: expected 2 comma-separated columns, found 3`,
    `${file}:4: unexpected character "x" after a closing quote`,
    `${file}:5: empty source`,
    `${file}:6: empty target`,
    `${file}:9: unterminated quoted field: a quote opened on this line never closes`,
  ]);
  // The line after the stray quote is read again on its own, not swallowed into the bad record.
  assert.deepEqual(pairsOf(corpus), [
    [1, 'ok', 'fine'],
    [8, 'still', 'fine'],
    [10, 'more', 'lines'],
  ]);
});

test('jsonl: default key pairs, extra keys and escapes', async () => {
  const corpus = await load('good.jsonl');
  assert.deepEqual(pairsOf(corpus), [
    [1, '3 May 2021', '2021-05-03'],
    [3, 'May 4, 2021', '2021-05-04'],
    [4, '5/5/21', '2021-05-05'],
    [6, 'six May "21', '2021-05-06'],
  ]);
  assert.deepEqual(corpus.problems, []);
});

test('jsonl: bad lines name the parser error or the key', async () => {
  const corpus = await load('bad.jsonl');
  const file = fixture('bad.jsonl');
  let parserMessage = '';
  try {
    JSON.parse(read('bad.jsonl').split('\n')[1]);
  } catch (err) {
    parserMessage = (err as Error).message;
  }
  assert.notEqual(parserMessage, '');
  assert.deepEqual(problemsOf(corpus), [
    `${file}:2: invalid JSON: ${parserMessage}`,
    `${file}:3: expected a JSON object, found array`,
    `${file}:4: missing key "target"`,
    `${file}:5: key "tgt" must be a string, found number`,
    `${file}:6: empty source`,
    `${file}:7: missing key "source"`,
    `${file}:8: expected a JSON object, found null`,
  ]);
  assert.deepEqual(pairsOf(corpus), [[1, 'ok', 'fine']]);
});

test('jsonl: custom keys replace the defaults', () => {
  const text = '{"de": "Hallo", "en": "hello"}\n{"source": "a", "target": "b"}\n';
  const corpus = parseCorpusText(text, 'mem.jsonl', { sourceKey: 'de', targetKey: 'en' });
  assert.deepEqual(pairsOf(corpus), [[1, 'Hallo', 'hello']]);
  assert.deepEqual(problemsOf(corpus), ['mem.jsonl:2: missing key "de"']);
});

test('an explicit format overrides the extension', () => {
  const corpus = parseCorpusText('a,b\n', 'data.txt', { format: 'csv' });
  assert.equal(corpus.format, 'csv');
  assert.deepEqual(pairsOf(corpus), [[1, 'a', 'b']]);
  assert.throws(() => parseCorpusText('a\n', 'train.en'), /parsePairedTexts/);
});

test('paired files: blank on both sides is skipped, blank on one side is a problem in that file', async () => {
  const [src, tgt] = [fixture('pair.src'), fixture('pair.tgt')];
  const streamed = await readCorpus(src);
  assert.deepEqual(parsePairedTexts(read('pair.src'), read('pair.tgt'), src, tgt), streamed);
  assert.deepEqual(pairsOf(streamed), [
    [1, 'hello', 'bonjour'],
    [3, 'May 3, 2021', '2021-05-03'],
  ]);
  assert.deepEqual(problemsOf(streamed), [`${tgt}:4: empty target`]);
  assert.equal(streamed.format, 'paired');
  assert.deepEqual(streamed.files, [src, tgt]);
});

test('paired files with different line counts are an error naming both counts', async () => {
  const [src, tgt] = [fixture('uneven.src'), fixture('uneven.tgt')];
  const expected = (err: Error) => err.message.includes(`${src} has 5`) && err.message.includes(`${tgt} has 3`);
  await assert.rejects(readCorpus(src), expected);
  await assert.rejects(
    readCorpus(tgt, { targetFile: src }),
    (err: Error) => err.message.includes(`${tgt} has 3`) && err.message.includes(`${src} has 5`),
  );
  assert.throws(() => parsePairedTexts(read('uneven.src'), read('uneven.tgt'), src, tgt), expected);
});

test('unreadable files fail with an error naming the file', async () => {
  const missing = fixture('does-not-exist.tsv');
  await assert.rejects(
    readCorpus(missing),
    (err: Error) => err.message.includes(missing) && /ENOENT/.test(err.message),
  );
  await assert.rejects(readCorpus(FIXTURES, { format: 'tsv' }), (err: Error) => err.message.includes(FIXTURES));
  await assert.rejects(readCorpus(fixture('lonely.xyz')), /No target file found for .*lonely\.xyz/);
});

const scratch = mkdtempSync(path.join(tmpdir(), 'corpus-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('findTargetFile: conventional extensions first, then a unique sibling with the same stem', () => {
  const files = [
    'a.src',
    'a.tgt',
    'b.source',
    'b.target',
    'c.in',
    'c.out',
    'train.en',
    'train.de',
    'dev.en',
    'dev.de',
    'dev.fr',
    'lone.txt',
    'x.src',
    'x.de',
    'x.src.bak',
  ];
  for (const f of files) writeFileSync(path.join(scratch, f), 'line\n');
  const at = (f: string) => path.join(scratch, f);
  assert.equal(findTargetFile(at('a.src')), at('a.tgt'));
  assert.equal(findTargetFile(at('b.source')), at('b.target'));
  assert.equal(findTargetFile(at('c.in')), at('c.out'));
  assert.equal(findTargetFile(at('train.en')), at('train.de'));
  assert.equal(findTargetFile(at('dev.en')), undefined, 'two candidates is ambiguous');
  assert.equal(findTargetFile(at('lone.txt')), undefined);
  assert.equal(findTargetFile(at('x.src')), at('x.de'), 'falls back to the sibling rule');
  assert.equal(findTargetFile(path.join(scratch, 'missing-dir', 'a.src')), undefined);
  assert.equal(findTargetFile(fixture('pair.src')), fixture('pair.tgt'));
});
