// The decoder: an RNN stack conditioned on the previous target token and a context vector, which
// is either recomputed by attention at every step (Bahdanau), fixed to the encoder summary (Cho),
// or absent (Sutskever: the encoder's state hand-off is the only link).
import type { Tensor2D } from '../backend/tf';
import { tf, tidy } from '../backend/tf';
import type { RnnConfig } from './config';
import { contextSize } from './config';
import type { Attention } from './attention';
import { createAttention } from './attention';
import type { Encoded } from './encoder';
import { linear, matMul } from './matmul';
import type { Params } from './params';
import { createCell } from './rnn-cell';
import type { Cell, CellState, Memory } from './types';
import type { Dropout } from './dropout';
import { splitSteps } from './steps';
import { kernels } from '../kernels';
import type { DecoderWeights } from '../kernels/types';
import type { StepOutput } from './model';

/** What the decoder reads from the source; every tensor has the batch on axis 0. */
export interface DecoderMemory {
  attention?: Memory;
  /** Cho et al.'s fixed summary c [B, D] and its projection into the first layer's gates. */
  fixedContext?: Tensor2D;
  fixedContextGates?: Tensor2D;
}

export interface DecoderState {
  layers: CellState[];
}

export interface StepResult {
  state: DecoderState;
  /** What the output layer reads: [s_t; c_t] or s_t, [B, H (+ D)]. */
  output: Tensor2D;
  /** Attention weights [B, S], when the model attends. */
  weights?: Tensor2D;
}

export interface RunResult {
  /** What the output layer reads at every step, [T B, H (+ D)]. */
  outputs: Tensor2D;
  /** The state after the last step and the attention weights [T B, S]: when not training. */
  state?: DecoderState;
  weights?: Tensor2D;
}

export class Decoder {
  private readonly embedding: tf.Variable;
  private readonly cells: Cell[] = [];
  private readonly contextGates?: tf.Variable;
  private readonly attention?: Attention;
  private readonly bridgeW?: tf.Variable;
  private readonly bridgeB?: tf.Variable;
  private readonly outW: tf.Variable;
  private readonly outB: tf.Variable;

  constructor(
    params: Params,
    private readonly config: RnnConfig,
    encoderOutputSize: number,
  ) {
    const { embeddingSize: E, hiddenSize: H, decoderCell, decoderLayers: L, targetVocabSize: V } = config;
    const C = contextSize(config);
    this.embedding = params.embedding('dec/embedding', [V, E]);
    for (let l = 0; l < L; l++) this.cells.push(createCell(params, `dec/l${l}`, decoderCell, l === 0 ? E : H, H));
    // The first layer's input is [y_{t-1}; c_t]; its two halves are projected apart so that the
    // embedding half can be computed for all steps at once.
    if (C > 0) this.contextGates = params.weight('dec/l0/Wc', [C, this.cells[0].gateSize]);
    if (config.attention !== 'none') this.attention = createAttention(params, config, encoderOutputSize);
    if (config.bridge === 'linear') {
      this.bridgeW = params.weight('bridge/W', [encoderOutputSize, L * H]);
      this.bridgeB = params.bias('bridge/b', L * H);
    }
    this.outW = params.weight('out/W', [H + C, V]);
    this.outB = params.bias('out/b', V);
  }

  /** Builds the memory and the initial state from the encoder's result. mask: [B, S]. */
  start(encoded: Encoded, mask?: Tensor2D): { memory: DecoderMemory; state: DecoderState } {
    const top = encoded.finals[encoded.finals.length - 1];
    const memory: DecoderMemory = {};
    if (this.attention) memory.attention = this.attention.prepare(encoded.outputs, mask);
    else if (this.contextGates) {
      memory.fixedContext = top.h;
      memory.fixedContextGates = matMul(top.h, this.contextGates);
    }
    return { memory, state: { layers: this.initialLayers(encoded) } };
  }

  /** Embeds target ids [N] and projects them into the first layer's gates: [N, G]. */
  embedTokens(ids: tf.Tensor1D, dropout: Dropout): Tensor2D {
    return this.cells[0].project(dropout.apply(tf.gather(this.embedding, ids) as Tensor2D));
  }

  /**
   * T steps from embedTokens() of the inputs, [T B, G] time-major: the teacher-forced loop in
   * training (training = true), one decoding step with T = 1. With attention the fused kernel runs
   * the whole loop where it covers the configuration, else the per-step loop below; without
   * attention the decoder is a stack of RNN sequences, as the encoder is.
   */
  run(
    gates: Tensor2D,
    T: number,
    state: DecoderState,
    memory: DecoderMemory,
    dropout: Dropout,
    training: boolean,
  ): RunResult {
    if (!this.attention) return this.runStack(gates, T, state, memory, dropout);
    const weights = this.decoderWeights();
    const masks = () => this.layerMasks(gates.shape[0] / T, T, dropout);
    const run = { weights, gxe: gates, steps: T, initial: state.layers, memory: memory.attention!, masks };
    const fused = kernels().attentionDecoder(run, training);
    if (fused) return { outputs: fused.outputs, weights: fused.weights, state: fused.final && { layers: fused.final } };
    return this.runSteps(gates, T, state, memory, dropout);
  }

  private runSteps(gates: Tensor2D, T: number, state: DecoderState, mem: DecoderMemory, dropout: Dropout): RunResult {
    const steps = splitSteps(gates, T); // T x [B, G]
    const outputs: Tensor2D[] = [];
    const weights: Tensor2D[] = [];
    for (let t = 0; t < T; t++) {
      const prev = state;
      const r = tidy(() => this.step(steps[t], prev, mem, dropout));
      state = r.state;
      outputs.push(r.output);
      if (r.weights) weights.push(r.weights);
    }
    const rows = (xs: Tensor2D[]) => (xs.length === 1 ? xs[0] : (tf.concat(xs, 0) as Tensor2D));
    return { outputs: rows(outputs), state, weights: weights.length ? rows(weights) : undefined };
  }

  // Without attention every layer reads a whole sequence: layer 0 the target embeddings (plus Cho's
  // fixed context), layer l the outputs of layer l-1.
  private runStack(gates: Tensor2D, T: number, state: DecoderState, mem: DecoderMemory, dropout: Dropout): RunResult {
    const [TB, G] = gates.shape;
    const B = TB / T;
    let x = mem.fixedContextGates
      ? (tf.reshape(tf.add(tf.reshape(gates, [T, B, G]), mem.fixedContextGates), [TB, G]) as Tensor2D)
      : gates;
    const layers = this.cells.map((cell, l) => {
      const r = kernels().rnn({
        cell,
        gx: l === 0 ? x : cell.project(dropout.apply(x)),
        steps: T,
        initial: state.layers[l],
        reverse: false,
      });
      x = r.outputs;
      return r.final;
    });
    const context = mem.fixedContext && (T === 1 ? mem.fixedContext : tf.tile(mem.fixedContext, [T, 1]));
    return { outputs: context ? (tf.concat([x, context], 1) as Tensor2D) : x, state: { layers } };
  }

  /**
   * The dropout masks of the inputs of layers 1.. for T steps, [T B, H] each, drawn in the order the
   * per-step loop draws them (step by step, layer by layer), so both paths see the same masks.
   */
  private layerMasks(B: number, T: number, dropout: Dropout): Tensor2D[] | undefined {
    if (this.cells.length === 1 || !dropout.active) return undefined;
    const ones = tf.ones([B, this.config.hiddenSize]) as Tensor2D;
    const upper = this.cells.slice(1);
    const steps = Array.from({ length: T }, () => upper.map(() => dropout.apply(ones)));
    return upper.map((_, j) =>
      T === 1
        ? steps[0][j]
        : (tf.concat(
            steps.map((m) => m[j]),
            0,
          ) as Tensor2D),
    );
  }

  /**
   * The whole decoding step (embedding, loop, output layer, log-softmax) as one kernel, where the
   * active kernels have it for this configuration; else undefined (the caller composes the step).
   */
  fusedStep(ids: tf.Tensor1D, state: DecoderState, memory: DecoderMemory): StepOutput<DecoderState> | undefined {
    const decodeStep = kernels().decodeStep;
    if (!this.attention || this.cells.length > 1 || !decodeStep) return undefined;
    const r = decodeStep({
      weights: this.decoderWeights(),
      embedding: this.embedding,
      outW: this.outW,
      outB: this.outB,
      ids,
      state: state.layers[0],
      memory: memory.attention!,
    });
    return r && { state: { layers: [r.state] }, logProbs: r.logProbs, weights: r.weights };
  }

  private decoderWeights(): DecoderWeights {
    return {
      cells: this.cells,
      attention: this.config.attention as DecoderWeights['attention'],
      wc: this.contextGates!,
      ...this.attention!.weights,
    };
  }

  /** One decoder step of the per-step loop; embeddedGates [B, G]. */
  step(embeddedGates: Tensor2D, state: DecoderState, memory: DecoderMemory, dropout: Dropout): StepResult {
    const query = state.layers[state.layers.length - 1].h;
    const attended = memory.attention ? this.attention!.attend(query, memory.attention) : undefined;
    const context = attended?.context ?? memory.fixedContext;
    let gates = embeddedGates;
    if (attended) gates = tf.add(gates, matMul(attended.context, this.contextGates!));
    else if (memory.fixedContextGates) gates = tf.add(gates, memory.fixedContextGates);
    const layers: CellState[] = [];
    this.cells.forEach((cell, l) => {
      const input = l === 0 ? gates : cell.project(dropout.apply(layers[l - 1].h));
      layers.push(cell.step(input, state.layers[l]));
    });
    const top = layers[layers.length - 1].h;
    const output = context ? (tf.concat([top, context], 1) as Tensor2D) : top;
    return { state: { layers }, output, weights: attended?.weights };
  }

  /** Output layer over any number of rows: [N, H (+ D)] -> logits [N, V]. */
  logits(outputs: Tensor2D, dropout: Dropout): Tensor2D {
    return linear(dropout.apply(outputs), this.outW, this.outB);
  }

  private initialLayers(encoded: Encoded): CellState[] {
    const { bridge, decoderLayers: L } = this.config;
    const batch = encoded.outputs.shape[0];
    if (bridge === 'copy') return encoded.finals.map((s) => ({ ...s }));
    if (bridge === 'zero') return this.cells.map((c) => c.zeroState(batch));
    const top = encoded.finals[encoded.finals.length - 1].h;
    const all = tf.tanh(linear(top, this.bridgeW!, this.bridgeB)); // [B, L*H]
    // Slices, not tf.split: split's gradient fails in tfjs when it has a single output.
    return this.cells.map((cell, l) => {
      const h = L === 1 ? all : (tf.slice(all, [0, l * cell.hiddenSize], [-1, cell.hiddenSize]) as Tensor2D);
      return cell.type === 'lstm' ? { h, c: tf.zerosLike(h) } : { h };
    });
  }
}
