// The fused native kernels (custom TensorFlow ops, src/core/kernels/native) against the reference
// path on the tensorflow backend (fused-suite.ts). They exist only after `npm run setup:native`
// (skipped without it, see nativeSkipReason).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/core/backend/tf';
import { NATIVE_OPS_ABI, nativeOpsPath, runNative } from '../../../src/core/kernels/native/ops';
import { nativeSkipReason } from '../../helpers/native';
import { fusedSuite } from './fused-suite';

describe('native ops signature version', () => {
  it('is the same in module.cc (what a built library reports) and ops.ts (what the code calls)', () => {
    const source = fs.readFileSync('src/core/kernels/native/module.cc', 'utf8');
    assert.equal(Number(/#define S2S_OPS_ABI (\d+)/.exec(source)?.[1]), NATIVE_OPS_ABI);
  });
});

const reason = nativeSkipReason(nativeOpsPath);
if (reason) {
  console.log(`# native kernels not tested: ${reason}`);
  describe('fused kernels on native tensorflow', { skip: reason }, () => {});
} else {
  fusedSuite('tensorflow');
  describe('native ops called with wrong shapes', () => {
    // A kernel that read out of bounds would take the process (the VS Code worker) down with it.
    it('fail with a message naming the op and the expectation', () => {
      tf.tidy(() => {
        const logits = tf.zeros([2, 5]);
        const weights = tf.ones([2]);
        const nll = (targets: number[]) =>
          runNative('S2sNllFwd', { logits, targets: tf.tensor1d(targets, 'int32'), weights });
        assert.throws(() => nll([1, 5]), /S2sNllFwd: a target id is outside the vocabulary/);
        assert.throws(() => nll([-1, 0]), /S2sNllFwd: a target id is outside the vocabulary/);
        // A GRU step with dot attention: B 2, S 3, H = K 4, D 5, E 3, an embedding of 6 rows, V 7.
        const step = (ids: number[]) =>
          runNative(
            'S2sDecodeStep',
            {
              ids: tf.tensor1d(ids, 'int32'),
              emb: tf.zeros([6, 3]),
              wx: tf.zeros([3, 12]),
              bx: tf.zeros([12]),
              keys: tf.zeros([2, 3, 4]),
              values: tf.zeros([2, 3, 5]),
              wc: tf.zeros([5, 12]),
              wh: tf.zeros([4, 12]),
              bh: tf.zeros([12]),
              h0: tf.zeros([2, 4]),
              wout: tf.zeros([9, 7]),
              bout: tf.zeros([7]),
            },
            { lstm: 0, att: 1 },
          );
        assert.deepEqual(
          step([0, 5]).map((t) => t.shape.join('x')),
          ['2x7', '2x3', '2x4'],
        );
        assert.throws(() => step([0, 6]), /S2sDecodeStep: a token id is outside the embedding/);
        assert.throws(() => step([-1, 0]), /S2sDecodeStep: a token id is outside the embedding/);
        assert.throws(
          () =>
            runNative(
              'S2sRnnFwd',
              { gx: tf.zeros([6, 12]), wh: tf.zeros([4, 12]), bh: tf.zeros([12]), h0: tf.zeros([4, 4]) },
              { lstm: 0, reverse: 0 },
            ),
          /S2sRnnFwd: h0 must be \[B, H\], gx \[T B, gates H\]/,
        );
        assert.throws(
          () =>
            runNative(
              'S2sRnnFwd',
              { gx: tf.zeros([8, 12]), wh: tf.zeros([4, 12]), h0: tf.zeros([4, 4]) },
              { lstm: 1, reverse: 0 },
            ),
          /S2sRnnFwd: W_h must be \[H, gates H\]/,
        );
        const m = tf.zeros([6, 8]);
        const layout = { batch: 2, heads: 2, width: 8, qo: 0, ko: 0, vo: 0, causal: 0, scale: 0.5 };
        assert.throws(
          () => runNative('S2sAttentionFwd', { q: m, k: m, v: m, mask: tf.ones([2, 4]) }, layout),
          /S2sAttentionFwd: mask must be \[B, Tk\] or empty/,
        );
        assert.throws(
          () => runNative('S2sAttentionFwd', { q: m, k: m, v: m }, { ...layout, vo: 4 }),
          /S2sAttentionFwd: q, k and v must be matrices holding width columns from their offsets/,
        );
        assert.throws(
          () => runNative('S2sLayerNormFwd', { x: tf.zeros([3, 4]), g: tf.ones([5]), b: tf.zeros([4]) }, { eps: 1e-5 }),
          /S2sLayerNormFwd: x must be \[N, d\], g \[d\]/,
        );
      });
    });
  });

  describe('native kernels that cannot load', () => {
    it('leave the backend on the reference kernels with the reason in one line', () => {
      // A fresh process: a library, once loaded, stays loaded.
      const script =
        "require('./src/core/backend').initBackend({ choice: 'tensorflow' })" +
        '.then((i) => console.log(JSON.stringify(i.kernels)))';
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, SEQ2SEQ_NATIVE_OPS: '/nonexistent/s2s_ops.node', SEQ2SEQ_KERNELS: 'fused' },
      });
      const info = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
      assert.deepEqual(info, {
        name: 'reference',
        detail: '',
        fallback:
          'the native kernels are not built (`npm run setup:native`, or Install Native Backend in VS Code): ' +
          'no /nonexistent/s2s_ops.node',
        threads: 1,
      });
    });
  });
}
