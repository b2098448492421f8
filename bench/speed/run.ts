// Speed of OUR model on one backend and one size, through the project's real code: initBackend,
// model.loss (createModel), ClippedAdam.step, greedyDecode, beamSearch and Translator.translate.
// One (backend, size) per process, so that peak RSS and the wasm heap (which never shrinks) belong
// to that row alone. Prints one JSON line on stdout (and writes it to --out when given).
//
// Usage: npx tsx bench/speed/run.ts --backend wasm|tensorflow|cpu [--kernels fused|reference] [--threads 1|2]
//          --size small|reference|large|smoke
//          [--steps 10] [--warmup 2] [--decode 10] [--lines N] [--out file.json]
// --threads 2 (wasm, fused) runs the kernels with their helper thread (src/core/kernels/wasm/threads.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import { tf } from '../../src/core/backend/tf';
import { initBackend } from '../../src/core/backend';
import { createModel } from '../../src/core/model/create';
import { Dropout } from '../../src/core/model/dropout';
import { disposeTrainingBatch, makeTrainingBatch } from '../../src/core/model/batch';
import { ClippedAdam } from '../../src/core/train/optimizer';
import { greedyDecode } from '../../src/core/decode/greedy';
import { beamSearch } from '../../src/core/decode/beam';
import { Translator } from '../../src/core/translator';
import { Vocab } from '../../src/core/data/vocab';
import { WordTokenizer } from '../../src/core/data/word-tokenizer';
import { makeRng, randomInt } from '../../src/core/util/random';
import { SIZES, benchConfig, forwardMacs, median, parseArgs, randomPairs } from './common';
import { kernels, referenceKernels } from '../../src/core/kernels';
import { kernelDiff } from '../../src/core/model/kernel-check';

const args = parseArgs(process.argv.slice(2));

function letters(n: number): string {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

async function main() {
  const sizeName = String(args.size ?? 'small');
  const s = SIZES[sizeName];
  if (!s) throw new Error(`unknown size ${sizeName}`);
  const steps = Number(args.steps ?? 10);
  const warmup = Number(args.warmup ?? 2);
  const decodeReps = Number(args.decode ?? 10);
  const lines = Number(args.lines ?? s.lines);
  const threads = Number(args.threads ?? 1);
  const choice = String(args.backend ?? 'wasm');
  const row: Record<string, unknown> = { impl: 'seq2seq-studio', size: sizeName, spec: s };
  const info = await initBackend({ choice, kernels: String(args.kernels ?? 'fused'), threads });
  row.backend = info.name + (info.kernels.threads > 1 ? `-threads${info.kernels.threads}` : '');
  row.kernels = info.kernels.name;
  row.kernelsDetail = info.kernels.detail || info.kernels.fallback || '';
  row.tfjs = info.tfjsVersion;
  if (info.name === 'wasm') {
    row.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    row.wasmThreads = info.kernels.threads;
  }
  const be = tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } };
  const wasmHeap = () => (be.wasm ? be.wasm.HEAPU8.length : 0);

  // ---- training steps ----
  const config = benchConfig(s);
  const model = createModel(config, 1);
  row.params = model.params.count();
  const optimizer = new ClippedAdam(model.params, { learningRate: 1e-3, clipNorm: 5 });
  const special = { pad: 0, bos: 1, eos: 2 };
  const batches = [
    makeTrainingBatch(randomPairs(s, 123), false, special),
    makeTrainingBatch(randomPairs(s, 456), false, special),
  ];
  const times: number[] = [];
  const losses: number[] = [];
  const numTensors: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const b = batches[i % 2];
    const t0 = performance.now();
    const { loss } = optimizer.step(() => model.loss(b, Dropout.off));
    const dt = performance.now() - t0;
    if (i >= warmup) times.push(dt);
    losses.push(+loss.toFixed(4));
    numTensors.push(tf.memory().numTensors);
    if (args.verbose)
      console.error(`step ${i} ${dt.toFixed(1)} ms loss ${loss.toFixed(4)} tensors ${tf.memory().numTensors}`);
  }
  batches.forEach(disposeTrainingBatch);
  optimizer.dispose();
  model.dispose();
  const ms = median(times);
  const macs = forwardMacs(s);
  Object.assign(row, {
    msPerStep: +ms.toFixed(1),
    minMs: +Math.min(...times).toFixed(1),
    maxMs: +Math.max(...times).toFixed(1),
    stepTimes: times.map((x) => +x.toFixed(1)),
    tokensPerSec: Math.round((s.B * s.T) / (ms / 1000)),
    gflopPerStep: +((6 * macs) / 1e9).toFixed(2),
    gflops: +((6 * macs) / 1e9 / (ms / 1000)).toFixed(2),
    losses,
    numTensorsPerStep: numTensors,
    tensorsFlat: numTensors.slice(warmup).every((n) => n === numTensors[warmup]),
  });

  // ---- decoding, with a fresh (untrained) model: a few steps on random data teach it to say </s>
  // at once, and the translate row should decode full-length outputs. Batch 1, exactly T tokens
  // (eos id -1 never matches, so no early stop). ----
  const decModel = createModel(config, 2);
  // </s> (id 2) gets a -1e4 output bias, so every translated line runs the full T steps, as the twin's.
  tf.tidy(() =>
    decModel.params
      .get('out/b')
      .assign(tf.tensor1d(Array.from({ length: s.V }, (_, i) => (i === special.eos ? -1e4 : 0)))),
  );
  const src1 = Array.from({ length: s.S }, (_, i) => 4 + ((i * 37 + 11) % (s.V - 4)));
  const noEos = { pad: 0, bos: 1, eos: -1 };
  const timeIt = (fn: () => void) => {
    const d: number[] = [];
    for (let i = 0; i < decodeReps + 2; i++) {
      const t0 = performance.now();
      fn();
      if (i >= 2) d.push(performance.now() - t0);
    }
    return d;
  };
  const g = timeIt(() => greedyDecode(decModel, [src1], noEos, () => s.T, 1));
  const bm = timeIt(() =>
    beamSearch(decModel, [src1], noEos, { beamSize: 5, nBest: 1, lengthPenalty: 1, maxLength: () => s.T }),
  );
  Object.assign(row, {
    greedyMs: +median(g).toFixed(2),
    greedyMinMs: +Math.min(...g).toFixed(2),
    beam5Ms: +median(bm).toFixed(2),
    beam5MinMs: +Math.min(...bm).toFixed(2),
  });

  // ---- translating `lines` texts through Translator.translate (greedy, batches of 64) ----
  // A word-level codec whose vocabulary is exactly V (4 specials + V-4 letter tokens); every token
  // follows a space, so each carries the same word-boundary marker.
  const tokenizer = new WordTokenizer(false);
  const words = Array.from({ length: s.V - 4 }, (_, i) => letters(i));
  const vocab = Vocab.fromJSON(['<pad>', '<s>', '</s>', '<unk>', ...words.map((w) => '\u2581' + w)]);
  const translator = new Translator({
    model: decModel,
    sourceTokenizer: tokenizer,
    targetTokenizer: tokenizer,
    sourceVocab: vocab,
    targetVocab: vocab,
  });
  const rng = makeRng(99);
  const texts = Array.from(
    { length: lines },
    () => ' ' + Array.from({ length: s.S }, () => words[randomInt(rng, words.length)]).join(' '),
  );
  if (translator.encodeSource(texts[0]).ids.some((id) => id === vocab.unkId))
    throw new Error('bench codec produced <unk>');
  translator.translate(texts.slice(0, 2), { maxLength: s.T }); // warm-up
  const t0 = performance.now();
  const out = translator.translate(texts, { maxLength: s.T });
  const translateMs = performance.now() - t0;
  const outTokens = out.reduce((n, r) => n + r.translations[0].tokens.length, 0);
  Object.assign(row, {
    translateLines: lines,
    translateMs: Math.round(translateMs),
    translateLinesPerSec: +(lines / (translateMs / 1000)).toFixed(1),
    translateOutTokens: outTokens,
    translateMeanOutLen: +(outTokens / lines).toFixed(2),
  });
  decModel.dispose();

  Object.assign(row, {
    rssPeakMB: Math.round(process.resourceUsage().maxRSS / 1024),
    wasmHeapMB: be.wasm ? Math.round(wasmHeap() / 2 ** 20) : null,
    memEnd: tf.memory().numTensors,
    node: process.version,
    cpus: os.cpus().length,
    loadavg: os.loadavg().map((x) => +x.toFixed(2)),
  });
  // benchmarks.md: a fused row counts only if its loss and gradients equal the reference's. Checked
  // last, after the memory readings: the reference pass grows the wasm heap, which never shrinks.
  if (info.kernels.name === 'fused')
    row.gradCheck = kernelDiff(kernels(), referenceKernels, config, { pairs: randomPairs(s, 123) });
  const line = JSON.stringify(row);
  console.log(line);
  if (args.out) fs.writeFileSync(String(args.out), line + '\n');
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error('FAILED', e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
