// Tensor pointers, outputs, scratch and packed weights on tfjs-backend-wasm's heap, for the fused
// kernels.
import type { tf } from '../../backend/tf';
import type { KernelExports, WasmBackend } from './module';

const round8 = (n: number) => Math.ceil(n / 8) * 8;

/** Bytes of t [R, C] packed as the right operand (pack_nn), or of t^T ('tn'). */
export function packBytes(t: tf.TensorInfo, kind: 'nn' | 'tn'): number {
  const [R, C] = t.shape;
  return 4 * (kind === 'nn' ? R * round8(C) : C * round8(R));
}

/**
 * Packed copies of weight matrices (gemm.h's panel layout), kept while the weight's data lives.
 * A tensor's data never changes (an update makes new data), so a pack stays valid until the data
 * is freed; packing per call cost a batch-1 decoding step ~0.5 ms at hidden 256, more than its
 * matmuls. Packs of freed data are released at the next lookup. One cache per backend, made by its
 * first Heap, whose allocator and liveness test it uses (they are the backend's, whichever Heap).
 */
class PackCache {
  private readonly packs = new Map<object, { kind: 'nn' | 'tn'; ptr: number }[]>();

  constructor(
    private readonly heap: Heap,
    private readonly k: KernelExports,
  ) {}

  /** t [R, C] packed as the right operand (pack_nn); 'tn': t^T packed (pack_tn). */
  get(t: tf.TensorInfo, kind: 'nn' | 'tn', offset: number): number {
    this.sweep();
    const list = this.packs.get(t.dataId) ?? [];
    const hit = list.find((p) => p.kind === kind);
    if (hit) return hit.ptr;
    const [R, C] = t.shape;
    const ptr = this.heap.malloc(packBytes(t, kind));
    if (kind === 'nn') this.k.pack_nn(offset, R, C, C, ptr);
    else this.k.pack_tn(offset, C, R, C, ptr);
    list.push({ kind, ptr });
    this.packs.set(t.dataId, list);
    return ptr;
  }

  private sweep(): void {
    for (const [id, list] of this.packs) {
      if (this.heap.has(id)) continue;
      list.forEach((p) => this.heap.free(p.ptr));
      this.packs.delete(id);
    }
  }
}

const caches = new WeakMap<WasmBackend, PackCache>();

export class Heap {
  private readonly packs: PackCache;

  constructor(
    private readonly backend: WasmBackend,
    private readonly k: KernelExports,
  ) {
    let cache = caches.get(backend);
    if (!cache) caches.set(backend, (cache = new PackCache(this, k)));
    this.packs = cache;
  }

  /** Byte offset of a tensor's data; 0 (a null pointer for the C side) when absent. */
  ptr(t: tf.TensorInfo | undefined): number {
    if (!t) return 0;
    const data = this.backend.dataIdMap.get(t.dataId);
    if (!data) throw new Error('fused kernel: tensor is not on the wasm backend');
    return data.memoryOffset;
  }

  /** The weight w [R, C] packed as a right-hand GEMM operand, or its transpose ('tn'). */
  packed(w: tf.TensorInfo | undefined, kind: 'nn' | 'tn'): number {
    return w ? this.packs.get(w, kind, this.ptr(w)) : 0;
  }

  /** Whether the data `id` is still alive on the backend. */
  has(id: object): boolean {
    return this.backend.dataIdMap.has(id);
  }

  /** The backend's heap (a new buffer after it grows). */
  get buffer(): ArrayBuffer {
    return this.k.memory.buffer;
  }

  /** A block on the backend's heap, kept until free(); the offset unsigned (the heap may pass 2 GiB). */
  malloc(bytes: number): number {
    return this.backend.wasm._malloc(bytes) >>> 0;
  }

  free(ptr: number): void {
    this.backend.wasm._free(ptr);
  }

  out(shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.TensorInfo {
    return this.backend.makeOutput(shape, dtype);
  }
}
