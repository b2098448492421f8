// The CLI says little: the backend line once, a progress bar on a terminal only (training, long
// translations), nothing but the lines that matter when its output goes to a pipe or a file.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadLogHelperPath } from '../../src/core/backend/tf-load-log';
import { tfjsNodeDir } from '../../src/core/backend/tfjs-node';
import { CLI, TINY_TRAIN, runCli as run, writeDateCorpus } from '../helpers/cli';
import { nativeSkipReason } from '../helpers/native';

/** The CLI under a pseudo-terminal (util-linux script): what a person at a terminal sees, both streams. */
function onTerminal(args: string[], stdinFile: string): string {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('script', ['-qec', `${command} < '${stdinFile}'`, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, SEQ2SEQ_BACKEND: process.env.SEQ2SEQ_BACKEND ?? 'wasm', COLUMNS: '120' },
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r.stdout;
}

const BAR = /[█░]/;

describe('seq2seq CLI output', () => {
  let dir: string;
  let model: string;
  let lines: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 's2s-quiet-'));
    model = path.join(dir, 'model');
    writeDateCorpus(path.join(dir, 'dates.tsv'), 300);
    const r = run(['train', path.join(dir, 'dates.tsv'), '--out', model, ...TINY_TRAIN]);
    assert.equal(r.code, 0, r.stderr);
    lines = path.join(dir, 'lines.txt');
    await writeFile(lines, Array.from({ length: 200 }, (_, i) => `${(i % 28) + 1} May ${1950 + i}`).join('\n') + '\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('piped: the backend line once and short, the epoch lines, no progress bar', () => {
    const r = run(['train', path.join(dir, 'dates.tsv'), '--out', path.join(dir, 'piped'), ...TINY_TRAIN.slice(0, -1)]);
    assert.equal(r.code, 0, r.stderr);
    const stderr = r.stderr.trim().split('\n');
    assert.equal(stderr.filter((l) => l.startsWith('backend:')).length, 1, r.stderr);
    assert.match(stderr[0], /^backend: \w+, (fused|reference) kernels(, \d threads)?( \(.*\))?$/);
    assert.ok(stderr[0].length <= 80, `a long backend line: ${stderr[0]}`);
    assert.doesNotMatch(r.stderr, /backend (wasm|cpu|tensorflow)\b/, 'the start line repeats the backend');
    assert.match(r.stderr, /^epoch 1: valid exact /m);
    assert.doesNotMatch(r.stderr, BAR);
    assert.doesNotMatch(r.stderr, /\r/);
    const t = run(['translate', '--model', model], readFileSync(lines, 'utf8'));
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stdout.trim().split('\n').length, 200);
    assert.doesNotMatch(t.stderr, BAR);
  });

  it(
    "on tensorflow: stderr holds the backend line and nothing of TensorFlow's start-up",
    { skip: nativeSkipReason(() => loadLogHelperPath(tfjsNodeDir())) },
    () => {
      const r = run(['translate', '--model', model, '--backend', 'tensorflow', '3 May 2021']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^backend: tensorflow, [^\n]+\n$/);
    },
  );

  it('on a terminal: a bar while a long translation decodes, and while training steps', () => {
    const translated = onTerminal(['translate', '--model', model], lines);
    assert.match(translated, /translating \|[█░]+\| \d+\/200/);
    const trained = onTerminal(
      ['train', path.join(dir, 'dates.tsv'), '--out', path.join(dir, 'tty'), ...TINY_TRAIN.slice(0, -1)],
      lines,
    );
    assert.match(trained, /epoch 1 \|[█░]+\| \d+\/\d+ steps/);
  });
});
