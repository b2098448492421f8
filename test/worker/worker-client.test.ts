// The worker protocol end to end: a real worker thread running src/worker/worker.ts, driven by the
// extension's WorkerClient. Covers training, overlap of translation and training, cancellation,
// n-best, corrupt models, and recovery after the worker dies.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TrainEvent } from '../../src/core/train/events';
import type { WorkerError } from '../../src/worker/protocol';
import { WorkerClient } from '../../src/extension/worker-client';
import { launchSourceWorker, sourceWorkerClient } from './source-worker';
import { tempDir, tinyTraining } from './fixtures';

describe('model worker', () => {
  const root = tempDir();
  const modelDir = path.join(root, 'trained');
  const crashes: WorkerError[] = [];
  const client = sourceWorkerClient({ onCrash: (e) => crashes.push(e) });

  before(async () => {
    const events: TrainEvent['type'][] = [];
    const result = await client.request('train', tinyTraining(modelDir), { onEvent: (e) => events.push(e.type) });
    assert.equal(result.reason, 'completed');
    assert.deepEqual([events[0], events.at(-1)], ['start', 'done']);
    for (const type of ['step', 'validation', 'checkpoint'] as const)
      assert.ok(events.includes(type), `no ${type} event`);
  });

  after(() => client.dispose());

  it('trains a model directory that loads', async () => {
    assert.ok(existsSync(path.join(modelDir, 'manifest.json')));
    const summary = await client.request('load', { dir: modelDir });
    assert.equal(summary.name, 'trained');
    assert.equal(summary.hasAttention, true);
  });

  it('returns k distinct alternatives with scores, best first', async () => {
    const [result] = await client.request('translate', {
      dir: modelDir,
      texts: ['May 3, 2021'],
      options: { beamSize: 4, nBest: 3 },
    });
    const texts = result.translations.map((t) => t.text);
    assert.equal(texts.length, 3);
    assert.equal(new Set(texts).size, 3);
    const scores = result.translations.map((t) => t.score);
    assert.ok(scores.every(Number.isFinite));
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    // One row per output token (plus </s> when finished), one column per source token.
    const best = result.translations[0];
    assert.ok(best.attention && best.attention.length >= best.tokens.length);
    assert.ok(best.attention.every((row) => row.length === result.sourceTokens.length));
  });

  it('answers a translation while a training runs, and cancels the training with its checkpoint kept', async () => {
    const outDir = path.join(root, 'cancelled');
    const abort = new AbortController();
    const order: string[] = [];
    let translated: Promise<unknown> | undefined;
    const training = client.request('train', tinyTraining(outDir, { epochs: 50, checkpointEvery: 2 }), {
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'checkpoint' && !translated) {
          translated = client.request('translate', { dir: modelDir, texts: ['1/2/2003'], options: {} }).then(() => {
            order.push('translated');
            abort.abort();
          });
        }
      },
    });
    const result = await training;
    order.push('trained');
    assert.equal(result.reason, 'cancelled');
    assert.deepEqual(order, ['translated', 'trained']);
    assert.ok(result.steps < 50 * 8, 'stopped early');
    const checkpoint = await client.request('load', { dir: path.join(outDir, 'checkpoint') });
    assert.equal(checkpoint.name, 'cancelled');
  });

  it('refuses a second training while one runs', async () => {
    const abort = new AbortController();
    const first = client.request('train', tinyTraining(path.join(root, 'first'), { epochs: 20 }), {
      signal: abort.signal,
    });
    await assert.rejects(
      client.request('train', tinyTraining(path.join(root, 'second'))),
      (e: WorkerError) => e.code === 'BUSY',
    );
    abort.abort();
    assert.equal((await first).reason, 'cancelled');
  });

  it('reports a corrupt model directory with the reason and keeps working', async () => {
    const corrupt = path.join(root, 'corrupt');
    mkdirSync(corrupt);
    writeFileSync(path.join(corrupt, 'manifest.json'), '{"format": "seq2seq-studio/model", truncated');
    await assert.rejects(
      client.request('load', { dir: corrupt }),
      (e: WorkerError) => e.code === 'MODEL_INVALID' && /not valid JSON/.test(e.message),
    );
    const [ok] = await client.request('translate', { dir: modelDir, texts: ['1/2/2003'], options: {} });
    assert.equal(typeof ok.translations[0].text, 'string');
  });

  it('rejects the pending request when the worker dies, reports it once, and the next request succeeds', async () => {
    const texts = Array.from({ length: 400 }, (_, i) => `${(i % 12) + 1}/${(i % 28) + 1}/20${10 + (i % 40)}`);
    const pending = client.request('translate', { dir: modelDir, texts, options: { beamSize: 5 } });
    const other = client.request('info', {});
    setTimeout(() => void client.kill(), 50);
    const results = await Promise.allSettled([pending, other]);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.equal((r.reason as WorkerError).code, 'WORKER_CRASHED');
    }
    assert.equal(crashes.length, 1);
    const [next] = await client.request('translate', { dir: modelDir, texts: ['May 3, 2021'], options: {} });
    assert.ok(next.translations[0].tokens.length > 0);
  });
});

describe('worker lifecycle', () => {
  it('stopping on purpose rejects with WORKER_STOPPED and reports no crash', async () => {
    let crashed = 0;
    const client = sourceWorkerClient({ onCrash: () => crashed++ });
    const pending = client.request('info', {});
    client.stop('settings changed');
    await assert.rejects(pending, (e: WorkerError) => e.code === 'WORKER_STOPPED');
    assert.equal(crashed, 0);
    assert.equal(client.running, false);
  });

  it('stopping when idle answers the pending request first, then resolves once the worker has stopped', async () => {
    const client = sourceWorkerClient();
    const pending = client.request('info', {});
    const stopped = client.stopWhenIdle('settings changed');
    assert.equal(client.running, true);
    await stopped;
    assert.equal(client.running, false);
    assert.ok((await pending).name, 'the pending request was answered');
    await client.stopWhenIdle('again: nothing to stop');
  });

  it('an out-of-memory worker is reported as such', async () => {
    const crashes: WorkerError[] = [];
    const client = new WorkerClient({
      launch: () => launchSourceWorker({ maxOldGenerationSizeMb: 4 }),
      onCrash: (e) => crashes.push(e),
    });
    await assert.rejects(client.request('info', {}), (e: WorkerError) => e.code === 'WORKER_OUT_OF_MEMORY');
    assert.equal(crashes.length, 1);
  });
});
