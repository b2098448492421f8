// Issue 11, item 9 and the "bounded requests" rule: the worker validates what it is asked to do,
// and the extension's client refuses to send a malformed or unbounded request at all.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { BackendChoice } from '../../src/core/backend';
import {
  MAX_REQUEST_TEXTS,
  WorkerError,
  type HostMessage,
  type Method,
  type Params,
  type WorkerErrorCode,
  type WorkerMessage,
} from '../../src/worker/protocol';
import { WorkerService, toWorkerError } from '../../src/worker/service';
import { WorkerClient } from '../../src/extension/worker-client';
import { sourceWorkerClient } from './source-worker';
import { tempDir, tinyTraining } from './fixtures';

/** Sends one request to an in-process WorkerService and resolves to its response or error message. */
function ask<M extends Method>(method: M, params: Params<M>): Promise<WorkerMessage> {
  return new Promise((resolve) => {
    const service = new WorkerService({ backend: (process.env.SEQ2SEQ_BACKEND ?? 'auto') as BackendChoice }, (m) => {
      if (m.type === 'response' || m.type === 'error') resolve(m);
    });
    service.receive({ type: 'request', id: 1, method, params } as HostMessage);
  });
}

async function assertBadRequest<M extends Method>(method: M, params: Params<M>, message: RegExp): Promise<void> {
  const reply = await ask(method, params);
  assert.equal(reply.type, 'error', `${method} was accepted`);
  assert.equal(reply.type === 'error' && reply.error.code, 'BAD_REQUEST');
  assert.match(reply.type === 'error' ? reply.error.message : '', message);
}

describe('worker request validation', () => {
  const root = tempDir();

  it('refuses training options that used to loop forever or crash later (batchSize 0, unknown metric)', async () => {
    const params = (options: object) => tinyTraining(path.join(root, 'm'), options as Params<'train'>['options']);
    await assertBadRequest(
      'train',
      params({ batchSize: 0 }),
      /^train: batchSize must be an integer from 1 to 4096, got 0$/,
    );
    await assertBadRequest('train', params({ metric: 'accuracy' }), /metric must be one of auto, exact, tokenAccuracy/);
    await assertBadRequest(
      'train',
      { ...params({}), architecture: { hiddenSize: 100_000 } },
      /hiddenSize must be an integer from 1 to 4096/,
    );
    await assertBadRequest(
      'resume',
      { pairs: [], outDir: root, options: { epochs: -1 } },
      /epochs must be an integer from 1/,
    );
    await assertBadRequest(
      'train',
      params({ timeBudget: -60 }),
      /^train: timeBudget must be a number from 0 to 604800, got -60$/,
    );
    await assertBadRequest(
      'resume',
      { pairs: [], outDir: root, options: { timeBudget: '10m' } as never },
      /timeBudget must be a number from 0 to 604800, got "10m"/,
    );
    await assertBadRequest(
      'train',
      { ...params({}), preset: 'big' as never },
      /preset must be one of cho2014, sutskever2014, bahdanau2014, vaswani2017, auto, got "big"/,
    );
    await assertBadRequest(
      'train',
      { ...params({}), preset: 'vaswani2017', architecture: { reverseSource: true } },
      /^train: source reversal does not apply to the Transformer/,
    );
  });

  it('trains with preset auto under a time budget and reports the choice in the start event', async () => {
    const events: WorkerMessage[] = [];
    const reply = await new Promise<WorkerMessage>((resolve) => {
      const service = new WorkerService({ backend: (process.env.SEQ2SEQ_BACKEND ?? 'auto') as BackendChoice }, (m) => {
        if (m.type === 'event') events.push(m);
        if (m.type === 'response' || m.type === 'error') resolve(m);
      });
      // No architecture: auto sizes it; epochs left undefined, as a host that did not set them sends it.
      const request = {
        ...tinyTraining(path.join(root, 'auto'), { timeBudget: 3, epochs: undefined }),
        architecture: undefined,
        preset: 'auto' as const,
      };
      service.receive({ type: 'request', id: 1, method: 'train', params: request } as HostMessage);
    });
    assert.equal(reply.type, 'response', JSON.stringify(reply));
    const start = events.map((m) => (m.type === 'event' ? m.event : undefined)).find((e) => e?.type === 'start');
    assert.ok(
      start?.type === 'start' && start.plan?.some((l) => /^model: bahdanau2014, embedding \d+, hidden \d+/.test(l)),
      JSON.stringify(start),
    );
    // The budget asked for, with auto's step-time measurement counted as spent in it.
    assert.ok(start.type === 'start' && start.timeBudget?.seconds === 3, JSON.stringify(start.timeBudget));
    assert.ok(start.timeBudget.elapsedSeconds > 0 && start.timeBudget.elapsedSeconds <= 2, JSON.stringify(start));
  });

  it('refuses unbounded or malformed translation requests before loading anything', async () => {
    const texts = Array.from({ length: MAX_REQUEST_TEXTS + 1 }, () => 'x');
    await assertBadRequest(
      'translate',
      { dir: root, texts, options: {} },
      /too many texts in one request: 10001, at most 10000/,
    );
    await assertBadRequest(
      'translate',
      { dir: root, texts: ['x'.repeat(3_000_000)], options: {} },
      /too long for one request: 3000000 characters/,
    );
    await assertBadRequest(
      'translate',
      { dir: root, texts: ['x'], options: { beamSize: 2, nBest: 5 } },
      /nBest 5 cannot exceed beamSize 2/,
    );
    await assertBadRequest(
      'evaluate',
      { dir: root, pairs: [{ source: 'a' }] as never, beamSize: 1 },
      /pairs\[0\] must be \{source, target\} strings/,
    );
  });

  it("the extension's client rejects such a request without starting a worker", async () => {
    const client = sourceWorkerClient();
    await assert.rejects(
      client.request('train', tinyTraining(path.join(root, 'c'), { batchSize: 0 })),
      (e: unknown) => e instanceof WorkerError && e.code === 'BAD_REQUEST',
    );
    assert.equal(client.running, false);
    client.dispose();
  });
});

/** A stand-in worker thread that answers every request with the given error code. */
class FailingWorker extends EventEmitter {
  terminated = false;
  constructor(private readonly code: WorkerErrorCode) {
    super();
  }
  postMessage(message: HostMessage): void {
    if (message.type !== 'request') return;
    const reply: WorkerMessage = {
      type: 'error',
      id: message.id,
      error: { code: this.code, message: 'Ran out of memory (Aborted()).' },
    };
    setImmediate(() => this.emit('message', reply));
  }
  terminate(): Promise<number> {
    this.terminated = true;
    setImmediate(() => this.emit('exit', 1));
    return Promise.resolve(1);
  }
}

describe('out of memory in the worker', () => {
  it('raw wasm aborts become OUT_OF_MEMORY with the message that says what to change', () => {
    const e = toWorkerError(new Error('Aborted(). Build with -sASSERTIONS for more info.'));
    assert.equal(e.code, 'OUT_OF_MEMORY');
    assert.match(e.message, /Ran out of memory .*smaller --batch-size/);
    assert.equal(toWorkerError(new Error('ENOENT')).code, 'FAILED');
  });

  it('the host reports the error once and replaces the worker, which keeps serving', async () => {
    const workers: FailingWorker[] = [];
    let crashes = 0;
    const client = new WorkerClient({
      launch: () => {
        workers.push(new FailingWorker('OUT_OF_MEMORY'));
        return workers.at(-1) as unknown as Worker;
      },
      onCrash: () => crashes++,
    });
    await assert.rejects(
      client.request('info', {}),
      (e: unknown) => e instanceof WorkerError && e.code === 'OUT_OF_MEMORY',
    );
    assert.ok(workers[0].terminated, 'the worker whose heap aborted is retired');
    assert.equal(client.running, false);
    await assert.rejects(client.request('info', {}), WorkerError);
    assert.equal(workers.length, 2, 'the next request runs in a fresh worker');
    assert.equal(crashes, 0, 'no second, crash-style report');
    client.dispose();
  });
});
