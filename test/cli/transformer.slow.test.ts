// The CLI with --preset vaswani2017: train, resume, translate with every layer's and head's
// cross-attention in the JSON, info; RNN options refused with the reason.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { cliDirectory, runCli as run, writeDateCorpus } from '../helpers/cli';

const SMALL = ['--model-size', '16', '--heads', '2', '--feed-forward-size', '32', '--layers', '2', '--quiet'];
const FIRST_EPOCH = ['--preset', 'vaswani2017', '--epochs', '1', '--batch-size', '16', ...SMALL];

describe('seq2seq CLI, Transformer preset', () => {
  const directory = cliDirectory('s2s-cli-transformer-');
  let dir: string;
  let model: string;
  let corpus: string;
  before(() => {
    dir = directory();
    model = path.join(dir, 'model');
    corpus = path.join(dir, 'dates.tsv');
    writeDateCorpus(corpus, 300);
  });

  it('train --preset vaswani2017 saves a Transformer model, and --resume continues it', async () => {
    const r = run(['train', corpus, '--out', model, ...FIRST_EPOCH]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /model saved to .*\(completed after 1 epochs, \d+ steps\)/);
    const manifest = JSON.parse(await readFile(path.join(model, 'manifest.json'), 'utf8'));
    assert.equal(manifest.architecture.kind, 'transformer');
    assert.equal(manifest.architecture.sharedVocabulary, true);
    assert.deepEqual(manifest.vocabularies.source, manifest.vocabularies.target);
    // The preset's recipe, kept in the checkpoint's training options.
    assert.equal(manifest.training.options.labelSmoothing, 0.1);
    assert.equal(manifest.training.options.warmupSteps, 400);
    assert.equal(manifest.training.options.adamBeta2, 0.98);
    const resumed = run(['train', corpus, '--out', model, '--resume', '--epochs', '2', '--quiet']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /after 2 epochs/);
  });

  it('translate --json carries the alignment and the cross-attention of every layer and head', () => {
    const r = run(['translate', '--model', model, '--json', '--beam', '3', '--n-best', '2', '3 May 2021']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const best = out.translations[0];
    const sourceLength = '3 May 2021'.length;
    assert.equal(out.translations.length, 2);
    assert.equal(best.heads.length, 2, 'two decoder layers');
    for (const layer of best.heads) {
      assert.equal(layer.length, 2, 'two heads');
      for (const rows of layer) {
        assert.equal(rows.length, best.tokens.length);
        for (const row of rows) {
          assert.equal(row.length, sourceLength);
          assert.ok(Math.abs(row.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-5);
        }
      }
    }
    assert.equal(best.attention.length, best.tokens.length);
    assert.match(run(['translate', '--model', model, '--attention', '3 May 2021']).stdout, /\|[ ░▒▓█]+\|/);
  });

  it('info describes the Transformer', () => {
    const info = run(['info', model]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /encoder {3}2 x Transformer layer \(pre-norm\), d 16, 2 heads, feed-forward 32/);
    assert.match(info.stdout, /output tied to the target embedding/);
  });

  it('an RNN option with the Transformer is a usage error that says why', () => {
    const r = run(['train', corpus, '--preset', 'vaswani2017', '--out', path.join(dir, 'x'), '--hidden-size', '32']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--hidden-size is an option of the RNN presets .*not of the Transformer/);
    assert.ok(!existsSync(path.join(dir, 'x', 'manifest.json')));
  });
});
