// Issue 11, item 3 and 7 at the store level: one training per directory, temporary files of
// killed writers cleaned up, NaN weights never saved, output directories checked up front.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { tf } from '../../../src/core/backend/tf';
import { useBackend } from '../../helpers/backend';
import { tinyTranslator } from '../../helpers/tiny-translator';
import { removeOrphanedTemporaryFiles } from '../../../src/core/store/atomic';
import { DirectoryLockedError, LOCK_FILE, acquireLock } from '../../../src/core/store/lock';
import { MANIFEST_FILE } from '../../../src/core/store/manifest';
import { loadModel, saveModel } from '../../../src/core/store/model-store';
import { checkFreeSpace, checkWritable } from '../../../src/core/store/out-dir';

useBackend();

/** The PID of a process that has exited: never alive again (PIDs are not reused this quickly). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('store safety', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 's2s-safety-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a second training on the same directory is refused while the first holds it', async () => {
    const release = await acquireLock(dir);
    await assert.rejects(
      acquireLock(dir),
      (e: unknown) =>
        e instanceof DirectoryLockedError &&
        new RegExp(`in use by another training \\(PID ${process.pid} `).test(e.message),
    );
    await release();
    const again = await acquireLock(dir);
    await again();
    assert.deepEqual(await readdir(dir), [], 'released locks are removed');
  });

  it('a stale lock (its process is gone) is taken over, and so is a half-written one', async () => {
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: 'then' }));
    const release = await acquireLock(dir);
    assert.equal(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8')).pid, process.pid);
    await release();
    await writeFile(path.join(dir, LOCK_FILE), '{"pi');
    await (
      await acquireLock(dir)
    )();
  });

  it("temporary files of dead writers are removed at the next save; live writers' files are kept", async () => {
    const dead = `weights-abc.bin.tmp-${deadPid()}-17`;
    const live = `weights-def.bin.tmp-${process.ppid}-18`;
    await writeFile(path.join(dir, dead), 'partial');
    await writeFile(path.join(dir, live), 'in progress');
    const t = tinyTranslator('cho2014', 1);
    await saveModel(dir, t, { name: 'tiny' });
    t.dispose();
    const files = await readdir(dir);
    assert.ok(!files.includes(dead), "the dead writer's file is gone");
    assert.ok(files.includes(live), "a running process's file is left alone");
    assert.deepEqual(await removeOrphanedTemporaryFiles(dir), []);
  });

  it('weights with NaN are never saved, and the model already there stays loadable', async () => {
    const t = tinyTranslator('cho2014', 1);
    await saveModel(dir, t, { name: 'good' });
    const before = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
    const [, variable] = t.parts.model.params.entries()[0];
    variable.assign(tf.fill(variable.shape, NaN));
    await assert.rejects(
      saveModel(dir, t, { name: 'nan' }),
      new RegExp(
        /Refusing to save .*: \d+ of \d+ weights are NaN or infinite \(the training diverged\); /.source +
          /the files already there are kept\./.source,
      ),
    );
    t.dispose();
    assert.equal(await readFile(path.join(dir, MANIFEST_FILE), 'utf8'), before);
    (await loadModel(dir)).translator.dispose();
  });

  it('an output directory that cannot be written, or lacks space, is named with the reason', async () => {
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'x');
    await assert.rejects(
      checkWritable(path.join(file, 'model')),
      /Cannot write to the output directory .*a-file\/model: .*\((ENOTDIR|EEXIST)\)/,
    );
    await assert.rejects(
      checkFreeSpace(dir, Number.MAX_SAFE_INTEGER),
      /Not enough free space in .*: the model and its checkpoint need about [\d.]+ MB, [\d.]+ MB are free\./,
    );
    await checkFreeSpace(dir, 1);
  });
});
