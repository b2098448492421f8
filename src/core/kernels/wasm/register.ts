// Registers a fused kernel on the wasm backend and calls it: a thin layer over tf.registerKernel
// and engine.runKernel, so that each kernel family's file holds only its shapes and its C call.
import { tf } from '../../backend/tf';
import { Heap } from './heap';
import type { KernelExports, WasmBackend } from './module';

type Inputs = Record<string, tf.TensorInfo | undefined>;
export type Attrs = Record<string, number>;
export type KernelBody = (k: KernelExports, heap: Heap, inputs: Inputs, attrs: Attrs) => tf.TensorInfo[];

export function registerFused(name: string, k: KernelExports, body: KernelBody): void {
  if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) =>
      body(k, new Heap(backend as unknown as WasmBackend, k), inputs as Inputs, attrs as unknown as Attrs),
  });
}

/**
 * Runs a fused kernel by name on named inputs. The wrappers (fusedRnn, fusedDecoder, fusedNll,
 * FusedAdam) take one, so that the native backend's custom ops (../native) reuse them unchanged.
 */
export type Runner = (name: string, inputs: Record<string, tf.Tensor | undefined>, attrs?: Attrs) => tf.Tensor[];

/** Runs a registered kernel; absent (undefined) inputs are left out. */
export function run(name: string, inputs: Record<string, tf.Tensor | undefined>, attrs: Attrs = {}): tf.Tensor[] {
  const present = Object.fromEntries(Object.entries(inputs).filter(([, t]) => t !== undefined)) as tf.NamedTensorMap;
  const out = tf.engine().runKernel(name, present, attrs as unknown as tf.NamedAttrMap);
  return Array.isArray(out) ? out : [out as tf.Tensor];
}

/**
 * tf.customGrad over a fused forward kernel: `forward` returns the value and the tensors the
 * backward pass needs; `backward` returns one gradient per input, in order.
 */
export function withGradient(
  inputs: tf.Tensor[],
  forward: (...xs: tf.Tensor[]) => { value: tf.Tensor; saved: tf.Tensor[] },
  backward: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[],
): tf.Tensor {
  const f = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const { value, saved } = forward(...(args as tf.Tensor[]));
    save(saved);
    return { value, gradFunc: (dy: tf.Tensor, s: tf.Tensor[]) => backward(dy, s) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (f as unknown as (...xs: tf.Tensor[]) => tf.Tensor)(...inputs);
}
