// Backend selection: native TensorFlow (optional tfjs-node) -> WASM (ships in the npm package) -> cpu.
import * as path from 'node:path';
import { tf } from './tf';
import { registerSegmentSumKernel } from './segment-sum-kernel';
import { BACKEND_CHOICES, type BackendChoice, type BackendInfo, type BackendName } from './info';
import type { KernelsInfo } from '../kernels';
import { initKernels, parseKernelsChoice, parseThreads, referenceKernels } from '../kernels';
import { selfTest } from '../model/kernel-check';
import { requireTfjsNode } from './tfjs-node';

export { BACKEND_CHOICES, describeBackend } from './info';
export type { BackendChoice, BackendInfo, BackendName } from './info';

export interface BackendOptions {
  /** One of BACKEND_CHOICES; 'auto' tries tensorflow, then wasm, then cpu. Default: $SEQ2SEQ_BACKEND or 'auto'. */
  choice?: string;
  /** Folder holding the tfjs-backend-wasm `.wasm` files (a bundle copies them next to itself). */
  wasmDir?: string;
  /** 'fused' (default) or 'reference'; default: $SEQ2SEQ_KERNELS or 'fused'. */
  kernels?: string;
  /** Folder holding kernels-*.wasm (a bundle copies them next to itself). */
  kernelDir?: string;
  /** Threads of the fused wasm kernels: 'auto' (2 on 2+ cores), 1 or 2; default: $SEQ2SEQ_THREADS or auto. */
  threads?: string | number;
  /** A folder whose node_modules holds @tensorflow/tfjs-node (the VS Code command installs it there). */
  nativeDir?: string;
}

let active: BackendInfo | undefined;

function parseChoice(value: string | undefined): BackendChoice {
  const v = (value ?? 'auto').trim().toLowerCase() || 'auto';
  if (!(BACKEND_CHOICES as readonly string[]).includes(v)) {
    throw new Error(`Unknown backend "${value}". Choose one of: ${BACKEND_CHOICES.join(', ')}.`);
  }
  return v as BackendChoice;
}

/**
 * tfjs-node 4.22 calls util.isNullOrUndefined and util.isArray, which Node 23 removed (VS Code's
 * server runs on Node 24). Restores them with their documented behaviour when they are missing.
 */
function restoreRemovedNodeUtils(): void {
  const util = require('node:util') as Record<string, unknown>;
  util.isNullOrUndefined ??= (x: unknown) => x === null || x === undefined;
  util.isArray ??= Array.isArray;
}

async function tryTensorflow(nativeDir: string | undefined): Promise<void> {
  restoreRemovedNodeUtils();
  // TensorFlow's C++ start-up chatter on stderr would bury the CLI's output.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  try {
    requireTfjsNode(nativeDir);
  } catch (e) {
    throw new Error(
      nativeDir
        ? `@tensorflow/tfjs-node did not load from ${nativeDir}: ${firstLine(e)}`
        : '@tensorflow/tfjs-node is not installed or its native library did not load ' +
            `(run \`npm run setup:native\`): ${firstLine(e)}`,
    );
  }
  // tfjs-node registers itself on the tfjs-core it resolves; if that is another copy than ours,
  // using it would split the program across two engines, so refuse.
  if (!tf.findBackendFactory('tensorflow')) {
    throw new Error('@tensorflow/tfjs-node loaded a different copy of @tensorflow/tfjs-core; not used');
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Error('the tensorflow backend failed to initialise');
  // A binding can load and still fail on its first kernel (an ABI or runtime mismatch): try one.
  tf.tidy(() => tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).dataSync());
}

/** Unbundled runs (tests, benchmarks) read the binaries from the npm package itself. */
function defaultWasmDir(): string {
  // A variable, so that bundlers leave this lookup alone: bundles pass their own wasmDir.
  const binary = '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm';
  return path.dirname(require.resolve(binary));
}

async function tryWasm(wasmDir: string | undefined): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(path.join(wasmDir ?? defaultWasmDir(), path.sep));
  registerSegmentSumKernel('wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise');
}

async function tryCpu(): Promise<void> {
  registerSegmentSumKernel('cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
}

const LOADERS: Record<BackendName, (o: BackendOptions) => Promise<void>> = {
  tensorflow: (o) => tryTensorflow(o.nativeDir),
  wasm: (o) => tryWasm(o.wasmDir),
  cpu: () => tryCpu(),
};

/**
 * Activates a backend once per process. An explicit choice that fails is an error; 'auto' falls back
 * and records why in `fallbacks`.
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const choice = parseChoice(options.choice ?? process.env.SEQ2SEQ_BACKEND);
  // A bad choice is the caller's error, not the backend's.
  parseKernelsChoice(options.kernels ?? process.env.SEQ2SEQ_KERNELS);
  parseThreads(options.threads ?? process.env.SEQ2SEQ_THREADS);
  // Production mode: skips per-op debug checks and the cpu backend's "install tfjs-node" banner.
  tf.env().set('PROD', true);
  if (active && (choice === 'auto' || choice === active.name)) {
    const k = active.kernels;
    const threads = options.threads === undefined ? k.threads : parseThreads(options.threads);
    if (
      (options.kernels !== undefined && options.kernels !== k.name) ||
      (active.name === 'wasm' && k.name === 'fused' && threads !== k.threads)
    )
      active.kernels = await activateKernels(options);
    return active;
  }
  const order: BackendName[] = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  const fallbacks: string[] = [];
  for (const name of order) {
    try {
      await LOADERS[name](options);
      await tf.ready();
      active = { name, tfjsVersion: tf.version_core, fallbacks, kernels: await activateKernels(options) };
      return active;
    } catch (e) {
      if (choice !== 'auto') throw new Error(`Backend "${name}" is not available: ${firstLine(e)}`);
      fallbacks.push(`${name}: ${firstLine(e)}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could be started: ${fallbacks.join('; ')}`);
}

function activateKernels(options: BackendOptions): Promise<KernelsInfo> {
  const { kernels, kernelDir: dir, threads } = options;
  return initKernels({ kernels, dir, threads }, (fused) => selfTest(fused, referenceKernels));
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0];
}
