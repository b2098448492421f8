// Issue 11, through the CLI as a careless or hostile user drives it: each numbered finding is
// reproduced and must now end with one clear line, the right exit code, and the earlier model intact.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, TINY_TRAIN, runCli as run, writeDateCorpus } from '../helpers/cli';

/** A fingerprint of every file in a model directory (checkpoint included). */
function snapshot(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const file = path.join(d, name);
      if (name === 'checkpoint') walk(file);
      else hash.update(name).update(readFileSync(file));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** One line of error on stderr after the backend line, no stack trace. */
function assertOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('backend:') && !l.startsWith('warning:') && !l.startsWith('run "seq2seq --help"'));
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], pattern);
  assert.ok(!/\n\s+at /.test(stderr), 'no stack trace');
}

describe('issue 11 through the CLI', () => {
  let dir: string;
  let corpus: string;
  let model: string;
  let modelState: string;
  before(async () => {
    assert.ok(existsSync(CLI), 'build first (node esbuild.js)');
    dir = await mkdtemp(path.join(tmpdir(), 's2s-issue11-'));
    corpus = path.join(dir, 'dates.tsv');
    model = path.join(dir, 'model');
    writeDateCorpus(corpus, 160);
    const r = run(['train', corpus, '--out', model, ...TINY_TRAIN]);
    assert.equal(r.code, 0, r.stderr);
    modelState = snapshot(model);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('1. train --out onto an existing model refuses and leaves it as it was; --force replaces it', () => {
    const r = run(['train', corpus, '--out', model, ...TINY_TRAIN]);
    assert.equal(r.code, 1);
    assertOneLineError(
      r.stderr,
      /already holds a model; it is left as it is\. Continue its training with --resume, replace it with --force/,
    );
    assert.equal(snapshot(model), modelState);
    const forced = path.join(dir, 'forced');
    assert.equal(run(['train', corpus, '--out', forced, ...TINY_TRAIN]).code, 0);
    const before = snapshot(forced);
    const again = run(['train', corpus, '--out', forced, '--force', '--seed', '7', ...TINY_TRAIN]);
    assert.equal(again.code, 0, again.stderr);
    assert.notEqual(snapshot(forced), before, '--force trained a new model');
  });

  it('2. no pairs left after length filtering is an error naming the cause, not "completed after 0 steps"', () => {
    const out = path.join(dir, 'short');
    const r = run(['train', corpus, '--out', out, '--max-length', '2', ...TINY_TRAIN]);
    assert.equal(r.code, 1);
    assertOneLineError(
      r.stderr,
      new RegExp(
        /Nothing to train on: all \d+ training pairs are longer than maxLength 2 tokens /.source +
          /\(the longest has \d+\)\. Raise the maximum length \(--max-length\)/.source,
      ),
    );
    assert.doesNotMatch(r.stdout, /saved|completed/);
    assert.ok(!existsSync(path.join(out, 'manifest.json')));
  });

  it('2. fewer usable pairs than one batch is refused with the batch size to use', () => {
    const small = path.join(dir, 'small.tsv');
    writeDateCorpus(small, 12);
    const r = run([
      'train',
      small,
      '--out',
      path.join(dir, 'small'),
      '--batch-size',
      '32',
      '--epochs',
      '1',
      '--hidden-size',
      '8',
      '--quiet',
    ]);
    assert.equal(r.code, 1);
    assertOneLineError(
      r.stderr,
      new RegExp(
        /Only \d+ usable training pairs, fewer than one batch of 32: /.source +
          /add pairs or lower the batch size \(--batch-size \d+\)/.source,
      ),
    );
  });

  it('2. a corpus that is one huge line, or a binary file named .tsv, is refused before training', () => {
    const oneLine = path.join(dir, 'one-line.tsv');
    writeFileSync(oneLine, 'a'.repeat(3 << 20) + '\tb');
    const r = run(['train', oneLine, '--out', path.join(dir, 'one-line'), ...TINY_TRAIN]);
    assert.equal(r.code, 1);
    assertOneLineError(
      r.stderr,
      new RegExp(
        /one-line\.tsv does not look like a tsv corpus: 1 of its lines are not text /.source +
          /\(first: .*one-line\.tsv:1: line longer than 1 MB/.source,
      ),
    );
    const binary = path.join(dir, 'program.tsv');
    writeFileSync(binary, readFileSync(process.execPath).subarray(0, 200_000));
    const b = run(['train', binary, '--out', path.join(dir, 'binary'), ...TINY_TRAIN]);
    assert.equal(b.code, 1);
    assertOneLineError(
      b.stderr,
      /program\.tsv does not look like a tsv corpus: \d+ of its lines are not text .*NUL byte.*--force/,
    );
    assert.ok(!existsSync(path.join(dir, 'binary')), 'nothing was created for a refused corpus');
  });

  it('2. --lr 1e30 and --lr=-1 are usage errors naming the allowed range', () => {
    for (const lr of ['--lr=1e30', '--lr=-1']) {
      const r = run(['train', corpus, '--out', path.join(dir, 'lr'), lr, ...TINY_TRAIN]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /usage error: --lr must be a number from 0 to 1, got (1e\+30|-1)/);
    }
  });

  it('4. a configuration that cannot fit the wasm heap is refused at once with what to change', () => {
    const long = path.join(dir, 'long.tsv');
    const line = (i: number) => `${String(i).padStart(4, '0')}${'x'.repeat(296)}\t${'y'.repeat(296)}${i}`;
    writeFileSync(long, Array.from({ length: 800 }, (_, i) => line(i)).join('\n') + '\n');
    const r = run([
      'train',
      long,
      '--out',
      path.join(dir, 'big'),
      '--batch-size',
      '512',
      '--max-length',
      '400',
      '--epochs',
      '1',
      '--backend',
      'wasm',
      '--quiet',
    ]);
    assert.equal(r.code, 1);
    assertOneLineError(
      r.stderr,
      new RegExp(
        /needs about [\d.]+ GiB per training step; the backend has [\d.]+ GiB: /.source +
          /use --batch-size \d+ or less, a shorter --max-length \(now \d+\), or the native backend/.source,
      ),
    );
  });

  it('5. a translation input longer than the trained maximum is refused at once, not decoded for minutes', () => {
    const started = Date.now();
    const r = run(['translate', '--model', model], `3 May 2021\n${'1'.repeat(10_000)}\n`);
    assert.equal(r.code, 1);
    assertOneLineError(
      r.stderr,
      /Input 2 has 10000 tokens; this model was trained on at most 100: split it into shorter lines/,
    );
    assert.ok(Date.now() - started < 20_000);
  });

  it('6. invalid UTF-8 is reported as file:line, and the malformed share is printed', () => {
    const latin1 = path.join(dir, 'latin1.tsv');
    writeFileSync(latin1, Buffer.concat([readFileSync(corpus), Buffer.from('caf\xe9\tcafe\n', 'latin1')]));
    const r = run(['eval', '--model', model, latin1, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /latin1\.tsv:161: invalid UTF-8 at byte 4 of the line: save the file as UTF-8/);
    assert.match(r.stderr, /1 of 161 records \(0\.6%\) are malformed and left out/);
  });

  it('7. an unwritable --out fails before training, naming the path and the reason', () => {
    const started = Date.now();
    const r = run(['train', corpus, '--out', path.join(corpus, 'model'), ...TINY_TRAIN]);
    assert.equal(r.code, 1);
    assertOneLineError(
      r.stderr,
      new RegExp(
        /Cannot write to the output directory .*dates\.tsv\/model: /.source +
          /.*\((ENOTDIR|EEXIST)\)\. Choose another --out directory\./.source,
      ),
    );
    assert.ok(Date.now() - started < 20_000);
  });

  it('8. info prints "none" for values a run never reached, and rejects damaged manifests in one line', () => {
    const m = JSON.parse(readFileSync(path.join(model, 'manifest.json'), 'utf8'));
    const variants: [string, (x: typeof m) => void, RegExp | null][] = [
      [
        'nulls',
        (x) => {
          x.training.best = null;
          x.metrics = { loss: null, exact: null };
        },
        null,
      ],
      [
        'no-weights',
        (x) => {
          delete x.weights;
        },
        /weights must be an object, got undefined|weights must be an object/,
      ],
      [
        'bad-shape',
        (x) => {
          x.weights.tensors[0].shape = [-1, 5];
        },
        /weights\.tensors \[0\] shape \[0\] must be a positive integer/,
      ],
      [
        'string-version',
        (x) => {
          x.formatVersion = '1';
        },
        /formatVersion must be the number 1, got "1"/,
      ],
      [
        'bad-arch',
        (x) => {
          x.architecture.hiddenSize = 0;
        },
        /architecture\.hiddenSize must be an integer from 1 to 4096, got 0/,
      ],
    ];
    for (const [name, edit, expected] of variants) {
      const copy = path.join(dir, `info-${name}`);
      const edited = structuredClone(m);
      edit(edited);
      writeManifest(copy, edited);
      const r = run(['info', copy]);
      if (!expected) {
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /best exact none/);
        assert.match(r.stdout, /loss\s+none/);
      } else {
        assert.equal(r.code, 1, `${name}: ${r.stderr}`);
        assertOneLineError(r.stderr, expected);
        assert.doesNotMatch(r.stderr, /TypeError|Cannot read properties/);
      }
    }
  });

  it('9. --resume refuses architecture options, another corpus, and --epochs not above the finished count', () => {
    const arch = run(['train', corpus, '--out', model, '--resume', '--hidden-size', '64', '--epochs', '3']);
    assert.equal(arch.code, 2);
    assert.match(arch.stderr, /usage error: --hidden-size cannot be used with --resume: the checkpoint fixes it/);
    const other = path.join(dir, 'other.tsv');
    writeDateCorpus(other, 160, 9);
    const corpusChanged = run(['train', other, '--out', model, '--resume', '--epochs', '3', '--quiet']);
    assert.equal(corpusChanged.code, 1);
    assertOneLineError(corpusChanged.stderr, /The corpus differs from the one the checkpoint in .* was trained on/);
    const fewer = run(['train', corpus, '--out', model, '--resume', '--epochs', '1', '--quiet']);
    assert.equal(fewer.code, 1);
    assertOneLineError(
      fewer.stderr,
      /epochs 1 is not more than the 1 epoch\(s\) the checkpoint .* has finished: ask for 2 or more \(--epochs\)/,
    );
    assert.equal(snapshot(model), modelState);
  });

  it('10. info takes --backend; an unknown backend and --n-best above --beam are usage errors', () => {
    assert.equal(run(['info', model, '--backend', 'cpu']).code, 0);
    const gpu = run(['info', model, '--backend', 'gpu']);
    assert.equal(gpu.code, 2);
    assert.match(gpu.stderr, /--backend must be one of auto, tensorflow, wasm, cpu, got "gpu"/);
    const nbest = run(['translate', '--model', model, '--n-best', '5', '--beam', '2', 'x']);
    assert.equal(nbest.code, 2);
    assert.match(nbest.stderr, /--n-best 5 cannot exceed --beam 2/);
  });

  it('10. an empty input line translates to an empty line, in place', () => {
    const r = run(['translate', '--model', model], '3 May 2021\n\n12/25/99\n');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines.length, 4, JSON.stringify(r.stdout));
    assert.equal(lines[1], '');
    assert.doesNotMatch(r.stdout, /<pad>|<s>|<\/s>|<unk>/);
  });

  it('10. a paired corpus without its target names the expected file, not an option the CLI lacks', () => {
    const src = path.join(dir, 'lonely.src');
    writeFileSync(src, 'a\n');
    const r = run(['train', src, '--out', path.join(dir, 'lonely'), ...TINY_TRAIN]);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /No target file found for .*lonely\.src: expected .*lonely\.tgt next to it/);
    assert.doesNotMatch(r.stderr, /targetFile/);
  });
});

function writeManifest(dir: string, manifest: unknown): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}
