// Inverted dropout that is a no-op at inference and draws reproducible masks from a seed in training.
import type { Tensor2D } from '../backend/tf';
import { tf } from '../backend/tf';

export class Dropout {
  private seed: number;

  constructor(
    private readonly rate: number,
    seed: number,
  ) {
    this.seed = seed;
  }

  static readonly off = new Dropout(0, 0);

  /** Whether apply() draws masks (training with a rate above 0). */
  get active(): boolean {
    return this.rate > 0;
  }

  apply<T extends tf.Tensor = Tensor2D>(x: T): T {
    if (this.rate <= 0) return x;
    return tf.dropout(x, this.rate, undefined, this.seed++) as T;
  }
}
