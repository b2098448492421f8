// GRU and LSTM cells in the form the time loops need: the input projection x·W_x + b_x is computed
// for all time steps at once outside the loop, so a step only multiplies by the recurrent weights.
import type { Tensor2D } from '../backend/tf';
import { tf } from '../backend/tf';
import type { CellType } from './config';
import { linear } from './matmul';
import type { Params } from './params';
import type { Cell, CellState } from './types';

const GATES: Record<CellType, number> = { gru: 3, lstm: 4 };

export function createCell(params: Params, name: string, type: CellType, inputSize: number, hiddenSize: number): Cell {
  const gateSize = GATES[type] * hiddenSize;
  const wx = params.weight(`${name}/Wx`, [inputSize, gateSize]);
  const wh = params.weight(`${name}/Wh`, [hiddenSize, gateSize]);
  // LSTM forget-gate bias starts at 1 so that early training does not forget everything.
  const bx =
    type === 'lstm'
      ? params.add1D(
          `${name}/bx`,
          [0, 1, 0, 0].flatMap((v) => Array<number>(hiddenSize).fill(v)),
        )
      : params.bias(`${name}/bx`, gateSize);
  const bh = type === 'gru' ? params.bias(`${name}/bh`, gateSize) : undefined;
  const H = hiddenSize;
  const zeroState = (batch: number): CellState => {
    const h = tf.zeros([batch, H]) as Tensor2D;
    return type === 'lstm' ? { h, c: tf.zeros([batch, H]) as Tensor2D } : { h };
  };
  const step =
    type === 'gru'
      ? (gx: Tensor2D, s: CellState): CellState => ({ h: gruStep(gx, linear(s.h, wh, bh), s.h) })
      : (gx: Tensor2D, s: CellState): CellState => lstmStep(tf.add(gx, linear(s.h, wh)), s.c!);
  const project = (x: tf.Tensor) => linear(x, wx, bx);
  return { type, hiddenSize, gateSize, project, step, zeroState, weights: { wh, bh, wx, bx } };
}

// Gates are cut apart with tf.split rather than slices: a split's gradient is one concat, while
// every slice's gradient pads a zero tensor to the full width and adds it up (measured: ~20% of
// a training step on the native backend went to those pads and adds).

// PyTorch's convention: the reset gate scales (W_hn h + b_hn), gates ordered [r | z | n].
function gruStep(gx: Tensor2D, gh: Tensor2D, h: Tensor2D): Tensor2D {
  const [xr, xz, xn] = tf.split(gx, 3, 1);
  const [hr, hz, hn] = tf.split(gh, 3, 1);
  const r = tf.sigmoid(tf.add(xr, hr));
  const z = tf.sigmoid(tf.add(xz, hz));
  const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
  return tf.add(n, tf.mul(z, tf.sub(h, n)));
}

// Gates ordered [i | f | g | o].
function lstmStep(gates: Tensor2D, c: Tensor2D): CellState {
  const [i, f, g, o] = tf.split(gates, 4, 1);
  const cNew = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  const hNew = tf.mul(tf.sigmoid(o), tf.tanh(cNew));
  return { h: hNew as Tensor2D, c: cNew as Tensor2D };
}
