// Fused GRU/LSTM sequences on wasm (rnn.c): one kernel per direction forward, one backward.
import type { Tensor2D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import type { RnnResult, RnnRun } from '../types';
import type { Runner } from './register';
import { registerFused, run as wasmRun, withGradient } from './register';
import type { KernelExports } from './module';
import { split } from './split';

const WS = { gru: 4, lstm: 5 }; // saved activations per unit (cells.h)

export function registerRnnKernels(k: KernelExports): void {
  // Y = [hs ; cs] ([T B, H] states, then [T B, H] cell states for an LSTM), ws: saved activations.
  registerFused('S2sRnnFwd', k, (k, heap, { gx, wh, bh, h0, c0, mask }, { lstm, steps: T, reverse }) => {
    const [TB, G] = gx!.shape;
    const H = wh!.shape[0];
    const B = TB / T;
    const y = heap.out([lstm ? 2 * TB : TB, H]);
    const ws = heap.out([TB, (lstm ? WS.lstm : WS.gru) * H]);
    split(heap, k, B, (p) => {
      const ys = p.out(y, lstm ? 2 * T : T);
      const cs = lstm ? ys + 4 * T * p.Bs * H : 0;
      const [h0s, c0s, masks] = [p.rows(h0), p.rows(c0), p.rows(mask, T)];
      const args = [p.rows(gx, T), p.packed(wh, 'nn'), p.whole(bh), h0s, c0s, masks, ys, cs, p.out(ws, T)];
      p.call('rnn_fwd', [lstm, T, p.B, p.Bs, H, ...args, p.scratch(p.B * G), reverse]);
    });
    return [y, ws];
  });
  registerFused('S2sRnnBwd', k, (k, heap, { wh, h0, c0, y, ws, mask, dy }, { lstm, steps: T, reverse }) => {
    const H = wh!.shape[0];
    const G = wh!.shape[1];
    const TB = ws!.shape[0];
    const B = TB / T;
    const [dgx, dwh, dh0] = [heap.out([TB, G]), heap.out([H, G]), heap.out([B, H])];
    const dbh = lstm ? undefined : heap.out([G]);
    const dc0 = lstm ? heap.out([B, H]) : undefined;
    split(heap, k, B, (p) => {
      const Ty = lstm ? 2 * T : T; // y and dy stack the cell states under the states for an LSTM
      const [ys, dys] = [p.rows(y, Ty), p.rows(dy, Ty)];
      const [cs, dcs] = lstm ? [ys, dys].map((at) => at + 4 * T * p.Bs * H) : [0, 0];
      const inputs = [p.packed(wh, 'tn'), p.rows(h0), p.rows(c0), ys, cs, p.rows(ws, T), p.rows(mask, T), dys, dcs];
      const grads = [p.out(dgx, T), p.sum(dwh), p.sum(dbh), p.out(dh0), p.out(dc0)];
      const scratch = [p.scratch(lstm ? 0 : T * p.Bs * G), p.scratch(p.B * H), p.scratch(p.B * H)];
      p.call('rnn_bwd', [lstm, T, p.B, p.Bs, H, ...inputs, ...grads, ...scratch, reverse]);
    });
    return [dgx, dwh, lstm ? dc0! : dbh!, dh0];
  });
}

export function fusedRnn(r: RnnRun, run: Runner = wasmRun): RnnResult {
  const { cell, gx, steps: T, initial, mask } = r;
  const lstm = cell.type === 'lstm' ? 1 : 0;
  const attrs = { lstm, steps: T, reverse: r.reverse ? 1 : 0 };
  const { wh, bh } = cell.weights;
  // The third input is b_h for a GRU, c0 for an LSTM: each cell has exactly one of them.
  const third = lstm ? initial.c! : bh!;
  const y = withGradient(
    [gx, wh, third, initial.h],
    (gx, wh, third, h0) => {
      const [y, ws] = run('S2sRnnFwd', { gx, wh, h0, mask, ...(lstm ? { c0: third } : { bh: third }) }, attrs);
      return { value: y, saved: [wh, h0, lstm ? third : h0, y, ws, ...(mask ? [mask] : [])] };
    },
    (dy, [wh, h0, c0, y, ws, m]) => run('S2sRnnBwd', { wh, h0, c0: lstm ? c0 : undefined, y, ws, mask: m, dy }, attrs),
  ) as Tensor2D;
  const TB = gx.shape[0];
  const B = TB / T;
  const H = cell.hiddenSize;
  const last = (r.reverse ? 0 : T - 1) * B;
  const final = {
    h: tf.slice(y, [last, 0], [B, H]) as Tensor2D,
    c: lstm ? (tf.slice(y, [TB + last, 0], [B, H]) as Tensor2D) : undefined,
  };
  return { outputs: lstm ? (tf.slice(y, [0, 0], [TB, H]) as Tensor2D) : y, final: lstm ? final : { h: final.h } };
}
