// Issue 11, item 3: SIGKILL a training at random points 20 times (mid-step, mid-save, at start-up).
// Every time, the checkpoint must load and the next --resume must continue the step count; at the
// end a resume completes, and no temporary file of a killed writer is left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { useBackend } from '../helpers/backend';
import { modelSize, runCli, spawnCliCollecting, until, writeDateCorpus } from '../helpers/cli';
import { makeRng, randomInt } from '../../src/core/util/random';
import { loadModel } from '../../src/core/store/model-store';
import { checkpointDir } from '../../src/core/train/trainer';

useBackend();

const KILLS = 20;
const RUN = ['--epochs', '1000', '--patience', '1000', '--checkpoint-every', '1', '--quiet'];
/** What a new run fixes; a resume takes it from the checkpoint. */
const NEW = ['--batch-size', '16', ...modelSize(8, 8)];

async function checkpointStep(outDir: string): Promise<{ step: number; epoch: number } | undefined> {
  if (!existsSync(path.join(checkpointDir(outDir), 'manifest.json'))) return undefined;
  const { translator, manifest, optimizer } = await loadModel(checkpointDir(outDir), { withOptimizer: true });
  translator.dispose();
  assert.ok(optimizer, 'the checkpoint holds the optimizer state');
  return { step: manifest.training!.step, epoch: manifest.training!.epoch };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The step of the checkpoint on disk (its manifest is replaced whole, never written in place); -1 for none. */
function manifestStep(outDir: string): number {
  try {
    const manifest = JSON.parse(readFileSync(path.join(checkpointDir(outDir), 'manifest.json'), 'utf8'));
    return manifest.training.step;
  } catch {
    return -1;
  }
}

/**
 * Until the running training has saved a checkpoint past `step`. Waiting for a newer manifest only was not
 * enough on a loaded machine: only 9 of 20 rounds advanced the step (CI rehearsal beside a benchmark).
 */
function checkpointPast(outDir: string, step: number, timeoutMs: number): Promise<void> {
  return until(() => manifestStep(outDir) > step, timeoutMs, `no checkpoint past step ${step} within ${timeoutMs} ms`);
}

test(
  `SIGKILL at ${KILLS} random points: the checkpoint always loads and resume continues`,
  { timeout: 180_000 },
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 's2s-kill-'));
    try {
      const corpus = path.join(dir, 'dates.tsv');
      const outDir = path.join(dir, 'model');
      writeDateCorpus(corpus, 160);
      const rng = makeRng(11);
      let last: { step: number; epoch: number } | undefined;
      let advanced = 0;
      for (let round = 0; round < KILLS; round++) {
        // Until a checkpoint exists, a killed run leaves nothing to resume (the directory holds no model).
        const { child, output } = spawnCliCollecting([
          'train',
          corpus,
          '--out',
          outDir,
          ...(last ? ['--resume'] : NEW),
          ...RUN,
        ]);
        // Even rounds: anywhere from start-up (backend loading) to several steps in. Odd rounds: right
        // after this run's first checkpoint past the last round's step, into the next steps and saves (a busy machine
        // must not turn every round into a start-up kill).
        if (round % 2 === 1) await checkpointPast(outDir, last?.step ?? 0, 60_000);
        await sleep(round % 2 === 1 ? randomInt(rng, 600) : 400 + randomInt(rng, 1400));
        const exited = child.exitCode !== null;
        child.kill('SIGKILL');
        if (!exited) await once(child, 'exit');
        await sleep(50); // let the last stderr chunk arrive
        assert.ok(!exited, `round ${round}: the training ended on its own (exit ${child.exitCode}): ${output.stderr}`);
        const now = await checkpointStep(outDir);
        if (last)
          assert.ok(now && now.step >= last.step, `round ${round}: step went from ${last.step} to ${now?.step}`);
        if (now && now.step > (last?.step ?? 0)) advanced++;
        last = now ?? last;
      }
      // Kills during start-up leave the step where it was; every odd round saved before its kill.
      assert.ok(advanced >= KILLS / 2, `only ${advanced} of ${KILLS} rounds advanced the step count`);
      assert.ok(last && last.step > 0, 'some checkpoint was written in 20 rounds');
      // Finish the epoch in progress: the step count continues from the checkpoint to the epoch's end.
      const done = runCli([
        'train',
        corpus,
        '--out',
        outDir,
        '--resume',
        '--epochs',
        String(last.epoch + 1),
        '--quiet',
      ]);
      assert.equal(done.code, 0, done.stderr);
      const final = await checkpointStep(outDir);
      assert.ok(
        final!.step >= last.step && final!.epoch === last.epoch + 1,
        `final ${JSON.stringify(final)} after ${JSON.stringify(last)}`,
      );
      for (const d of [outDir, checkpointDir(outDir)]) {
        assert.deepEqual(
          readdirSync(d).filter((f) => /\.tmp-|\.lock$/.test(f)),
          [],
          `${d} holds no temporary or lock files`,
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
