// Memory bounds. A configuration that cannot fit the WebAssembly heap (4 GiB at most) otherwise
// dies minutes in with "Aborted()" or "memory access out of bounds"; estimating the peak before the
// model is built turns that into an immediate message that says what to change.
import type { ModelConfig, RnnConfig, TransformerConfig } from '../model/config';

const BYTES = 4;
/** tfjs-backend-wasm 4.22 declares a maximum of 65536 pages of 64 KiB. */
export const WASM_HEAP_BYTES = 4 * 2 ** 30;
/** Leave room for fragmentation and what the estimate leaves out. */
const USABLE_SHARE = 0.75;

export class OutOfMemoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutOfMemoryError';
  }
}

/** Rough parameter count of a configuration. */
export function estimateParameters(c: ModelConfig): number {
  return c.kind === 'transformer' ? transformerParameters(c) : rnnParameters(c);
}

/** Embeddings, RNN layers, attention, output layer. */
function rnnParameters(c: RnnConfig): number {
  const gates = (cell: string) => (cell === 'lstm' ? 4 : 3);
  const rnn = (cell: string, input: number, hidden: number) => gates(cell) * hidden * (input + hidden + 2);
  const directions = c.bidirectional ? 2 : 1;
  const encoderOut = c.hiddenSize * directions;
  let n = (c.sourceVocabSize + c.targetVocabSize) * c.embeddingSize;
  for (let l = 0; l < c.encoderLayers; l++)
    n += directions * rnn(c.encoderCell, l === 0 ? c.embeddingSize : encoderOut, c.hiddenSize);
  const context = c.attention !== 'none' || c.feedContext ? encoderOut : 0;
  for (let l = 0; l < c.decoderLayers; l++)
    n += rnn(c.decoderCell, (l === 0 ? c.embeddingSize : c.hiddenSize) + context, c.hiddenSize);
  n += c.attentionSize * (encoderOut + c.hiddenSize + 1) + encoderOut * c.hiddenSize;
  n += (c.hiddenSize + context + c.embeddingSize + 1) * c.targetVocabSize;
  return n;
}

/**
 * Embeddings (one table with a shared vocabulary), attention blocks (4 d x d each), feed-forward
 * blocks, layer norms, the output layer unless tied.
 */
function transformerParameters(c: TransformerConfig): number {
  const d = c.modelSize;
  const attention = 4 * d * (d + 1);
  const feed = 2 * d * c.feedForwardSize + c.feedForwardSize + d;
  const norm = 2 * d;
  const encoder = c.encoderLayers * (attention + feed + 2 * norm);
  const decoder = c.decoderLayers * (2 * attention + feed + 3 * norm);
  const output = (c.tieOutput ? 1 : d + 1) * c.targetVocabSize;
  const embeddings = (c.sharedVocabulary ? c.targetVocabSize : c.sourceVocabSize + c.targetVocabSize) * d;
  return embeddings + encoder + decoder + 2 * norm + output;
}

/** Activations of one example at one position that backpropagation keeps, in floats. */
function activationsPerPosition(c: ModelConfig, maxLength: number): number {
  if (c.kind === 'transformer') {
    // Per layer: normalised inputs, q k v and their per-head copies, the scores and their softmax over
    // maxLength keys per head, the merged context, the feed-forward's inner activations; the decoder has
    // two attention blocks.
    const d = c.modelSize;
    const layer = 12 * d + 2 * c.feedForwardSize + 2 * c.heads * maxLength;
    const decoderLayer = layer + 6 * d + 2 * c.heads * maxLength;
    return c.encoderLayers * layer + c.decoderLayers * decoderLayer + 3 * c.targetVocabSize;
  }
  const gates = (cell: string) => (cell === 'lstm' ? 6 : 5);
  const directions = c.bidirectional ? 2 : 1;
  const encoder = c.encoderLayers * directions * gates(c.encoderCell) * c.hiddenSize;
  const decoder = c.decoderLayers * gates(c.decoderCell) * c.hiddenSize;
  const attention = c.attention === 'none' ? 0 : maxLength * (c.attention === 'additive' ? c.attentionSize + 3 : 3);
  const output = 3 * c.targetVocabSize + c.hiddenSize * directions + c.embeddingSize;
  return encoder + decoder + attention + output;
}

/**
 * Peak bytes of one training step: weights with their gradient and Adam's two moments, plus the
 * activations kept for backpropagation through `maxLength` positions of encoder and decoder.
 */
export function estimateTrainingBytes(c: ModelConfig, batchSize: number, maxLength: number): number {
  const weights = 4 * estimateParameters(c);
  // Forward values, their gradients, and the temporaries of each op: about three copies.
  const perExample = 3 * maxLength * activationsPerPosition(c, maxLength);
  return BYTES * (weights + batchSize * perExample);
}

/** Throws an OutOfMemoryError naming what to change when a training step cannot fit `limitBytes`. */
export function checkTrainingMemory(c: ModelConfig, batchSize: number, maxLength: number, limitBytes: number): void {
  const usable = USABLE_SHARE * limitBytes;
  const need = estimateTrainingBytes(c, batchSize, maxLength);
  if (need <= usable) return;
  const weightsOnly = estimateTrainingBytes(c, 0, maxLength);
  const perExample = (need - weightsOnly) / batchSize;
  const batch = Math.floor((usable - weightsOnly) / perExample);
  const fix =
    batch >= 1
      ? `use --batch-size ${batch} or less, a shorter --max-length (now ${maxLength}), ` +
        'or the native backend (npm run setup:native, then --backend tensorflow)'
      : `the weights alone (${width(c)}, vocabularies ${c.sourceVocabSize}/${c.targetVocabSize}) do not fit: ` +
        `use a smaller ${c.kind === 'transformer' ? '--model-size' : '--hidden-size'} or the native backend`;
  throw new OutOfMemoryError(
    `This configuration needs about ${gib(need)} GiB per training step; the backend has ${gib(usable)} GiB: ${fix}.`,
  );
}

// Messages of wasm aborts, heap exhaustion and impossible allocations, as thrown by tfjs and V8.
const OOM_PATTERNS = [
  /Aborted\(/,
  /memory access out of bounds/i,
  /Invalid typed array length/i,
  /Array buffer allocation failed/i,
  /out of memory/i,
  /Cannot enlarge memory/i,
  /Invalid array length/i,
];

export function isOutOfMemory(e: unknown): boolean {
  const message = e instanceof Error ? e.message : String(e);
  return OOM_PATTERNS.some((p) => p.test(message));
}

/** Turns a raw out-of-memory failure into one that says what to change; other errors pass through. */
export function explainOutOfMemory(e: unknown): unknown {
  if (!isOutOfMemory(e) || e instanceof OutOfMemoryError) return e;
  const raw = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 120);
  return new OutOfMemoryError(
    `Ran out of memory (${raw}). Use a smaller --batch-size, a shorter --max-length or a smaller --hidden-size, ` +
      'or the native backend (npm run setup:native, then --backend tensorflow).',
  );
}

function width(c: ModelConfig): string {
  return c.kind === 'transformer' ? `model size ${c.modelSize}` : `hidden size ${c.hiddenSize}`;
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(1);
}
