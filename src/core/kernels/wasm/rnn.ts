// Fused GRU/LSTM sequences on wasm (rnn.c): one kernel per direction forward, one backward.
import type { Tensor2D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import type { RnnResult, RnnRun } from '../types';
import type { Runner } from './register';
import { registerFused, run as wasmRun, withGradient } from './register';
import type { KernelExports } from './module';

const WS = { gru: 4, lstm: 5 }; // saved activations per unit (cells.h)

export function registerRnnKernels(k: KernelExports): void {
  // Y = [hs ; cs] ([T B, H] states, then [T B, H] cell states for an LSTM), ws: saved activations.
  registerFused('S2sRnnFwd', k, (k, heap, { gx, wh, bh, h0, c0, mask }, { lstm, steps: T, reverse }) => {
    const [TB, G] = gx!.shape;
    const H = wh!.shape[0];
    const B = TB / T;
    const y = heap.out([lstm ? 2 * TB : TB, H]);
    const ws = heap.out([TB, (lstm ? WS.lstm : WS.gru) * H]);
    const ys = heap.ptr(y);
    heap.scratch([B * G], (gh) => {
      k.rnn_fwd(
        lstm,
        T,
        B,
        H,
        heap.ptr(gx),
        heap.packed(wh, 'nn'),
        heap.ptr(bh),
        heap.ptr(h0),
        heap.ptr(c0),
        heap.ptr(mask),
        ys,
        lstm ? ys + TB * H * 4 : 0,
        heap.ptr(ws),
        gh,
        reverse,
      );
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
    const ys = heap.ptr(y);
    const dys = heap.ptr(dy);
    heap.scratch([lstm ? 0 : TB * G, B * H, B * H], (dgh, dh, dc) => {
      k.rnn_bwd(
        lstm,
        T,
        B,
        H,
        heap.packed(wh, 'tn'),
        heap.ptr(h0),
        heap.ptr(c0),
        ys,
        lstm ? ys + TB * H * 4 : 0,
        heap.ptr(ws),
        heap.ptr(mask),
        dys,
        lstm ? dys + TB * H * 4 : 0,
        heap.ptr(dgx),
        heap.ptr(dwh),
        heap.ptr(dbh),
        heap.ptr(dh0),
        heap.ptr(dc0),
        dgh,
        dh,
        dc,
        reverse,
      );
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
