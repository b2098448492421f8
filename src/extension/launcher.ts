// Starts the bundled worker (dist/worker.js) with the current settings: backend, the wasm binaries
// beside the bundle, the native backend's folder once Install Native Backend put one in the global
// storage, and a heap limit so a runaway model ends the worker, not the extension host.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerStartData } from '../worker/protocol';
import { readSettings } from './settings';

export function launchWorker(extensionPath: string, nativeDir: string | undefined): Worker {
  const settings = readSettings();
  const script = path.join(extensionPath, 'dist', 'worker.js');
  const workerData: WorkerStartData = {
    backend: settings.backend,
    kernels: settings.kernels,
    threads: settings.threads,
    wasmDir: path.dirname(script),
    nativeDir,
  };
  return new Worker(script, {
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: settings.workerMemoryLimitMb },
    name: 'seq2seq-model-worker',
  });
}
