// The fused attention-decoder loop on wasm (decoder.c): one kernel for all T teacher-forced steps of
// a stack of L layers, one for their backward pass; with T = 1 and no gradient, the decoding step.
// Layer 0's tensors keep the one-layer names (wh, h0, ws, ...) the native ops share; layer l > 0's
// carry the suffix l (wh1, h01, ws1, ...).
import type { Tensor2D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import type { DecoderResult, DecoderRun } from '../types';
import type { CellState } from '../../model/types';
import type { Attrs, Runner } from './register';
import { registerFused, run as wasmRun, withGradient } from './register';
import type { KernelExports } from './module';
import type { Part } from './split';
import { split } from './split';

const WS = { gru: 4, lstm: 5 };
const ADDITIVE = 0;
const DOT = 1;

/** Layer l's name for a per-layer tensor. */
export const nm = (base: string, l: number) => (l === 0 ? base : `${base}${l}`);
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** The forward kernel's outputs, in order: what the backward kernel reads back by these names. */
function forwardOutputs(L: number): string[] {
  const layers = (base: string, from: number, to: number) => range(from, to).map((l) => nm(base, l));
  const below = range(0, L - 1).map((l) => `hs${l}`); // the states of the layers under the top
  return ['out', 'wall', 'eall', ...layers('ws', 0, L), ...layers('cs', 0, L), ...below, ...layers('xin', 1, L)];
}

/** The differentiable inputs, in the order the backward kernel returns their gradients. */
function differentiable(L: number, additive: boolean, lstm: boolean): string[] {
  const upper = range(1, L).flatMap((l) => ['wh', 'h0', 'wx', 'bx', lstm ? 'c0' : 'bh'].map((n) => nm(n, l)));
  return [
    'gxe',
    'keys',
    'values',
    'wc',
    'wh',
    'h0',
    ...(additive ? ['wa', 'ba', 'va'] : []),
    lstm ? 'c0' : 'bh',
    ...upper,
  ];
}

type Dims = Record<'T' | 'B' | 'S' | 'H' | 'A' | 'D' | 'G' | 'KW' | 'L', number>;

function dims(i: Record<string, tf.TensorInfo | undefined>, a: Attrs): Dims {
  const [B, S, KW] = i.keys!.shape;
  const H = i.h0!.shape[1];
  return {
    T: a.steps,
    B,
    S,
    H,
    A: a.att === ADDITIVE ? KW : 0,
    D: i.values!.shape[2],
    G: i.gxe!.shape[1],
    KW,
    L: a.layers,
  };
}

/** decoder.c's dims array for one share of the rows. */
const dimsOf = (p: Part, d: Dims, a: Attrs) => p.ints([d.T, p.B, p.Bs, d.S, d.H, d.A, d.D, a.lstm, a.att, d.L]);

export function registerDecoderKernels(k: KernelExports): void {
  registerFused('S2sDecFwd', k, (k, heap, i, a) => {
    const d = dims(i, a);
    const { T, B, S, H, A, D, G, L } = d;
    const saveE = a.training && a.att === ADDITIVE;
    const rows = (width: number) => heap.out([T * B, width]);
    const [out, wall, eall] = [rows(H + D), rows(S), heap.out(saveE ? [T * B * S, A] : [1])];
    const ws = range(0, L).map(() => rows((a.lstm ? WS.lstm : WS.gru) * H));
    const cs = range(0, L).map(() => (a.lstm ? rows(H) : heap.out([1])));
    const [hs, xin] = [range(0, L - 1).map(() => rows(H)), range(0, L - 1).map(() => rows(H))];
    split(heap, k, B, (p) => {
      const table = p.ints([
        p.rows(i.gxe, T),
        p.rows(i.keys),
        p.rows(i.values),
        p.rows(i.bias),
        p.packed(i.wa, 'nn'),
        p.whole(i.ba),
        p.whole(i.va),
        p.packed(i.wc, 'nn'),
        p.out(out, T),
        p.out(wall, T),
        saveE ? p.out(eall, T) : 0,
        p.scratch(p.B * A),
        p.scratch(p.B * G),
        p.scratch(p.B * G),
      ]);
      const layers = range(0, L).flatMap((l) => [
        p.packed(i[nm('wh', l)], 'nn'),
        p.whole(i[nm('bh', l)]),
        p.rows(i[nm('h0', l)]),
        p.rows(i[nm('c0', l)]),
        p.out(ws[l], T),
        a.lstm ? p.out(cs[l], T) : 0,
        l < L - 1 ? p.out(hs[l], T) : 0,
        p.packed(i[nm('wx', l)], 'nn'),
        p.whole(i[nm('bx', l)]),
        p.rows(i[nm('mask', l)], T),
        l > 0 ? p.out(xin[l - 1], T) : 0,
      ]);
      p.call('dec_fwd', [dimsOf(p, d, a), table, p.ints(layers)]);
    });
    return [out, wall, eall, ...ws, ...cs, ...hs, ...xin];
  });
  registerFused('S2sDecBwd', k, (k, heap, i, a) => {
    const d = dims(i, a);
    const { T, B, S, H, A, D, G, KW, L } = d;
    const additive = a.att === ADDITIVE;
    const mk = (shape: number[], when = true) => (when ? heap.out(shape) : undefined);
    const [dgxe, dK, dV, dWc] = [mk([T * B, G]), mk([B, S, KW]), mk([B, S, D]), mk([D, G])];
    const [dWa, dba, dva] = [mk([H, A], additive), mk([A], additive), mk([A, 1], additive)];
    const layer = range(0, L).map((l) => ({
      dWh: mk([H, G])!,
      dh0: mk([B, H])!,
      dbh: mk([G], !a.lstm),
      dc0: mk([B, H], !!a.lstm),
      dWx: mk([H, G], l > 0),
      dbx: mk([G], l > 0),
    }));
    split(heap, k, B, (p) => {
      const table = p.ints([
        p.rows(i.keys),
        p.rows(i.values),
        p.packed(i.wa, 'tn'),
        p.whole(i.va),
        p.packed(i.wc, 'tn'),
        p.rows(i.out, T),
        p.rows(i.wall, T),
        additive ? p.rows(i.eall, T) : 0,
        p.rows(i.dout, T),
        p.out(dgxe, T),
        p.out(dK),
        p.out(dV),
        p.sum(dWa),
        p.sum(dba),
        p.sum(dva),
        p.sum(dWc),
        p.scratch(T * p.Bs * KW),
        p.scratch(p.B * D),
        p.scratch(S),
        p.scratch(p.B * H),
      ]);
      const layers = layer.flatMap((g, l) => [
        p.packed(i[nm('wh', l)], 'tn'),
        p.rows(i[nm('h0', l)]),
        p.rows(i[nm('c0', l)]),
        p.rows(i[nm('ws', l)], T),
        a.lstm ? p.rows(i[nm('cs', l)], T) : 0,
        l < L - 1 ? p.rows(i[`hs${l}`], T) : 0,
        p.packed(i[nm('wx', l)], 'tn'),
        p.rows(i[nm('mask', l)], T),
        l > 0 ? p.rows(i[`xin${l}`], T) : 0,
        p.sum(g.dWh),
        p.sum(g.dbh),
        p.out(g.dh0),
        p.out(g.dc0),
        p.sum(g.dWx),
        p.sum(g.dbx),
        p.scratch(p.B * H),
        p.scratch(p.B * H),
        p.scratch(a.lstm ? 0 : T * p.Bs * G),
        p.scratch(l > 0 ? T * p.Bs * G : 0),
      ]);
      p.call('dec_bwd', [dimsOf(p, d, a), table, p.ints(layers)]);
    });
    const top = [dgxe, dK, dV, dWc, layer[0].dWh, layer[0].dh0, dWa, dba, dva, layer[0].dbh ?? layer[0].dc0];
    const upper = layer.slice(1).flatMap((g) => [g.dWh, g.dh0, g.dWx, g.dbx, g.dbh ?? g.dc0]);
    return [...top, ...upper].filter((t): t is tf.TensorInfo => !!t);
  });
}

export function fusedDecoder(r: DecoderRun, training: boolean, run: Runner = wasmRun): DecoderResult {
  const { weights: w, gxe, steps: T, initial, memory } = r;
  const L = w.cells.length;
  const lstm = w.cells[0].type === 'lstm';
  const additive = w.attention === 'additive';
  const attrs = { steps: T, lstm: lstm ? 1 : 0, att: additive ? ADDITIVE : DOT, training: training ? 1 : 0, layers: L };
  const all: Record<string, tf.Tensor | undefined> = { gxe, keys: memory.keys, values: memory.values, wc: w.wc };
  Object.assign(all, { wa: w.wa, ba: w.ba, va: w.va });
  w.cells.forEach((cell, l) => {
    const { wh, bh, wx, bx } = cell.weights;
    Object.assign(all, {
      [nm('wh', l)]: wh,
      [nm('bh', l)]: bh,
      [nm('h0', l)]: initial[l].h,
      [nm('c0', l)]: initial[l].c,
    });
    if (l > 0) Object.assign(all, { [nm('wx', l)]: wx, [nm('bx', l)]: bx });
  });
  // Not differentiated: the mask bias and the dropout masks.
  const fixed: Record<string, tf.Tensor | undefined> = { bias: memory.maskBias };
  r.masks()?.forEach((m, j) => (fixed[nm('mask', j + 1)] = m));
  const names = differentiable(L, additive, lstm);
  const outNames = forwardOutputs(L);
  const named = (keys: string[], xs: tf.Tensor[]) => Object.fromEntries(keys.map((n, j) => [n, xs[j]]));
  const inputs = names.map((n) => all[n]!);
  if (!training) {
    const o = named(outNames, run('S2sDecFwd', { ...all, ...fixed }, attrs));
    return {
      outputs: o.out as Tensor2D,
      weights: o.wall as Tensor2D,
      final: finalStates(o, L, T, w.cells[0].hiddenSize, lstm),
    };
  }
  const fixedNames = Object.keys(fixed).filter((n) => fixed[n]);
  const outputs = withGradient(
    inputs,
    (...xs) => {
      const outs = run('S2sDecFwd', { ...named(names, xs), ...fixed }, attrs);
      return { value: outs[0], saved: [...xs, ...outs, ...fixedNames.map((n) => fixed[n]!)] };
    },
    (dout, saved) => {
      const [xs, outs] = [saved.slice(0, names.length), saved.slice(names.length, names.length + outNames.length)];
      const rest = named(fixedNames, saved.slice(names.length + outNames.length));
      return run('S2sDecBwd', { ...named(names, xs), ...named(outNames, outs), ...rest, dout }, attrs);
    },
  ) as Tensor2D;
  return { outputs };
}

/** Each layer's state after the last step: the top's from out, the others' from hs, c from cs. */
function finalStates(o: Record<string, tf.Tensor>, L: number, T: number, H: number, lstm: boolean): CellState[] {
  const B = o.out.shape[0] / T;
  const last = (t: tf.Tensor) => tf.slice(t, [(T - 1) * B, 0], [B, H]) as Tensor2D;
  return range(0, L).map((l) => {
    const h = last(l === L - 1 ? o.out : o[`hs${l}`]);
    return lstm ? { h, c: last(o[nm('cs', l)]) } : { h };
  });
}
