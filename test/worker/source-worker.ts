// Starts src/worker/worker.ts (not the bundle) in a worker thread through tsx, so the protocol tests
// need no build. The backend follows $SEQ2SEQ_BACKEND like the other unit tests.
import * as path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { BackendChoice } from '../../src/core/backend';
import type { WorkerStartData } from '../../src/worker/protocol';
import { WorkerClient, type WorkerClientOptions } from '../../src/extension/worker-client';

const ENTRY = path.join(__dirname, '..', '..', 'src', 'worker', 'worker.ts');

export function launchSourceWorker(resourceLimits?: ResourceLimits): Worker {
  const workerData: WorkerStartData = { backend: (process.env.SEQ2SEQ_BACKEND ?? 'auto') as BackendChoice };
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(ENTRY)});`, {
    eval: true,
    workerData,
    resourceLimits,
  });
}

export function sourceWorkerClient(options: Partial<WorkerClientOptions> = {}): WorkerClient {
  return new WorkerClient({ launch: () => launchSourceWorker(), ...options });
}
