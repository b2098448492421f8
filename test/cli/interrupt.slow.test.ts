// Issue 11, item 3: Ctrl+C twice within a few milliseconds must not kill the checkpoint write, and a
// second training into the same directory must not wreck the first one's checkpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useBackend } from '../helpers/backend';
import { modelSize, runCli, spawnCli, spawnCliCollecting, until, writeDateCorpus } from '../helpers/cli';
import { loadModel } from '../../src/core/store/model-store';
import { checkpointDir } from '../../src/core/train/trainer';

useBackend();

/** A tiny model that checkpoints every step and would train for long: it is always interrupted. */
const LONG_RUN = ['--epochs', '1000', '--patience', '1000', '--batch-size', '16', '--checkpoint-every', '1'];

test(
  'a second Ctrl+C during the checkpoint write waits for it: exit 130 and a checkpoint that loads',
  { timeout: 60_000 },
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 's2s-sigint-'));
    try {
      const corpus = path.join(dir, 'dates.tsv');
      const outDir = path.join(dir, 'model');
      writeDateCorpus(corpus, 160);
      // A model large enough (~5 M parameters) that finishing the step and writing its checkpoint
      // takes a while after the first Ctrl+C: the second one must land inside that window.
      const { child, output } = spawnCliCollecting([
        'train',
        corpus,
        '--out',
        outDir,
        ...LONG_RUN,
        ...modelSize(512, 256),
      ]);
      // Training is under way once the first step's checkpoint is on disk.
      await until(() => existsSync(path.join(checkpointDir(outDir), 'manifest.json')), 30_000);
      child.kill('SIGINT');
      // The second press once the first is acknowledged: two signals sent a few ms apart can merge
      // into one while the process is inside a long kernel call (seen once in CI).
      await until(() => /stopping after this step/.test(output.stderr), 30_000);
      const stillRunning = child.exitCode === null;
      child.kill('SIGINT');
      const code = child.exitCode ?? (await once(child, 'exit'))[0];
      assert.equal(code, 130, output.stderr);
      assert.ok(stillRunning, 'the training ended before the second Ctrl+C');
      assert.match(output.stderr, /still writing the checkpoint; press Ctrl\+C once more to quit without it/);
      const step = Number(/cancelled at step (\d+); checkpoint in /.exec(output.stdout)?.[1]);
      const { translator, manifest } = await loadModel(checkpointDir(outDir), { withOptimizer: true });
      translator.dispose();
      assert.equal(manifest.training!.step, step, 'the checkpoint is the one the message names');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test(
  'a second training into a directory in use is refused and the first one carries on',
  { timeout: 60_000 },
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 's2s-twice-'));
    try {
      const corpus = path.join(dir, 'dates.tsv');
      const outDir = path.join(dir, 'model');
      writeDateCorpus(corpus, 160);
      const first = spawnCli(['train', corpus, '--out', outDir, ...LONG_RUN, ...modelSize(8, 8), '--quiet']);
      await until(() => existsSync(path.join(checkpointDir(outDir), 'manifest.json')), 30_000);
      for (const args of [['--resume', '--epochs', '200'], ['--force']]) {
        const second = runCli(['train', corpus, '--out', outDir, ...args, '--quiet']);
        assert.equal(second.code, 1, second.stderr);
        assert.match(
          second.stderr,
          new RegExp(
            `is in use by another training \\(PID ${first.pid} on .*\\); wait for it to finish or stop it first`,
          ),
        );
      }
      assert.equal(first.exitCode, null, 'the first training still runs');
      first.kill('SIGINT');
      const [code] = await once(first, 'exit');
      assert.equal(code, 130);
      (await loadModel(checkpointDir(outDir), { withOptimizer: true })).translator.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
