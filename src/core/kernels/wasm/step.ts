// The fused decoding step on wasm (step.c): previous tokens in, log-probabilities, attention and the
// new state out, one kernel per step for greedy and beam search.
import type { tf, Tensor2D } from '../../backend/tf';
import type { DecodeStepResult, DecodeStepRun } from '../types';
import type { Runner } from './register';
import { registerFused, run as wasmRun } from './register';
import type { KernelExports } from './module';
import { split } from './split';

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
    // The decoder's tables (decoder.c, T = 1, one layer) around scratch for its inputs and outputs;
    // weights whole, the session's memory (keys, values, mask) fixed rows, the state rows.
    split(heap, k, B, (p) => {
      const dims = p.ints([1, p.B, p.Bs, S, H, A, D, a.lstm, a.att, 1, E, V]);
      const [gxe, out] = [p.scratch(p.B * G), p.scratch(p.B * O)];
      const memory = [p.fixedRows(i.keys), p.fixedRows(i.values), p.fixedRows(i.bias)];
      const attention = [p.packed(i.wa, 'nn'), p.whole(i.ba), p.whole(i.va), p.packed(i.wc, 'nn')];
      const work = [p.scratch(p.B * A), p.scratch(p.B * G), p.scratch(p.B * G)];
      const table = p.ints([gxe, ...memory, ...attention, out, p.out(wall), 0, ...work]);
      const state = [p.rows(i.h0), p.rows(i.c0), p.scratch(p.B * 5 * H), p.out(cT)];
      const layer = p.ints([p.packed(i.wh, 'nn'), p.whole(i.bh), ...state, 0, 0, 0, 0, 0]);
      const embed = [p.rows(i.ids), p.whole(i.emb), p.packed(i.wx, 'nn'), p.whole(i.bx)];
      const output = [p.packed(i.wout, 'nn'), p.whole(i.bout), p.out(logp), p.out(hT), p.scratch(p.B * E)];
      p.call('dec_step', [dims, table, layer, p.ints([...embed, ...output])]);
    });
    return cT ? [logp, wall, hT, cT] : [logp, wall, hT];
  });
}

export function fusedDecodeStep(r: DecodeStepRun, run: Runner = wasmRun): DecodeStepResult {
  const { weights: w, memory } = r;
  const cell = w.cells[0];
  const lstm = cell.type === 'lstm' ? 1 : 0;
  const inputs: Record<string, tf.Tensor | undefined> = {
    ids: r.ids,
    emb: r.embedding,
    wx: cell.weights.wx,
    bx: cell.weights.bx,
    keys: memory.keys,
    values: memory.values,
    bias: memory.maskBias,
    wa: w.wa,
    ba: w.ba,
    va: w.va,
    wc: w.wc,
    wh: cell.weights.wh,
    bh: cell.weights.bh,
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
