import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backendLine } from '../../src/cli/backend-line';
import type { BackendInfo } from '../../src/core/backend';

const info = (over: Partial<BackendInfo>): BackendInfo => ({
  name: 'wasm',
  tfjsVersion: '4.22.0',
  fallbacks: [],
  kernels: { name: 'fused', detail: 'wasm relaxed-simd', threads: 1 },
  ...over,
});
const NO_NATIVE =
  'tensorflow: @tensorflow/tfjs-node is not installed or its native library did not load ' +
  "(run `npm run setup:native`): Cannot find module '@tensorflow/tfjs-node'";

test('auto without the native backend: one short line that says how to get it', () => {
  assert.equal(
    backendLine(info({ fallbacks: [NO_NATIVE] })),
    'backend: wasm, fused kernels (native: run npm run setup:native)',
  );
});

test('a backend chosen explicitly: no hint; kernels that fell back say why', () => {
  assert.equal(backendLine(info({})), 'backend: wasm, fused kernels');
  assert.equal(
    backendLine(
      info({
        name: 'cpu',
        kernels: { name: 'reference', detail: '', fallback: 'no fused kernels for the cpu backend', threads: 1 },
      }),
    ),
    'backend: cpu, reference kernels (no fused kernels for the cpu backend)',
  );
});

test('the fused kernels on two threads say so', () => {
  assert.equal(
    backendLine(
      info({ fallbacks: [NO_NATIVE], kernels: { name: 'fused', detail: 'wasm simd, 2 threads', threads: 2 } }),
    ),
    'backend: wasm, fused kernels, 2 threads (native: run npm run setup:native)',
  );
});

test('a rarer fallback keeps its reason', () => {
  assert.equal(
    backendLine(info({ name: 'cpu', fallbacks: [NO_NATIVE, 'wasm: the wasm backend failed to initialise'] })),
    'backend: cpu, fused kernels (native: run npm run setup:native; wasm: the wasm backend failed to initialise)',
  );
});
