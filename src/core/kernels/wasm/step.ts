// The fused decoding step on wasm (step.c): previous tokens in, log-probabilities, attention and the
// new state out, one kernel per step for greedy and beam search.
import type { tf, Tensor2D } from '../../backend/tf';
import type { DecodeStepResult, DecodeStepRun } from '../types';
import { registerFused, run } from './register';
import type { KernelExports } from './module';

const POINTERS = ['ids', 'emb', 'wx', 'bx', 'keys', 'values', 'bias', 'wa', 'ba', 'va', 'wc', 'wh', 'bh', 'h0', 'c0'];

export function registerStepKernel(k: KernelExports): void {
  registerFused('S2sDecodeStep', k, (k, heap, i, a) => {
    const [B, S, KW] = i.keys!.shape;
    const [H, G] = i.wh!.shape;
    const [V, E] = i.emb!.shape;
    const D = i.values!.shape[2];
    const A = a.att === 0 ? KW : 0;
    const O = H + D;
    const [logp, wall, hT] = [heap.out([B, V]), heap.out([B, S]), heap.out([B, H])];
    const cT = a.lstm ? heap.out([B, H]) : undefined;
    const packed = new Set(['wx', 'wa', 'wc', 'wh']);
    const ptrs = [
      ...POINTERS.map((n) => (packed.has(n) ? heap.packed(i[n], 'nn') : heap.ptr(i[n]))),
      heap.packed(i.wout, 'nn'),
      heap.ptr(i.bout),
    ];
    const floats = B * (3 * G + O + 5 * H + H + A + E);
    heap.scratch([9, ptrs.length, floats], (dims, table, scratch) => {
      new Int32Array(k.memory.buffer, dims, 9).set([B, S, H, A, D, E, V, a.lstm, a.att]);
      new Int32Array(k.memory.buffer, table, ptrs.length).set(ptrs);
      k.dec_step(dims, table, heap.ptr(logp), heap.ptr(wall), heap.ptr(hT), heap.ptr(cT), scratch);
    });
    return cT ? [logp, wall, hT, cT] : [logp, wall, hT];
  });
}

export function fusedDecodeStep(r: DecodeStepRun): DecodeStepResult {
  const { weights: w, memory } = r;
  const lstm = w.cell.type === 'lstm' ? 1 : 0;
  const inputs: Record<string, tf.Tensor | undefined> = {
    ids: r.ids,
    emb: r.embedding,
    wx: w.cell.weights.wx,
    bx: w.cell.weights.bx,
    keys: memory.keys,
    values: memory.values,
    bias: memory.maskBias,
    wa: w.wa,
    ba: w.ba,
    va: w.va,
    wc: w.wc,
    wh: w.cell.weights.wh,
    bh: w.cell.weights.bh,
    h0: r.state.h,
    c0: r.state.c,
    wout: r.outW,
    bout: r.outB,
  };
  const [logProbs, weights, h, c] = run('S2sDecodeStep', inputs, { lstm, att: w.attention === 'additive' ? 0 : 1 });
  return {
    logProbs: logProbs as Tensor2D,
    weights: weights as Tensor2D,
    state: c ? { h: h as Tensor2D, c: c as Tensor2D } : { h: h as Tensor2D },
  };
}
