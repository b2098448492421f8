// Fused Adam + global-norm clipping on wasm (adam.c): one kernel for the whole update, where the
// reference path runs ~8 tfjs kernels per parameter (~400 per step on the reference model).
import { tf } from '../../backend/tf';
import type { AdamSettings, AdamUpdater } from '../types';
import { ADAM_BETA1, ADAM_BETA2 } from '../types';
import type { Runner } from './register';
import { registerFused, run as wasmRun } from './register';
import type { KernelExports } from './module';
import type { NamedTensor } from '../types';

// Inputs p0, g0, m0, v0, p1, ...; outputs: the norm, then p', m', v' of each parameter in turn.
export function registerAdamKernel(k: KernelExports): void {
  registerFused('S2sAdam', k, (k, heap, inputs, a) => {
    const at = (name: string, i: number) => inputs[`${name}${i}`]!;
    const count = a.count;
    let sq = 0;
    for (let i = 0; i < count; i++)
      sq += k.sum_squares(
        heap.ptr(at('g', i)),
        at('g', i).shape.reduce((x, d) => x * d, 1),
      );
    const norm = Math.sqrt(sq);
    const scale = Math.min(1, a.clip / Math.max(norm, 1e-12));
    const normOut = heap.out([]);
    new Float32Array(k.memory.buffer, heap.ptr(normOut), 1)[0] = norm;
    const outs: tf.TensorInfo[] = [normOut];
    for (let i = 0; i < count; i++) {
      const p = at('p', i);
      const [po, mo, vo] = [heap.out(p.shape), heap.out(p.shape), heap.out(p.shape)];
      k.adam_update(
        p.shape.reduce((x, d) => x * d, 1),
        heap.ptr(p),
        heap.ptr(at('g', i)),
        heap.ptr(at('m', i)),
        heap.ptr(at('v', i)),
        scale,
        a.lr,
        a.b1,
        a.b2,
        a.c1,
        a.c2,
        a.eps,
        heap.ptr(po),
        heap.ptr(mo),
        heap.ptr(vo),
      );
      outs.push(po, mo, vo);
    }
    return outs;
  });
}

export class FusedAdam implements AdamUpdater {
  private m: tf.Variable[] = [];
  private v: tf.Variable[] = [];
  private step = 0;

  constructor(
    private readonly vars: tf.Variable[],
    private settings: AdamSettings,
    private readonly run: Runner = wasmRun,
  ) {}

  setLearningRate(learningRate: number): void {
    this.settings = { ...this.settings, learningRate };
  }

  get iterations(): number {
    return this.step;
  }

  apply(grads: tf.Tensor[]): tf.Scalar {
    if (!this.m.length) {
      this.m = this.vars.map((p) => tf.zerosLike(p).variable(false));
      this.v = this.vars.map((p) => tf.zerosLike(p).variable(false));
    }
    this.step++;
    const beta2 = this.settings.beta2 ?? ADAM_BETA2;
    const inputs: Record<string, tf.Tensor> = {};
    this.vars.forEach((p, i) =>
      Object.assign(inputs, { [`p${i}`]: p, [`g${i}`]: grads[i], [`m${i}`]: this.m[i], [`v${i}`]: this.v[i] }),
    );
    const [norm, ...outs] = this.run('S2sAdam', inputs, {
      count: this.vars.length,
      lr: this.settings.learningRate,
      clip: this.settings.clipNorm,
      b1: ADAM_BETA1,
      b2: beta2,
      c1: 1 - ADAM_BETA1 ** this.step,
      c2: 1 - beta2 ** this.step,
      eps: tf.backend().epsilon(),
    });
    this.vars.forEach((p, i) => {
      const [po, mo, vo] = outs.slice(3 * i, 3 * i + 3);
      p.assign(po);
      this.m[i].assign(mo);
      this.v[i].assign(vo);
      tf.dispose([po, mo, vo]);
    });
    return norm as tf.Scalar;
  }

  /** tfjs AdamOptimizer's format: the step count, then every first moment, then every second. */
  async getWeights(): Promise<NamedTensor[]> {
    return [
      { name: 'iter', tensor: tf.scalar(this.step, 'int32') },
      ...this.named(this.m, 'm'),
      ...this.named(this.v, 'v'),
    ];
  }

  async setWeights(weights: NamedTensor[]): Promise<void> {
    const [iter, ...moments] = weights;
    this.step = (await iter.tensor.data())[0];
    this.disposeMoments();
    const n = moments.length / 2;
    this.m = moments.slice(0, n).map((w) => w.tensor.variable(false));
    this.v = moments.slice(n).map((w) => w.tensor.variable(false));
  }

  dispose(): void {
    this.disposeMoments();
  }

  // The moments carry their parameter's name, as tfjs's AdamOptimizer names them.
  private named(moments: tf.Variable[], suffix: string): NamedTensor[] {
    return moments.map((t, i) => ({ name: `${this.vars[i].name}/${suffix}`, tensor: t }));
  }

  private disposeMoments(): void {
    tf.dispose([...this.m, ...this.v]);
    this.m = [];
    this.v = [];
  }
}
