// UnsortedSegmentSum is the gradient of tf.gather, i.e. of every embedding lookup.
// tfjs-backend-wasm has no kernel for it, and tfjs-backend-cpu's loops over every segment
// (O(vocab x N)); both make embedding training unusable. This O(N) kernel fixes both.
import { tf } from './tf';

type KernelArgs = Parameters<tf.KernelFunc>[0];
interface DataBackend {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput?(shape: number[], dtype: string): tf.TensorInfo;
  typedArrayFromHeap?(t: tf.TensorInfo): Float32Array;
  makeTensorInfo?(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
}

function segmentSum(values: ArrayLike<number>, ids: ArrayLike<number>, inner: number, out: Float32Array): void {
  out.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const dst = ids[i] * inner;
    const src = i * inner;
    for (let j = 0; j < inner; j++) out[dst + j] += values[src + j];
  }
}

function kernelFor(backendName: string): tf.KernelFunc {
  return ({ inputs, backend, attrs }: KernelArgs) => {
    const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const b = backend as unknown as DataBackend;
    const shape = [(attrs as { numSegments: number }).numSegments, ...x.shape.slice(1)];
    const inner = x.shape.slice(1).reduce((a, d) => a * d, 1);
    const xs = b.readSync(x.dataId);
    const ids = b.readSync(segmentIds.dataId);
    if (backendName === 'wasm') {
      const out = b.makeOutput!(shape, 'float32');
      segmentSum(xs, ids, inner, b.typedArrayFromHeap!(out));
      return out;
    }
    const out = new Float32Array(shape.reduce((a, d) => a * d, 1));
    segmentSum(xs, ids, inner, out);
    return b.makeTensorInfo!(shape, 'float32', out);
  };
}

/** Registers the O(N) kernel on wasm or cpu (the native backend has its own). */
export function registerSegmentSumKernel(backendName: 'wasm' | 'cpu'): void {
  if (tf.getKernel('UnsortedSegmentSum', backendName)) tf.unregisterKernel('UnsortedSegmentSum', backendName);
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: kernelFor(backendName) });
}
