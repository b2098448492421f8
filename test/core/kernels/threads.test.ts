// The fused wasm kernels with their helper thread (src/core/kernels/wasm/threads.ts, split.ts): the
// fused suite again, with every batch of two rows or more split between the two threads, so each
// kernel that splits is compared with the reference path; and the helper thread on its own.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { parseThreads } from '../../../src/core/kernels';
import { Helper } from '../../../src/core/kernels/wasm/threads';
import { fusedSuite } from './fused-suite';

fusedSuite('wasm', 2);

describe('helper thread', () => {
  it('runs a kernel on its memory, reports a trap as an error, and keeps working after it', async () => {
    const helper = await Helper.start('simd');
    try {
      const [dst, src] = [helper.alloc(4 * 6), helper.alloc(4 * 6)];
      new Float32Array(helper.buffer, dst, 6).set([1, 2, 3, 4, 5, 6]);
      new Float32Array(helper.buffer, src, 6).set([10, 20, 30, 40, 50, 60]);
      helper.post('vec_add', [6, dst, 2 ** 31]); // src far outside the memory
      assert.throws(() => helper.wait(), /helper thread: .*out of bounds/);
      helper.post('vec_add', [6, dst, src]);
      helper.wait();
      assert.deepEqual([...new Float32Array(helper.buffer, dst, 6)], [11, 22, 33, 44, 55, 66]);
    } finally {
      await helper.stop();
    }
  });

  it('grows its memory for an allocation larger than it, keeping what it holds', async () => {
    const helper = await Helper.start('simd');
    try {
      const before = helper.buffer.byteLength;
      const small = helper.alloc(16);
      new Float32Array(helper.buffer, small, 4).set([1, 2, 3, 4]);
      const big = helper.alloc(before * 2);
      assert.ok(big + before * 2 <= helper.buffer.byteLength);
      assert.deepEqual([...new Float32Array(helper.buffer, small, 4)], [1, 2, 3, 4]);
    } finally {
      await helper.stop();
    }
  });

  it('threads: auto is 2 on two or more cores, 1 and 2 as asked, anything else an error naming the choices', () => {
    assert.equal(parseThreads(undefined), Math.min(2, os.availableParallelism()));
    assert.equal(parseThreads('1'), 1);
    assert.equal(parseThreads(2), 2);
    assert.throws(() => parseThreads('8'), /Unknown threads "8". Choose one of: auto, 1, 2/);
  });
});
