// The CLI as a person uses it: train, translate, eval, info, and one-line errors with exit codes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, runCli as run, writeDateCorpus } from '../helpers/cli';

describe('seq2seq CLI', () => {
  let dir: string;
  let model: string;
  before(async () => {
    assert.ok(existsSync(CLI), 'build first (node esbuild.js)');
    dir = await mkdtemp(path.join(tmpdir(), 's2s-cli-'));
    model = path.join(dir, 'model');
    writeDateCorpus(path.join(dir, 'dates.tsv'), 300);
    await writeFile(
      path.join(dir, 'bad.tsv'),
      '3 May 2021\t2021-05-03\nno tab here\n\t2020-01-01\n4 May 2021\t2021-05-04\n',
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('train saves a model and prints test metrics', () => {
    const r = run([
      'train',
      path.join(dir, 'dates.tsv'),
      '--out',
      model,
      '--epochs',
      '1',
      '--batch-size',
      '16',
      '--hidden-size',
      '32',
      '--quiet',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^backend: \w+/m); // TensorFlow may print its start-up lines first
    assert.match(r.stdout, /model saved to /);
    // Char-level targets: exact match and CER lead, BLEU is left out.
    assert.match(r.stdout, /^test: exact [\d.]+%, CER [\d.]+%, token acc [\d.]+%, loss [\d.]+$/m);
    assert.doesNotMatch(r.stdout, /BLEU/);
    assert.ok(existsSync(path.join(model, 'manifest.json')));
  });

  it('--preset auto --time prints its choice, trains to the budget and saves the best model', () => {
    const out = path.join(dir, 'auto');
    const t0 = performance.now();
    const r = run([
      'train',
      path.join(dir, 'dates.tsv'),
      '--out',
      out,
      '--preset',
      'auto',
      '--time',
      '6s',
      '--patience',
      '1000',
    ]);
    const wall = (performance.now() - t0) / 1000;
    assert.equal(r.code, 0, r.stderr);
    // The block: a heading, then corpus, model, batch and budget lines, each indented by two spaces.
    assert.match(
      r.stderr,
      new RegExp(
        /^auto configuration:\n {2}corpus: \d+ training pairs.*/.source +
          /\n {2}model: bahdanau2014, embedding \d+, hidden \d+, attention \d+.*/.source +
          /\n {2}batch \d+, learning rate 0.002, dropout [\d.]+.*/.source +
          /\n {2}budget 6s: \d+ ms\/step measured/.source,
        'm',
      ),
    );
    // The trainer's budget is the 6 s asked for, with auto's measurement already spent in it.
    assert.match(r.stderr, /; time budget 6s( \(\ds spent\))?(;|$)/m);
    assert.match(r.stdout, /model saved to .* \(time budget spent after \d+ epochs, \d+ steps\)/);
    // The budget counts from the training call; the process adds its start-up (backend, bundle) on top.
    assert.ok(wall < 6 + 10, `wall ${wall.toFixed(1)} s`);
    assert.ok(existsSync(path.join(out, 'manifest.json')));
  });

  it('translate reads arguments or stdin, and prints n-best lists, alignments and JSON', () => {
    const plain = run(['translate', '--model', model, '3 May 2021', '12/25/99']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stdout.trim().split('\n').length, 2);
    const stdin = run(['translate', '--model', model], '3 May 2021\n12/25/99\n');
    assert.equal(stdin.stdout, plain.stdout);
    const nbest = run(['translate', '--model', model, '--beam', '4', '--n-best', '3', '3 May 2021']);
    assert.match(nbest.stdout, /^1\. .*\(score -?[\d.]+\)\n2\. .*\n3\. .*\n$/);
    const json = JSON.parse(run(['translate', '--model', model, '--json', '3 May 2021']).stdout);
    assert.equal(json.sourceTokens.length, '3 May 2021'.length);
    for (const row of json.translations[0].attention)
      assert.ok(Math.abs(row.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-5);
    assert.match(run(['translate', '--model', model, '--attention', '3 May 2021']).stdout, /\|[ ░▒▓█]+\|/);
  });

  it('eval and info describe the model', () => {
    const ev = run(['eval', '--model', model, path.join(dir, 'dates.tsv'), '--split', 'test', '--json']);
    assert.equal(ev.code, 0, ev.stderr);
    const m = JSON.parse(ev.stdout);
    assert.ok(m.pairs > 0 && m.exact >= 0 && m.exact <= 1 && Number.isFinite(m.bleu));
    const info = run(['info', model]);
    assert.match(info.stdout, /bidirectional/);
    assert.match(info.stdout, /attention additive/);
  });

  it('average writes one model from checkpoints of a training, refuses to overwrite, and translates', () => {
    // Two checkpoints of the one training above: its best model and its last (resumable) checkpoint.
    const avg = path.join(dir, 'averaged');
    const r = run(['average', model, path.join(model, 'checkpoint'), '--out', avg]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`averaged 2 models -> ${avg.replace(/[.\\/]/g, '\\$&')}`));
    const t = run(['translate', '--model', avg, '3 May 2021']);
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stdout.trim().split('\n').length, 1);
    const again = run(['average', model, path.join(model, 'checkpoint'), '--out', avg]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already holds a model; it is left as it is\. Replace it with --force/);
    assert.equal(run(['average', model, path.join(model, 'checkpoint'), '--out', avg, '--force']).code, 0);
    const other = run(['average', model, path.join(dir, 'auto'), '--out', path.join(dir, 'mixed')]);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /Cannot average .*: they differ in architecture/);
    assert.ok(!existsSync(path.join(dir, 'mixed', 'manifest.json')));
  });

  it('eval --report writes the error analysis as one self-contained HTML file', async () => {
    const file = path.join(dir, 'report.html');
    const r = run(['eval', '--model', model, path.join(dir, 'dates.tsv'), '--split', 'test', '--report', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`report: ${file.replace(/[.\\/]/g, '\\$&')}`));
    const html = await readFile(file, 'utf8');
    // Nothing loaded from elsewhere: no src= or href= at all, the page script and style inline.
    assert.doesNotMatch(html, /\s(src|href)=/);
    assert.match(html, /<style>[^]*#pairs[^]*<\/style>/);
    const data = /<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(html);
    assert.ok(data, 'no embedded report');
    const report = JSON.parse(data[1]);
    const m = JSON.parse(
      run(['eval', '--model', model, path.join(dir, 'dates.tsv'), '--split', 'test', '--json']).stdout,
    );
    assert.equal(report.pairs.length, m.pairs);
    assert.equal(report.diffUnit, 'char');
    assert.equal(report.metrics[0].name, 'exact match');
    assert.equal(report.metrics[0].value, `${(100 * m.exact).toFixed(1)}%`);
    const exact = report.pairs.filter((p: { output: string; reference: string }) => p.output === p.reference).length;
    assert.equal(exact / report.pairs.length, m.exact);
    for (const p of report.pairs) assert.equal(p.distance === 0, p.output === p.reference);
  });

  it('--lowercase makes the word tokenizers of a new model case-folding, as its manifest keeps', async () => {
    const out = path.join(dir, 'lower');
    const r = run([
      'train',
      path.join(dir, 'dates.tsv'),
      '--out',
      out,
      '--tokenizer',
      'word',
      '--lowercase',
      '--epochs',
      '1',
      '--hidden-size',
      '8',
      '--quiet',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const { tokenizers } = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
    assert.deepEqual(tokenizers, {
      source: { kind: 'word', lowercase: true },
      target: { kind: 'word', lowercase: true },
    });
  });

  it('reports malformed corpus lines with file:line and keeps the good ones', () => {
    const r = run([
      'train',
      path.join(dir, 'bad.tsv'),
      '--out',
      path.join(dir, 'bad-model'),
      '--epochs',
      '1',
      '--hidden-size',
      '16',
      '--quiet',
    ]);
    assert.match(r.stderr, /bad\.tsv:2: expected 2 tab-separated columns, found 1/);
    assert.match(r.stderr, /bad\.tsv:3: /);
  });

  it('uses and reports the backend asked for, and rejects unknown ones', () => {
    const cpu = run(['translate', '--model', model, '--backend', 'cpu', '3 May 2021']);
    assert.equal(cpu.code, 0, cpu.stderr);
    assert.match(cpu.stderr, /^backend: cpu, reference kernels \(no fused kernels for the cpu backend\)$/m);
    const bogus = run(['translate', '--model', model, '--backend', 'gpu9000', '3 May 2021']);
    assert.equal(bogus.code, 2, 'an unknown backend is a usage error');
    assert.match(bogus.stderr, /--backend must be one of auto, tensorflow, wasm, cpu, got "gpu9000"/);
  });

  it('runs the kernels and threads asked for, says which, and translates the same with both', () => {
    const fused = run([
      'translate',
      '--model',
      model,
      '--backend',
      'wasm',
      '--kernels',
      'fused',
      '--threads',
      '2',
      '3 May 2021',
      '12/25/99',
    ]);
    const reference = run([
      'translate',
      '--model',
      model,
      '--backend',
      'wasm',
      '--kernels=reference',
      '3 May 2021',
      '12/25/99',
    ]);
    assert.equal(fused.code, 0, fused.stderr);
    assert.match(fused.stderr, /^backend: wasm, fused kernels, 2 threads$/m);
    assert.match(reference.stderr, /^backend: wasm, reference kernels$/m);
    assert.equal(fused.stdout, reference.stdout);
    const bogus = run(['translate', '--model', model, '--kernels', 'fastest', 'x']);
    assert.equal(bogus.code, 2, 'an unknown kernel choice is a usage error');
    assert.match(bogus.stderr, /--kernels must be one of fused, reference, got "fastest"/);
  });

  it('fails with one clear line and a non-zero exit on bad input', () => {
    const missing = run(['translate', '--model', path.join(dir, 'nope'), 'x']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /seq2seq: error: .*not a model directory/);
    assert.ok(!/\n\s+at /.test(missing.stderr), 'no stack trace');
    const usage = run(['train']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage error: train needs exactly one corpus file/);
    assert.equal(run(['frobnicate']).code, 2);
    assert.match(
      run(['train', path.join(dir, 'dates.tsv'), '--preset', 'gpt']).stderr,
      /--preset must be one of cho2014, sutskever2014, bahdanau2014/,
    );
  });
});
