// A second thread for the fused kernels. tfjs-backend-wasm's heap is not a shared memory (its
// threaded build is switched off under Node), so a helper thread cannot work on it in place: the
// helper runs its share of a kernel's batch rows on copies, in a shared memory of its own (the
// kernels-*-shared.wasm build), while the main thread runs the other rows in place (split.ts).
// The copies are small next to the work they move: rows in, rows out, and each weight once.
import * as fs from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Variant } from './module';
import { kernelFile } from './module';

const MAX_ARGS = 48; // dec_bwd takes 40

// The helper's loop: wait for a posted call, run the export, publish the call's number. An error
// goes to `port` before the number, so the main thread finds it when it sees the call done.
const HELPER_LOOP = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, names, port } = workerData;
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control, 0, 4);
const args = new Float64Array(control, 16, ${MAX_ARGS});
port.postMessage('ready');
for (let seen = 0; ; ) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (ctl[2] < 0) break;
  try {
    args[0] = exports[names[ctl[2]]](...args.subarray(0, ctl[3])) ?? 0;
  } catch (e) {
    port.postMessage(String((e && e.message) || e));
  }
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}`;

const PAGE = 65536;
const ALIGN = 64;

/** First-fit allocations in the helper's memory, which grows when nothing fits. */
class Arena {
  private readonly free: { at: number; size: number }[];

  constructor(private readonly memory: WebAssembly.Memory) {
    this.free = [{ at: ALIGN, size: memory.buffer.byteLength - ALIGN }];
  }

  alloc(bytes: number): number {
    const n = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let i = this.free.findIndex((b) => b.size >= n);
    if (i < 0) i = this.grow(n);
    const block = this.free[i];
    const at = block.at;
    block.at += n;
    block.size -= n;
    if (block.size === 0) this.free.splice(i, 1);
    return at;
  }

  release(at: number, bytes: number): void {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let i = this.free.findIndex((b) => b.at > at);
    if (i < 0) i = this.free.length;
    this.free.splice(i, 0, { at, size });
    this.merge(i);
    if (i > 0) this.merge(i - 1);
  }

  /** Grows the memory by at least n bytes; returns the index of the free block that holds them. */
  private grow(n: number): number {
    const end = this.memory.buffer.byteLength;
    this.memory.grow(Math.ceil(Math.max(n, end / 2) / PAGE));
    this.free.push({ at: end, size: this.memory.buffer.byteLength - end });
    this.merge(this.free.length - 2);
    return this.free.findIndex((b) => b.size >= n);
  }

  private merge(i: number): void {
    const [a, b] = [this.free[i], this.free[i + 1]];
    if (!a || !b || a.at + a.size !== b.at) return;
    a.size += b.size;
    this.free.splice(i + 1, 1);
  }
}

/** Copies of constant data (weights, packs, a decoding session's memory) kept in the helper. */
interface Cached {
  at: number;
  bytes: number;
}

export class Helper {
  private readonly ctl: Int32Array;
  private readonly args: Float64Array;
  private readonly arena: Arena;
  private readonly cache = new Map<object, Map<string, Cached>>();
  private posted = 0;

  private constructor(
    readonly memory: WebAssembly.Memory,
    control: SharedArrayBuffer,
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly names: string[],
  ) {
    this.ctl = new Int32Array(control, 0, 4);
    this.args = new Float64Array(control, 16, MAX_ARGS);
    this.arena = new Arena(memory);
  }

  /** Starts the helper thread on the shared build of `variant` (from `dir`, as loadKernels). */
  static async start(variant: Variant, dir?: string): Promise<Helper> {
    const file = kernelFile(`${variant}-shared`, dir);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing`);
    const module = await WebAssembly.compile(fs.readFileSync(file));
    const names = WebAssembly.Module.exports(module).map((e) => e.name);
    const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
    const control = new SharedArrayBuffer(16 + 8 * MAX_ARGS);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(HELPER_LOOP, {
      eval: true,
      workerData: { module, memory, control, names, port: port2 },
      transferList: [port2],
    });
    await new Promise<void>((resolve, reject) => {
      port1.once('message', () => resolve());
      worker.once('error', reject);
    });
    worker.unref();
    port1.unref();
    return new Helper(memory, control, worker, port1, names);
  }

  get buffer(): ArrayBuffer {
    return this.memory.buffer as unknown as ArrayBuffer;
  }

  alloc(bytes: number): number {
    return this.arena.alloc(bytes);
  }

  release(at: number, bytes: number): void {
    this.arena.release(at, bytes);
  }

  /** The helper's copy of constant data keyed by (owner, kind), made by `fill` the first time. */
  cached(owner: object, kind: string, bytes: number, fill: (at: number) => void): number {
    const byKind = this.cache.get(owner) ?? new Map<string, Cached>();
    this.cache.set(owner, byKind);
    const hit = byKind.get(kind);
    if (hit && hit.bytes === bytes) return hit.at;
    if (hit) this.release(hit.at, hit.bytes);
    const at = this.alloc(bytes);
    fill(at);
    byKind.set(kind, { at, bytes });
    return at;
  }

  /** Drops the copies whose owner is gone (`alive` false). */
  sweep(alive: (owner: object) => boolean): void {
    for (const [owner, byKind] of this.cache) {
      if (alive(owner)) continue;
      byKind.forEach((c) => this.release(c.at, c.bytes));
      this.cache.delete(owner);
    }
  }

  /** Starts export `name` on the helper; `wait` joins it. */
  post(name: string, args: number[]): void {
    const fn = this.names.indexOf(name);
    if (fn < 0 || args.length > MAX_ARGS) throw new Error(`helper thread: cannot call ${name}`);
    this.args.set(args);
    this.ctl[2] = fn;
    this.ctl[3] = args.length;
    Atomics.store(this.ctl, 0, ++this.posted);
    Atomics.notify(this.ctl, 0);
  }

  /** Waits for the posted call; returns its value. */
  wait(): number {
    for (let done = Atomics.load(this.ctl, 1); done !== this.posted; done = Atomics.load(this.ctl, 1))
      Atomics.wait(this.ctl, 1, done);
    const error = receiveMessageOnPort(this.port);
    if (error) throw new Error(`helper thread: ${String(error.message)}`);
    return this.args[0];
  }

  async stop(): Promise<void> {
    this.ctl[2] = -1;
    Atomics.store(this.ctl, 0, ++this.posted);
    Atomics.notify(this.ctl, 0);
    await this.worker.terminate();
  }
}
