// The fused attention-decoder loop on wasm (decoder.c): one kernel for all T teacher-forced steps,
// one for their backward pass; with T = 1 and no gradient, the decoding step.
import type { Tensor2D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import type { DecoderResult, DecoderRun } from '../types';
import type { Attrs, Runner } from './register';
import { registerFused, run as wasmRun, withGradient } from './register';
import type { KernelExports } from './module';
import { split } from './split';

const WS = { gru: 4, lstm: 5 };
const ADDITIVE = 0;
const DOT = 1;

type Dims = Record<'T' | 'B' | 'S' | 'H' | 'A' | 'D' | 'G' | 'KW', number>;

function dims(gxe: tf.TensorInfo, keys: tf.TensorInfo, values: tf.TensorInfo, h0: tf.TensorInfo, a: Attrs): Dims {
  const [B, S, KW] = keys.shape;
  const H = h0.shape[1];
  const G = gxe.shape[1];
  return { T: a.steps, B, S, H, A: a.att === ADDITIVE ? KW : 0, D: values.shape[2], G, KW };
}

export function registerDecoderKernels(k: KernelExports): void {
  registerFused('S2sDecFwd', k, (k, heap, i, a) => {
    const d = dims(i.gxe!, i.keys!, i.values!, i.h0!, a);
    const { T, B, S, H, A, D, G } = d;
    const out = heap.out([T * B, H + D]);
    const wall = heap.out([T * B, S]);
    const eall = heap.out(a.training && a.att === ADDITIVE ? [T * B * S, A] : [1]);
    const ws = heap.out([T * B, (a.lstm ? WS.lstm : WS.gru) * H]);
    const cs = heap.out(a.lstm ? [T * B, H] : [1]);
    const saveE = a.training && a.att === ADDITIVE;
    split(heap, k, B, (p) => {
      const memory = [p.rows(i.keys), p.rows(i.values), p.rows(i.bias)];
      const weights = [p.packed(i.wa, 'nn'), p.whole(i.ba), p.whole(i.va), p.packed(i.wc, 'nn'), p.packed(i.wh, 'nn')];
      const outs = [
        p.out(out, T),
        p.out(wall, T),
        saveE ? p.out(eall, T) : 0,
        p.out(ws, T),
        p.out(a.lstm ? cs : undefined, T),
      ];
      const state = [p.whole(i.bh), p.rows(i.h0), p.rows(i.c0)];
      const scratch = [p.scratch(p.B * A), p.scratch(p.B * G), p.scratch(p.B * G)];
      const sizes = [T, p.B, p.Bs, S, H, A, D, a.lstm, a.att];
      p.call('dec_fwd', [...sizes, p.rows(i.gxe, T), ...memory, ...weights, ...state, ...outs, ...scratch]);
    });
    return [out, wall, eall, ws, cs];
  });
  // Gradients in the order of fusedDecoder's `names`: the six every loop has, then W_a, b_a, v_a
  // (additive) and b_h (GRU) or c0 (LSTM).
  registerFused('S2sDecBwd', k, (k, heap, i, a) => {
    const d = dims(i.gxe!, i.keys!, i.values!, i.h0!, a);
    const { T, B, S, H, A, D, G, KW } = d;
    const mk = (shape: number[]) => heap.out(shape);
    const dgxe = mk([T * B, G]),
      dK = mk([B, S, KW]),
      dV = mk([B, S, D]),
      dWc = mk([D, G]),
      dWh = mk([H, G]);
    const dh0 = mk([B, H]);
    const additive = a.att === ADDITIVE;
    const dWa = additive ? mk([H, A]) : undefined,
      dba = additive ? mk([A]) : undefined,
      dva = additive ? mk([A, 1]) : undefined;
    const dbh = a.lstm ? undefined : mk([G]);
    const dc0 = a.lstm ? mk([B, H]) : undefined;
    split(heap, k, B, (p) => {
      const weights = [p.rows(i.keys), p.rows(i.values), p.packed(i.wa, 'tn'), p.whole(i.va)];
      const packs = [p.packed(i.wc, 'tn'), p.packed(i.wh, 'tn')];
      const saved = [i.out, i.wall, i.eall && a.att === ADDITIVE ? i.eall : undefined, i.ws, a.lstm ? i.cs : undefined];
      const inputs = [p.rows(i.h0), p.rows(i.c0), ...saved.map((t) => p.rows(t, T)), p.rows(i.dout, T)];
      const grads = [p.out(dgxe, T), p.out(dK), p.out(dV), p.sum(dWa), p.sum(dba), p.sum(dva), p.sum(dWc), p.sum(dWh)];
      const state = [p.sum(dbh), p.out(dh0), p.out(dc0)];
      const rows = [T * p.Bs * G, T * p.Bs * KW, p.B * H, p.B * H, p.B * D, S];
      const scratch = rows.map((n, j) => p.scratch(j === 0 && a.lstm ? 0 : n));
      const sizes = [T, p.B, p.Bs, S, H, A, D, a.lstm, a.att];
      p.call('dec_bwd', [...sizes, ...weights, ...packs, ...inputs, ...grads, ...state, ...scratch]);
    });
    return [dgxe, dK, dV, dWc, dWh, dh0, ...[dWa, dba, dva, dbh, dc0].filter((t): t is tf.TensorInfo => !!t)];
  });
}

export function fusedDecoder(r: DecoderRun, training: boolean, run: Runner = wasmRun): DecoderResult {
  const { weights: w, gxe, steps: T, initial, memory } = r;
  const lstm = w.cell.type === 'lstm' ? 1 : 0;
  const additive = w.attention === 'additive';
  const attrs = { steps: T, lstm, att: additive ? ADDITIVE : DOT, training: training ? 1 : 0 };
  const bias = memory.maskBias;
  // Differentiable inputs, in the order the backward kernel returns their gradients.
  const names = [
    'gxe',
    'keys',
    'values',
    'wc',
    'wh',
    'h0',
    ...(additive ? ['wa', 'ba', 'va'] : []),
    ...(lstm ? ['c0'] : ['bh']),
  ];
  const all: Record<string, tf.Tensor | undefined> = {
    gxe,
    keys: memory.keys,
    values: memory.values,
    wc: w.wc,
    wh: w.cell.weights.wh,
    h0: initial.h,
    wa: w.wa,
    ba: w.ba,
    va: w.va,
    c0: initial.c,
    bh: w.cell.weights.bh,
  };
  const inputs = names.map((n) => all[n]!);
  const named = (xs: tf.Tensor[]) => Object.fromEntries(names.map((n, i) => [n, xs[i]]));
  if (!training) {
    const [out, wall, , , cs] = run('S2sDecFwd', { ...named(inputs), bias }, attrs);
    const B = out.shape[0] / T;
    const H = w.cell.hiddenSize;
    const h = tf.slice(out, [(T - 1) * B, 0], [B, H]) as Tensor2D;
    const final = lstm ? { h, c: tf.slice(cs, [(T - 1) * B, 0], [B, H]) as Tensor2D } : { h };
    return { outputs: out as Tensor2D, weights: wall as Tensor2D, final };
  }
  const outputs = withGradient(
    inputs,
    (...xs) => {
      const [out, wall, eall, ws, cs] = run('S2sDecFwd', { ...named(xs), bias }, attrs);
      return { value: out, saved: [...xs, out, wall, eall, ws, cs] }; // backward reads the weights, not the mask
    },
    (dout, saved) => {
      const xs = named(saved.slice(0, names.length));
      const [out, wall, eall, ws, cs] = saved.slice(names.length);
      return run('S2sDecBwd', { ...xs, out, wall, eall, ws, cs, dout }, attrs);
    },
  ) as Tensor2D;
  return { outputs };
}
