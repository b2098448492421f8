// Named trainable weights. Variable names carry a per-instance prefix because tfjs keeps one global
// registry of variable names and a worker may hold several models at once.
import type { Variable } from '../backend/tf';
import { tf } from '../backend/tf';

let instances = 0;

export class Params {
  private readonly vars = new Map<string, Variable>();
  private readonly prefix = `s2s${++instances}/`;
  private seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  /** Glorot-uniform weight matrix, seeded so that a run is reproducible on every backend. */
  weight(name: string, shape: [number, number]): Variable {
    const limit = Math.sqrt(6 / (shape[0] + shape[1]));
    return this.add(name, tf.randomUniform(shape, -limit, limit, 'float32', this.seed++));
  }

  /** Embedding table, N(0, std). */
  embedding(name: string, shape: [number, number], std = 0.1): Variable {
    return this.add(name, tf.randomNormal(shape, 0, std, 'float32', this.seed++));
  }

  bias(name: string, size: number, value = 0): Variable {
    return this.add(name, tf.fill([size], value));
  }

  add1D(name: string, values: number[]): Variable {
    return this.add(name, tf.tensor1d(values));
  }

  get(name: string): Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`No parameter named ${name}`);
    return v;
  }

  /** Parameters in creation order; the order is part of the saved weights' layout. */
  entries(): [string, Variable][] {
    return [...this.vars.entries()];
  }

  list(): Variable[] {
    return [...this.vars.values()];
  }

  /** Maps a tfjs variable name (as the optimizer reports it) back to the parameter's own name. */
  localName(variableName: string): string {
    return variableName.startsWith(this.prefix) ? variableName.slice(this.prefix.length) : variableName;
  }

  variableName(name: string): string {
    return this.prefix + name;
  }

  count(): number {
    return this.list().reduce((n, v) => n + v.size, 0);
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }

  private add(name: string, init: tf.Tensor): Variable {
    if (this.vars.has(name)) throw new Error(`Duplicate parameter ${name}`);
    const v = tf.variable(init, true, this.prefix + name);
    init.dispose();
    this.vars.set(name, v);
    return v;
  }
}
