// Sinusoidal positions (Vaswani et al. 2017, section 3.5): PE(p, 2i) = sin(p / 10000^(2i/d)) and
// PE(p, 2i+1) = cos(p / 10000^(2i/d)). Fixed rather than learned, so nothing is saved for them and
// any length decodes.
import type { Tensor2D } from '../../backend/tf';
import { tf } from '../../backend/tf';

/** The encodings of positions start .. start + count - 1, [count, d] (d even). */
export function sinusoids(start: number, count: number, d: number): Tensor2D {
  const table = new Float32Array(count * d);
  for (let p = 0; p < count; p++) {
    for (let i = 0; i < d; i += 2) {
      const angle = (start + p) / Math.pow(10000, i / d);
      table[p * d + i] = Math.sin(angle);
      table[p * d + i + 1] = Math.cos(angle);
    }
  }
  return tf.tensor2d(table, [count, d]);
}
