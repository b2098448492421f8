// Saving and loading model directories: identical behaviour after a round trip, and clear errors
// (never a crash) for every way a directory can be broken.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useBackend } from '../../helpers/backend';
import { tinyTranslator } from '../../helpers/tiny-translator';
import { listModels, loadModel, saveModel } from '../../../src/core/store/model-store';
import type { RnnConfig } from '../../../src/core/model/config';
import type { Manifest } from '../../../src/core/store/manifest';
import { MANIFEST_FILE } from '../../../src/core/store/manifest';

useBackend();

const INPUTS = ['3 May 2021', 'Monday, July 4, 1988', '12/25/99'];

describe('model store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 's2s-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const manifest = async (): Promise<Manifest> => JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
  const editManifest = async (edit: (m: Manifest) => void) => {
    const m = await manifest();
    edit(m);
    await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(m));
  };
  const saveTiny = async (preset = 'bahdanau2014') => {
    const t = tinyTranslator(preset, 3);
    await saveModel(dir, t, { name: 'tiny', preset });
    return t;
  };

  for (const preset of ['bahdanau2014', 'sutskever2014', 'cho2014', 'vaswani2017']) {
    it(`${preset}: save -> load gives identical translations, scores and alignments`, async () => {
      const original = await saveTiny(preset);
      const { translator, manifest: m } = await loadModel(dir);
      const options = { beamSize: 3, nBest: 2, maxLength: 12 };
      assert.deepEqual(translator.translate(INPUTS, options), original.translate(INPUTS, options));
      assert.equal(m.name, 'tiny');
      assert.equal(m.preset, preset);
      original.dispose();
      translator.dispose();
    });
  }

  it('a manifest from before the Transformer (no architecture kind) loads as the RNN it is', async () => {
    const original = await saveTiny();
    await editManifest((m) => {
      delete (m.architecture as Partial<RnnConfig>).kind;
    });
    const { translator, manifest: m } = await loadModel(dir);
    assert.equal(m.architecture.kind, 'rnn');
    assert.deepEqual(translator.translate(INPUTS), original.translate(INPUTS));
    original.dispose();
    translator.dispose();
  });

  it('saving again replaces the weights atomically and leaves no stale files', async () => {
    (await saveTiny()).dispose();
    const t = tinyTranslator('bahdanau2014', 9);
    await saveModel(dir, t, { name: 'tiny' });
    t.dispose();
    const files = (await readdir(dir)).sort();
    assert.equal(files.length, 2, files.join(', '));
    assert.equal(files[0], MANIFEST_FILE);
    assert.match(files[1], /^weights-[0-9a-f]{12}\.bin$/);
    assert.equal((await manifest()).weights.file, files[1]);
  });

  const broken: [string, () => Promise<void>, RegExp][] = [
    ['a missing manifest', async () => rm(path.join(dir, MANIFEST_FILE)), /not a model directory.*manifest\.json/],
    [
      'a manifest that is not JSON',
      async () => writeFile(path.join(dir, MANIFEST_FILE), '{"format": '),
      /manifest\.json is not valid JSON/,
    ],
    [
      'a newer format version',
      async () =>
        editManifest((m) => {
          m.formatVersion = 99;
        }),
      /format version 99.*update Seq2Seq Studio/,
    ],
    [
      'a missing weights file',
      async () => rm(path.join(dir, (await manifest()).weights.file)),
      /weights file .* is missing/,
    ],
    [
      'a truncated weights file',
      async () => truncate(path.join(dir, (await manifest()).weights.file), 100),
      /truncated or altered: expected \d+ bytes, found 100/,
    ],
    [
      'a corrupted weights file',
      async () => {
        const file = path.join(dir, (await manifest()).weights.file);
        const bytes = await readFile(file);
        bytes[17] ^= 0xff;
        await writeFile(file, bytes);
      },
      /corrupt: its checksum does not match/,
    ],
    [
      'a weights path escaping the directory',
      async () =>
        editManifest((m) => {
          m.weights.file = '../../etc/passwd';
        }),
      /unsafe weights file/,
    ],
    [
      'weights that do not fit the architecture',
      async () =>
        editManifest((m) => {
          (m.architecture as RnnConfig).hiddenSize = 40;
        }),
      /do not fit the architecture/,
    ],
    [
      'an invalid architecture',
      async () =>
        editManifest((m) => {
          (m.architecture as RnnConfig).attention = 'psychic' as never;
        }),
      /attention must be one of/,
    ],
    [
      'vocabularies that do not match',
      async () =>
        editManifest((m) => {
          m.vocabularies.target.pop();
        }),
      /vocabularies .* do not match the architecture/,
    ],
  ];
  for (const [what, breakIt, message] of broken) {
    it(`loading a model with ${what} fails with a clear error`, async () => {
      (await saveTiny()).dispose();
      await breakIt();
      await assert.rejects(loadModel(dir), (e: Error) => {
        assert.match(e.message, message);
        return true;
      });
    });
  }

  it('lists model directories and reports broken ones instead of failing', async () => {
    const root = dir;
    dir = path.join(root, 'good');
    (await saveTiny()).dispose();
    await writeFile(path.join(root, 'not-a-model.txt'), 'x');
    await rm(path.join(root, 'broken'), { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(path.join(root, 'broken')));
    const found = await listModels(root);
    dir = root;
    assert.equal(found.length, 2);
    assert.equal(found.find((f) => f.dir.endsWith('good'))!.manifest!.name, 'tiny');
    assert.match(found.find((f) => f.dir.endsWith('broken'))!.error!, /not a model directory/);
  });
});
