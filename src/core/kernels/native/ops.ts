// The custom TensorFlow ops (rnn.cc, decoder.cc, loss.cc, attention.cc, layernorm.cc, built by `npm
// run setup:native` into s2s_ops.node next to tfjs-node's libtensorflow): loading them into this
// process and running them through tfjs-node's generic op execution, with the named inputs and
// attributes the wasm kernels' wrappers use (a Runner), so that fusedRnn, fusedDecoder, fusedNll,
// FusedAdam, fusedAttention and fusedLayerNorm serve both.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tf } from '../../backend/tf';
import { tfjsNodeDir } from '../../backend/tfjs-node';
import type { Attrs, Runner } from '../wasm/register';

/** The op signatures this code calls; module.cc's S2S_OPS_ABI must match. */
export const NATIVE_OPS_ABI = 3;

/** tfjs-node 4.22's NodeJSKernelBackend, the part used here. */
interface TfAttr {
  name: string;
  type: number;
  value: number;
}
interface NodeBackend {
  binding: { TF_ATTR_INT: number; TF_ATTR_FLOAT: number };
  executeMultipleOutputs(name: string, attrs: TfAttr[], inputs: tf.Tensor[], numOutputs: number): tf.Tensor[];
}

/** Where setup:native puts the library: $SEQ2SEQ_NATIVE_OPS, else deps/seq2seq/ of the tfjs-node in use. */
export function nativeOpsPath(): string {
  return process.env.SEQ2SEQ_NATIVE_OPS || path.join(tfjsNodeDir(), 'deps', 'seq2seq', 's2s_ops.node');
}

let loaded: { file: string; abi: number } | undefined;

/**
 * Loads the ops once per process (TensorFlow cannot unload them); throws a one-line reason when the
 * library is missing, does not load, or was built from other sources than this code expects.
 */
export function loadNativeOps(): void {
  if (!loaded) {
    const file = nativeOpsPath();
    if (!fs.existsSync(file))
      throw new Error(
        `the native kernels are not built (\`npm run setup:native\`, or Install Native Backend in VS Code): no ${file}`,
      );
    const mod = { exports: {} as { abi?: number } };
    try {
      process.dlopen(mod, file);
    } catch (e) {
      throw new Error(
        `the native kernels did not load from ${file}: ${String(e instanceof Error ? e.message : e).split('\n')[0]}`,
      );
    }
    loaded = { file, abi: mod.exports.abi ?? 0 };
  }
  if (loaded.abi !== NATIVE_OPS_ABI) {
    throw new Error(
      `${loaded.file} has op signatures v${loaded.abi}, ` +
        `this code needs v${NATIVE_OPS_ABI}: rerun \`npm run setup:native\``,
    );
  }
}

interface OpSpec {
  inputs: string[];
  /** Integer attributes, then float ones (`floats`). */
  attrs: string[];
  floats?: string[];
  outputs: number;
  /** Drops the outputs the configuration has no use for (a TF op has a fixed output list). */
  keep?: (attrs: Attrs) => boolean[];
}

const ADDITIVE = 0; // decoder.ts's att codes
const ATTENTION_LAYOUT = ['batch', 'heads', 'width', 'qo', 'ko', 'vo'];

// Input names and order as in the REGISTER_OP calls of the .cc files.
const SPECS: Record<string, OpSpec> = {
  S2sRnnFwd: { inputs: ['gx', 'wh', 'bh', 'h0', 'c0', 'mask'], attrs: ['lstm', 'reverse'], outputs: 2 },
  S2sRnnBwd: { inputs: ['wh', 'h0', 'c0', 'y', 'ws', 'mask', 'dy'], attrs: ['lstm', 'reverse'], outputs: 4 },
  S2sDecFwd: {
    inputs: ['gxe', 'keys', 'values', 'wc', 'wh', 'h0', 'wa', 'ba', 'va', 'c0', 'bh', 'bias'],
    attrs: ['lstm', 'att', 'training'],
    outputs: 5,
  },
  // dgxe, dK, dV, dW_c, dW_h, dh0, then dW_a, db_a, dv_a (additive), db_h (GRU), dc0 (LSTM)
  S2sDecBwd: {
    inputs: ['keys', 'values', 'wa', 'va', 'wc', 'wh', 'h0', 'c0', 'out', 'wall', 'eall', 'ws', 'cs', 'dout'],
    attrs: ['lstm', 'att', 'training'],
    outputs: 11,
    keep: (a) => [...Array<boolean>(6).fill(true), ...Array<boolean>(3).fill(a.att === ADDITIVE), !a.lstm, !!a.lstm],
  },
  S2sDecodeStep: {
    inputs: [
      'ids',
      'emb',
      'wx',
      'bx',
      'keys',
      'values',
      'bias',
      'wa',
      'ba',
      'va',
      'wc',
      'wh',
      'bh',
      'h0',
      'c0',
      'wout',
      'bout',
    ],
    attrs: ['lstm', 'att'],
    outputs: 4,
    keep: (a) => [true, true, true, !!a.lstm],
  },
  S2sNllFwd: { inputs: ['logits', 'targets', 'weights'], attrs: [], outputs: 2 },
  S2sNllBwd: { inputs: ['logits', 'targets', 'weights', 'lse', 'dy'], attrs: [], outputs: 1 },
  // q, k, v may be one tensor thrice (self-attention); the lengths are rows / batch in the op.
  S2sAttentionFwd: {
    inputs: ['q', 'k', 'v', 'mask'],
    attrs: [...ATTENTION_LAYOUT, 'causal'],
    floats: ['scale'],
    outputs: 2,
  },
  // The gradients of the distinct matrices m0.. (one for self-attention, two for cross-attention).
  S2sAttentionBwd: {
    inputs: ['m0', 'm1', 'm2', 'weights', 'dy'],
    attrs: [...ATTENTION_LAYOUT, 'qm', 'km', 'vm'],
    floats: ['scale'],
    outputs: 3,
    keep: (a) => [0, 1, 2].map((m) => m <= Math.max(a.qm, a.km, a.vm)),
  },
  S2sLayerNormFwd: { inputs: ['x', 'g', 'b'], attrs: [], floats: ['eps'], outputs: 3 },
  S2sLayerNormBwd: { inputs: ['x', 'g', 'mean', 'rstd', 'dy'], attrs: [], outputs: 3 },
};

let empty: tf.Tensor | undefined;
/** Absent optional inputs: one kept empty tensor (the ops read an empty input as "none"). */
function none(): tf.Tensor {
  if (!empty || empty.isDisposed) empty = tf.keep(tf.zeros([0]));
  return empty;
}

function backend(): NodeBackend {
  return tf.backend() as unknown as NodeBackend;
}

function execute(name: string, inputs: tf.Tensor[], attrs: TfAttr[], outputs: number): tf.Tensor[] {
  return backend().executeMultipleOutputs(name, attrs, inputs, outputs);
}

function tfAttrs(spec: OpSpec, a: Attrs): TfAttr[] {
  const { TF_ATTR_INT, TF_ATTR_FLOAT } = backend().binding;
  const typed = (names: string[], type: number) => names.map((name) => ({ name, type, value: a[name] }));
  return [...typed(spec.attrs, TF_ATTR_INT), ...typed(spec.floats ?? [], TF_ATTR_FLOAT)];
}

/**
 * S2sAdam: named p0, g0, m0, v0, p1, ... in, the norm then p', m', v' of each parameter out (the
 * wasm kernel's layout); the op takes four lists and the hyperparameters as one tensor.
 */
function runAdam(inputs: Record<string, tf.Tensor | undefined>, a: Attrs): tf.Tensor[] {
  const n = a.count;
  const list = (k: string) => Array.from({ length: n }, (_, i) => inputs[`${k}${i}`]!);
  const hyper = tf.tensor1d([a.lr, a.clip, a.b1, a.b2, a.c1, a.c2, a.eps]);
  const [norm, ...outs] = execute(
    'S2sAdam',
    [...list('p'), ...list('g'), ...list('m'), ...list('v'), hyper],
    [{ name: 'N', type: backend().binding.TF_ATTR_INT, value: n }],
    1 + 3 * n,
  );
  hyper.dispose();
  return [norm, ...Array.from({ length: n }, (_, i) => [outs[i], outs[n + i], outs[2 * n + i]]).flat()];
}

/** The Runner of the native ops. */
export const runNative: Runner = (name, inputs, attrs = {}) => {
  if (name === 'S2sAdam') return runAdam(inputs, attrs);
  const spec = SPECS[name];
  if (!spec) throw new Error(`no native op ${name}`);
  const outs = execute(
    name,
    spec.inputs.map((i) => inputs[i] ?? none()),
    tfAttrs(spec, attrs),
    spec.outputs,
  );
  if (!spec.keep) return outs;
  const keep = spec.keep(attrs);
  tf.dispose(outs.filter((_, i) => !keep[i]));
  return outs.filter((_, i) => keep[i]);
};
