// Checkpoint averaging: every weight is the mean of the models' weights; models that are not
// checkpoints of one training are refused with the reason.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useBackend } from '../../helpers/backend';
import { tinyTranslator } from '../../helpers/tiny-translator';
import { saveModel } from '../../../src/core/store/model-store';
import { averageModels } from '../../../src/core/store/average';
import type { Translator } from '../../../src/core/translator';

useBackend();

const weightsOf = (t: Translator) => new Map(t.parts.model.params.entries().map(([n, v]) => [n, v.dataSync()]));

describe('checkpoint averaging', () => {
  let root: string;
  const dirs: string[] = [];
  const saved: Translator[] = [];
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 's2s-average-'));
    // Three "checkpoints": one architecture and codec, different weights (seeds).
    for (const seed of [1, 2, 3]) {
      const dir = path.join(root, `ck-${seed}`);
      const t = tinyTranslator('bahdanau2014', seed);
      await saveModel(dir, t, { name: `ck-${seed}`, preset: 'bahdanau2014' });
      dirs.push(dir);
      saved.push(t);
    }
  });
  after(async () => {
    saved.forEach((t) => t.dispose());
    await rm(root, { recursive: true, force: true });
  });

  it('gives every weight the mean of the models, and the last model manifest', async () => {
    const { translator, manifest } = await averageModels(dirs);
    const models = saved.map(weightsOf);
    let checked = 0;
    for (const [name, values] of weightsOf(translator)) {
      values.forEach((x, j) => {
        const mean = models.reduce((s, m) => s + m.get(name)![j], 0) / models.length;
        assert.ok(Math.abs(x - mean) <= 1e-6, `${name}[${j}]: ${x} vs mean ${mean}`);
        checked++;
      });
    }
    assert.equal(checked, translator.parts.model.params.count());
    assert.equal(manifest.name, 'ck-3');
    translator.dispose();
  });

  it('of a model with itself translates as the model does', async () => {
    const { translator } = await averageModels([dirs[0], dirs[0]]);
    const inputs = ['3 May 2021', '12/25/99'];
    const options = { beamSize: 2, maxLength: 12 };
    assert.deepEqual(translator.translate(inputs, options), saved[0].translate(inputs, options));
    translator.dispose();
  });

  it('refuses models of another architecture, naming both and what differs', async () => {
    const other = path.join(root, 'cho');
    const t = tinyTranslator('cho2014', 1);
    await saveModel(other, t, { name: 'cho', preset: 'cho2014' });
    t.dispose();
    await assert.rejects(
      averageModels([dirs[0], other]),
      (e: Error) =>
        e.message.includes(dirs[0]) && e.message.includes(other) && /they differ in architecture/.test(e.message),
    );
  });

  it('refuses a single model', async () => {
    await assert.rejects(averageModels([dirs[0]]), /at least two models/);
  });
});
