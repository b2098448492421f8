// The fused native kernels (custom TensorFlow ops, src/core/kernels/native) against the reference
// path on the tensorflow backend (fused-suite.ts). They exist only after `npm run setup:native`:
// without it the suite is skipped with the reason, except in CI's tensorflow run (CI=true,
// SEQ2SEQ_BACKEND=tensorflow), which runs after a successful setup:native and must exercise them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nativeOpsPath } from '../../../src/core/kernels/native/ops';
import { fusedSuite } from './fused-suite';

function unavailable(): string | undefined {
  try {
    require.resolve('@tensorflow/tfjs-node');
  } catch {
    return '@tensorflow/tfjs-node is not installed (npm run setup:native)';
  }
  const file = nativeOpsPath();
  return fs.existsSync(file) ? undefined : `no ${file} (npm run setup:native builds it)`;
}

const reason = unavailable();
if (reason && !(process.env.CI && process.env.SEQ2SEQ_BACKEND === 'tensorflow')) {
  console.log(`# native kernels not tested: ${reason}`);
  describe('fused kernels on native tensorflow', { skip: reason }, () => {});
} else {
  fusedSuite('tensorflow');
  describe('native kernels that cannot load', () => {
    it('leave the backend on the reference kernels with the reason in one line', () => {
      // A fresh process: a library, once loaded, stays loaded.
      const script = "require('./src/core/backend').initBackend({ choice: 'tensorflow' }).then((i) => console.log(JSON.stringify(i.kernels)))";
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        encoding: 'utf8', env: { ...process.env, SEQ2SEQ_NATIVE_OPS: '/nonexistent/s2s_ops.node', SEQ2SEQ_KERNELS: 'fused' },
      });
      const info = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
      assert.deepEqual(info, {
        name: 'reference', detail: '', fallback: 'the native kernels are not built (run `npm run setup:native`): no /nonexistent/s2s_ops.node',
      });
    });
  });
}
