// Tensor pointers, outputs and scratch on tfjs-backend-wasm's heap, for the fused kernels.
import { tf } from '../../backend/tf';
import type { WasmBackend } from './module';

export class Heap {
  constructor(private readonly backend: WasmBackend) {}

  /** Byte offset of a tensor's data; 0 (a null pointer for the C side) when absent. */
  ptr(t: tf.TensorInfo | undefined): number {
    if (!t) return 0;
    const data = this.backend.dataIdMap.get(t.dataId);
    if (!data) throw new Error('fused kernel: tensor is not on the wasm backend');
    return data.memoryOffset;
  }

  out(shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.TensorInfo {
    return this.backend.makeOutput(shape, dtype);
  }

  /** Runs fn with float32 scratch blocks of the given sizes (in floats), freed afterwards. */
  scratch<T>(sizes: number[], fn: (...ptrs: number[]) => T): T {
    const total = sizes.reduce((a, n) => a + n, 0) * 4;
    const base = this.backend.wasm._malloc(Math.max(total, 4)) >>> 0;
    const ptrs: number[] = [];
    sizes.reduce((at, n) => (ptrs.push(at), at + n * 4), base);
    try {
      return fn(...ptrs);
    } finally {
      this.backend.wasm._free(base);
    }
  }
}
