// Splits a kernel call's batch rows between two threads: the main thread runs rows [0, B1) in place
// on the backend's heap, the helper thread (threads.ts) rows [B1, B) on copies. A kernel's body is
// written once, against a Part that maps its arguments to one share of the rows; C kernels that
// index time-major arrays take the batch stride Bs, so the main share needs no copy.
import type { tf } from '../../backend/tf';
import type { Heap } from './heap';
import { packBytes } from './heap';
import type { KernelExports } from './module';
import type { Helper } from './threads';

type Info = tf.TensorInfo | undefined;
type Export = Exclude<keyof KernelExports, 'memory'>;

export interface Part {
  /** Rows of this share. */
  readonly B: number;
  /** The batch of the time-major arrays this share's pointers index (the whole batch in place). */
  readonly Bs: number;
  /** This share's rows of an input [T B, ...] (time-major) or [B, ...] (T = 1). */
  rows(t: Info, T?: number): number;
  /** rows() of an input that stays the same over many calls (a decoding session's memory). */
  fixedRows(t: Info, T?: number): number;
  /** An input every share reads whole (a weight). */
  whole(t: Info): number;
  /** A weight packed as a GEMM operand (Heap.packed). */
  packed(w: Info, kind: 'nn' | 'tn'): number;
  /** This share's rows of an output. */
  out(t: Info, T?: number): number;
  /** An output summed over the rows (a weight's gradient): each share writes its own, added up. */
  sum(t: Info): number;
  /** An int32 array argument. */
  ints(values: number[]): number;
  /** float32 scratch for this call. */
  scratch(floats: number): number;
  /** Calls the kernel; `result` gets its return value (at once, or when the helper is joined). */
  call(name: Export, args: number[], result?: (value: number) => void): void;
}

/** Below this many rows a call stays on one thread: the hand-over costs more than it saves. */
let minSplitRows = 16;

let helper: Helper | undefined;

/** Splits batches of `rows` or more (tests split tiny batches, to cover every kernel). */
export function splitFrom(rows: number): void {
  minSplitRows = Math.max(2, rows);
}

/** Sets the helper thread the kernels split their rows with (none: one thread); stops the last. */
export async function useHelper(h: Helper | undefined): Promise<void> {
  const last = helper;
  helper = h;
  if (last && last !== h) await last.stop();
}

export function helperThreads(): number {
  return helper ? 2 : 1;
}

/** Runs body over the B rows of a call: once in place, or split with the helper thread. */
export function split(heap: Heap, k: KernelExports, B: number, body: (p: Part) => void): void {
  const B2 = helper && B >= minSplitRows ? Math.floor(B / 2) : 0;
  const main = new MainPart(heap, k, B - B2, B);
  const side = B2 ? new HelperPart(heap, k, helper!, B - B2, B2, B) : undefined;
  try {
    if (side) body(side);
    body(main);
  } finally {
    main.release();
    side?.join();
  }
}

class MainPart implements Part {
  private readonly blocks: number[] = [];

  constructor(
    private readonly heap: Heap,
    private readonly k: KernelExports,
    readonly B: number,
    readonly Bs: number,
  ) {}

  rows(t: Info): number {
    return this.heap.ptr(t);
  }
  fixedRows(t: Info): number {
    return this.heap.ptr(t);
  }
  whole(t: Info): number {
    return this.heap.ptr(t);
  }
  packed(w: Info, kind: 'nn' | 'tn'): number {
    return this.heap.packed(w, kind);
  }
  out(t: Info): number {
    return this.heap.ptr(t);
  }
  sum(t: Info): number {
    return this.heap.ptr(t);
  }
  ints(values: number[]): number {
    const at = this.alloc(values.length);
    new Int32Array(this.k.memory.buffer, at, values.length).set(values);
    return at;
  }
  scratch(floats: number): number {
    return this.alloc(floats);
  }
  call(name: Export, args: number[], result?: (value: number) => void): void {
    const value = (this.k[name] as (...a: number[]) => number)(...args);
    result?.(value);
  }
  release(): void {
    this.blocks.forEach((p) => this.heap.free(p));
  }
  private alloc(words: number): number {
    const at = this.heap.malloc(4 * Math.max(words, 1));
    this.blocks.push(at);
    return at;
  }
}

class HelperPart implements Part {
  readonly Bs: number;
  private readonly blocks: [number, number][] = [];
  private readonly outputs: { t: tf.TensorInfo; at: number; T: number }[] = [];
  private readonly sums: { t: tf.TensorInfo; at: number }[] = [];
  private result?: (value: number) => void;

  constructor(
    private readonly heap: Heap,
    private readonly k: KernelExports,
    private readonly helper: Helper,
    /** The first row of this share. */
    private readonly from: number,
    readonly B: number,
    private readonly batch: number,
  ) {
    this.Bs = B;
    helper.sweep((owner) => heap.has(owner));
  }

  rows(t: Info, T = 1): number {
    if (!t) return 0;
    const at = this.alloc(this.shareBytes(t));
    this.copyRows(t, T, at);
    return at;
  }
  fixedRows(t: Info, T = 1): number {
    if (!t) return 0;
    const kind = `rows ${this.from}+${this.B}/${T}`;
    return this.helper.cached(t.dataId, kind, this.shareBytes(t), (at) => this.copyRows(t, T, at));
  }
  whole(t: Info): number {
    if (!t) return 0;
    const bytes = 4 * sizeOf(t);
    return this.helper.cached(t.dataId, 'whole', bytes, (at) => this.copy(this.heap.ptr(t), at, bytes));
  }
  packed(w: Info, kind: 'nn' | 'tn'): number {
    if (!w) return 0;
    const bytes = packBytes(w, kind);
    return this.helper.cached(w.dataId, kind, bytes, (at) => this.copy(this.heap.packed(w, kind), at, bytes));
  }
  out(t: Info, T = 1): number {
    if (!t) return 0;
    const at = this.alloc(this.shareBytes(t));
    this.outputs.push({ t, at, T });
    return at;
  }
  sum(t: Info): number {
    if (!t) return 0;
    const at = this.alloc(4 * sizeOf(t));
    this.sums.push({ t, at });
    return at;
  }
  ints(values: number[]): number {
    const at = this.alloc(4 * values.length);
    new Int32Array(this.helper.buffer, at, values.length).set(values);
    return at;
  }
  scratch(floats: number): number {
    return this.alloc(4 * floats);
  }
  call(name: Export, args: number[], result?: (value: number) => void): void {
    this.helper.post(name, args);
    this.result = result;
  }

  /** Waits for the helper, puts its output rows in place, adds its sums, frees this call's blocks. */
  join(): void {
    try {
      const value = this.helper.wait();
      for (const { t, at, T } of this.outputs)
        this.forRows(t, T, (main, share, n) => this.copyOut(share + at, main, n));
      for (const { t, at } of this.sums) this.addInto(t, at);
      this.result?.(value);
    } finally {
      this.blocks.forEach(([at, bytes]) => this.helper.release(at, bytes));
    }
  }

  /** t += the helper's partial sum at `at`, in place on the backend's heap (vec_add). */
  private addInto(t: tf.TensorInfo, at: number): void {
    const n = sizeOf(t);
    const part = this.heap.malloc(4 * n);
    try {
      this.copyOut(at, part, 4 * n);
      this.k.vec_add(n, this.heap.ptr(t), part);
    } finally {
      this.heap.free(part);
    }
  }

  private alloc(bytes: number): number {
    const at = this.helper.alloc(bytes);
    this.blocks.push([at, bytes]);
    return at;
  }
  private shareBytes(t: tf.TensorInfo): number {
    return (4 * sizeOf(t) * this.B) / this.batch;
  }
  private copyRows(t: tf.TensorInfo, T: number, at: number): void {
    this.forRows(t, T, (main, share, n) => this.copy(main, share + at, n));
  }
  /** Calls fn(main offset, offset in the share, bytes) for the share's block of rows of each step. */
  private forRows(t: tf.TensorInfo, T: number, fn: (main: number, share: number, bytes: number) => void): void {
    const row = (4 * sizeOf(t)) / (T * this.batch);
    const base = this.heap.ptr(t);
    for (let s = 0; s < T; s++) fn(base + (s * this.batch + this.from) * row, s * this.B * row, this.B * row);
  }
  private copy(from: number, to: number, bytes: number): void {
    new Uint8Array(this.helper.buffer, to, bytes).set(new Uint8Array(this.heap.buffer, from, bytes));
  }
  private copyOut(from: number, to: number, bytes: number): void {
    new Uint8Array(this.heap.buffer, to, bytes).set(new Uint8Array(this.helper.buffer, from, bytes));
  }
}

function sizeOf(t: tf.TensorInfo): number {
  return t.shape.reduce((a, b) => a * b, 1);
}
