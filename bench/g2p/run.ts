// CMUdict grapheme-to-phoneme through the project's real training code (train() / resume() of
// src/core/train/trainer.ts) within a wall-clock budget, then WER/PER (bootstrap 95% CIs), accuracy by
// source length and two alignments on the test split of shared/benchmarks.md.
//
// Usage: npx tsx bench/g2p/run.ts [--preset bahdanau2014] [--name NAME] [--budget 1800] [--check 300]
//          [--hidden 256] [--emb 64] [--attn 256] [--dropout 0.15] [--batch 256] [--lr 0.002] [--reverse true|false]
//          [--label-smoothing 0.1]
//          [--preset vaswani2017 [--model-size 256] [--heads 4] [--ff 1024] [--layers 3] [--warmup 400]]
//          [--backend tensorflow|wasm|cpu|auto] [--beam 5] [--seed 1] [--smoke] [--eval-only] [--fresh]
//          [--builtin] [--preset auto] [--epochs N] [--keep-checkpoints] [--budget-decay steps|cosine|plateau]
// Output: bench/results/g2p/<name>/result.json (+ model/, best-dev/ and hyps-*.tsv, git-ignored).
// Resumable: rerunning the same command continues from <name>/model/checkpoint and the time already
// spent (state.json); --fresh starts over.
//
// The budget is wall clock and includes the dev checks (as the PyTorch peer's). The learning rate is
// halved at 70% and quartered at 85% of the budget (the peer's schedule): the run is cut into
// segments at every dev check and at those two points, each a resume() with its learning rate.
// --budget-decay cosine instead follows the trainer's cosine, one step of it per segment (see lrAt);
// --budget-decay plateau adds the trainer's x0.5 for every dev check that did not improve on the best.
// --builtin (implied by --preset auto) instead makes one train() with the trainer's own budget
// (timeBudget: the same schedule, validation on the first dev pairs every epoch, the best kept by it);
// --preset auto lets the corpus and the budget choose sizes, batch, learning rate and dropout
// (only the flags given explicitly override it). --epochs N (implies --builtin) trains exactly N epochs
// with no budget and a constant learning rate: the seeds' ablations compare models at equal epochs.
// --keep-checkpoints keeps the weights of every dev check in <name>/checkpoints/step-N/ (about the
// model's size each), for checkpoint averaging (bench/g2p/average.ts).
import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeBackend, initBackend } from '../../src/core/backend';
import type { ArchitectureConfig, RnnArchitecture, TransformerArchitecture } from '../../src/core/model/config';
import { presetConfig, readsReversed } from '../../src/core/model/config';
import type { DataOptions, TextPair } from '../../src/core/train/dataset';
import { DEFAULT_DATA_OPTIONS, splitPairs } from '../../src/core/train/dataset';
import type { TrainOptions, TrainRun } from '../../src/core/train/trainer';
import { DEFAULT_TRAIN_OPTIONS, checkpointDir, resume, train } from '../../src/core/train/trainer';
import { trainPreset, type GivenOptions } from '../../src/core/train/start';
import { AUTO_PRESET, presetOptions, validateTraining } from '../../src/core/options';
import { STEP_DECAY, budgetLearningRate } from '../../src/core/train/budget';
import type { TrainEvent } from '../../src/core/train/events';
import { loadModel, readManifest } from '../../src/core/store/model-store';
import { MANIFEST_FILE } from '../../src/core/store/manifest';
import { CHECKPOINTS, stepName } from './decode';
import type { Entry } from './cmudict';
import { EXPECTED_WORDS, CMUDICT_VERSION, loadCmudict, splitCmudict } from './cmudict';
import type { Metrics, WordScore } from './metrics';
import { accuracyByLength } from './metrics';
import { phonemeText, scoreTranslator } from './decode';
import { parseArgs } from '../speed/common';
import { writeReport } from './report';

const args = parseArgs(process.argv.slice(2));
const ROOT = path.resolve(__dirname, '..', '..');
const smoke = !!args.smoke;
const bool = (v: unknown, d: boolean) => (v === undefined ? d : v === true || v === 'true' || v === '1');
const num = (k: string, d: number) => (args[k] === undefined ? d : Number(args[k]));

const preset = String(args.preset ?? 'bahdanau2014');
const auto = preset === AUTO_PRESET;
const epochs = args.epochs === undefined ? undefined : Number(args.epochs);
const builtin = !!args.builtin || auto || epochs !== undefined;
const base = presetConfig(auto ? 'bahdanau2014' : preset);
/**
 * Tuned for G2P in a 30-minute budget on 2 cores: the PyTorch peer's sizes (emb 64, hidden 256 per
 * direction, attention 256), but batch 256 / lr 2e-3 / dropout 0.15, since our step costs ~2.5x the
 * peer's (batch 256 costs only 1.4x batch 128 on tfjs-node: more examples per second, ~5 epochs
 * instead of ~3.5 in the budget) and a short run needs less regularisation.
 */
function rnnArchitecture(a: RnnArchitecture): RnnArchitecture {
  return {
    ...a,
    embeddingSize: num('emb', smoke ? 16 : 64),
    hiddenSize: num('hidden', smoke ? 32 : 256),
    attentionSize: a.attention === 'additive' ? num('attn', smoke ? 32 : 256) : a.attentionSize,
    dropout: num('dropout', smoke ? 0 : 0.15),
    reverseSource: bool(args.reverse, a.reverseSource),
  };
}

/** The preset's sizes (cmusphinx g2p-seq2seq's Transformer has 2+2 layers of 256 for comparison) unless given. */
function transformerArchitecture(a: TransformerArchitecture): TransformerArchitecture {
  if (args.reverse !== undefined) throw new Error('--reverse does not apply to the Transformer (it reads no order)');
  const layers = num('layers', smoke ? 1 : a.encoderLayers);
  return {
    ...a,
    modelSize: num('model-size', smoke ? 16 : a.modelSize),
    heads: num('heads', smoke ? 2 : a.heads),
    feedForwardSize: num('ff', smoke ? 32 : a.feedForwardSize),
    encoderLayers: layers,
    decoderLayers: layers,
    dropout: num('dropout', smoke ? 0 : a.dropout),
  };
}

const architecture: ArchitectureConfig =
  base.kind === 'transformer' ? transformerArchitecture(base) : rnnArchitecture(base);
/** A run that overrides the preset's source reversal says so in its name. */
const reversal =
  readsReversed(architecture) === readsReversed(base) ? '' : readsReversed(architecture) ? '-rev' : '-norev';
const mode = auto ? '' : epochs ? `-ep${epochs}` : builtin ? '-builtin' : '';
const name = String(
  args.name ?? (smoke ? `smoke${preset === 'bahdanau2014' ? '' : `-${preset}`}${mode}` : `${preset}${reversal}${mode}`),
);
const outRoot = path.resolve(String(args['out-root'] ?? path.join(ROOT, 'bench', 'results', 'g2p')));
const runDir = path.join(outRoot, name);
const modelDir = path.join(runDir, 'model');
const bestDir = path.join(runDir, 'best-dev');
const stateFile = path.join(runDir, 'state.json');
const budget = num('budget', smoke ? 8 : 1800);
const check = num('check', smoke ? 4 : 300);
const beam = num('beam', 5);
const keepCheckpoints = !!args['keep-checkpoints'];
/** The preset's own options (the Transformer's warm-up, label smoothing, rate, shared vocabulary); flags win. */
const recipe = presetOptions(preset);
const lr = num('lr', recipe.training.learningRate ?? 2e-3);

// The split of the peer and of benchmarks.md: train() sees train+dev words only and reproduces the
// dev split itself from the same hash (test words never enter training).
const DATA: DataOptions = {
  ...DEFAULT_DATA_OPTIONS,
  ...recipe.data,
  sourceTokenizer: 'char',
  targetTokenizer: 'word',
  validFraction: 0.02,
  testFraction: 0.1,
  maxLength: 100,
};
const TRAIN: TrainOptions = {
  ...DEFAULT_TRAIN_OPTIONS,
  ...recipe.training,
  warmupSteps: num('warmup', recipe.training.warmupSteps ?? 0),
  labelSmoothing: num('label-smoothing', recipe.training.labelSmoothing ?? 0),
  // the trainer's own rule checks the choice, before any data is read
  budgetDecay: validateTraining({ budgetDecay: args['budget-decay'] ?? 'steps' }).budgetDecay!,
  epochs: 1000,
  patience: 1000,
  batchSize: num('batch', smoke ? 32 : 256),
  learningRate: lr,
  clipNorm: 5,
  metric: 'exact',
  seed: num('seed', 1),
  maxValidExamples: smoke ? 50 : 300,
  checkpointEvery: smoke ? 5 : 300,
};

/** What --preset auto is told: only the flags given on the command line, so that everything else is its choice. */
function explicitOptions(): GivenOptions {
  const given = (flag: string) => args[flag] !== undefined;
  // auto sizes an RNN (bahdanau2014's architecture).
  const rnn = architecture as RnnArchitecture;
  const explicit: Partial<RnnArchitecture> = {};
  if (given('emb')) explicit.embeddingSize = rnn.embeddingSize;
  if (given('hidden')) explicit.hiddenSize = rnn.hiddenSize;
  if (given('attn')) explicit.attentionSize = rnn.attentionSize;
  if (given('dropout')) explicit.dropout = rnn.dropout;
  if (given('reverse')) explicit.reverseSource = rnn.reverseSource;
  const { batchSize, learningRate, ...training } = TRAIN;
  return {
    architecture: explicit,
    data: DATA,
    training: {
      ...training,
      ...(given('batch') ? { batchSize } : {}),
      ...(given('lr') ? { learningRate } : {}),
      timeBudget: budget,
    },
  };
}

/** --builtin: WER is 100 - exact match on the trainer's validation pairs, and PER is not measured (null). */
interface DevPoint {
  elapsedS: number;
  step: number;
  epoch: number;
  lr: number;
  WER: number;
  PER: number | null;
  evalS: number;
  ckptBest: boolean;
}
interface RunState {
  config: unknown;
  elapsedS: number;
  step: number;
  epoch: number;
  devCurve: DevPoint[];
  bestDevWER: number | null;
  trainS: number;
  done: boolean;
  /** --preset auto: its configuration block. */
  autoPlan?: string[];
}

function log(...a: unknown[]) {
  console.error(`[g2p ${name} ${new Date().toISOString().slice(11, 19)}]`, ...a);
}

async function evalDir(dir: string, entries: Entry[], beamSize: number, bootstrap: number) {
  const { translator } = await loadModel(dir);
  try {
    return scoreTranslator(translator, entries, beamSize, bootstrap);
  } finally {
    translator.dispose();
  }
}

async function copyDir(from: string, to: string) {
  await fsp.rm(to, { recursive: true, force: true });
  await fsp.cp(from, to, { recursive: true });
}

/** A checkpoint's manifest and weights (not Adam's state), for averaging later (bench/g2p/average.ts). */
async function keepWeights(from: string, to: string) {
  const { weights } = await readManifest(from);
  await fsp.mkdir(to, { recursive: true });
  for (const f of [MANIFEST_FILE, weights.file]) await fsp.copyFile(path.join(from, f), path.join(to, f));
}

async function dirBytes(dir: string): Promise<number> {
  const files = await fsp.readdir(dir);
  const sizes = await Promise.all(
    files.map(async (f) =>
      (await fsp.stat(path.join(dir, f))).isFile() ? (await fsp.stat(path.join(dir, f))).size : 0,
    ),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

/**
 * The learning rate of a segment [from, to): the trainer's budget decay (src/core/train/budget.ts), taken
 * at the segment's middle. With `steps` the segments end where the rate changes, so that is exact; with
 * `cosine` it is a staircase of --check-second treads (24 in 2 hours at 300 s) under the cosine. With
 * `plateau` the dev checks are the validations: each one that did not improve on the best halves the rate.
 */
function lrAt(state: RunState, from: number, to: number): number {
  const plateaus = state.devCurve.filter((p) => !p.ckptBest).length;
  const at = TRAIN.budgetDecay === 'cosine' ? (from + to) / 2 : from;
  return budgetLearningRate(lr, at, budget, TRAIN.budgetDecay, plateaus);
}

/** The next segment end after `elapsed`: a dev check, an LR change (`steps`), or the end of the budget. */
function nextBoundary(elapsed: number): { at: number; devCheck: boolean } {
  const checks = [];
  for (let t = check; t < budget; t += check) checks.push(t);
  const lrChanges =
    TRAIN.budgetDecay === 'cosine' ? [] : STEP_DECAY.map((p) => ({ at: p.at * budget, devCheck: false }));
  const points = [...checks.map((at) => ({ at, devCheck: true })), ...lrChanges, { at: budget, devCheck: true }];
  return points.filter((p) => p.at > elapsed + 0.5).sort((a, b) => a.at - b.at)[0] ?? { at: budget, devCheck: true };
}

interface Splits {
  version: string;
  words: number;
  counts: { train: number; dev: number; test: number };
  trainE: Entry[];
  devE: Entry[];
  testE: Entry[];
  /** What train() gets: train and dev words (every pronunciation variant), never test words. */
  pairs: TextPair[];
  trainPairs: number;
}

async function loadSplits(): Promise<Splits> {
  const { dictionary, version } = await loadCmudict();
  const split = splitCmudict(dictionary, version);
  const counts = { train: split.train.length, dev: split.dev.length, test: split.test.length };
  if (version !== CMUDICT_VERSION) log(`WARNING: ${version} is not the pinned ${CMUDICT_VERSION}`);
  if (JSON.stringify(counts) !== JSON.stringify(EXPECTED_WORDS))
    log(`WARNING: split ${JSON.stringify(counts)} differs from ${JSON.stringify(EXPECTED_WORDS)}`);
  // Smoke: a slice of every split, so the whole pipeline runs in seconds.
  const pick = <T>(xs: T[], n: number) => (smoke ? xs.filter((_, i) => i % Math.ceil(xs.length / n) === 0) : xs);
  const trainE = pick(split.train, 1500);
  const devE = pick(split.dev, 60);
  const testE = pick(split.test, 60);
  const pairs = [...trainE, ...devE].flatMap((e) =>
    e.variants.map((v) => ({ source: e.word, target: phonemeText(v) })),
  );
  // train() re-splits by the same hash: check that it gets exactly our train/dev.
  const inner = splitPairs(pairs, DATA);
  const devWords = new Set(devE.map((e) => e.word));
  if (
    inner.test.length ||
    inner.valid.some((p) => !devWords.has(p.source)) ||
    inner.train.some((p) => devWords.has(p.source))
  ) {
    throw new Error("train()'s hash split does not reproduce the benchmark split");
  }
  log(
    `CMUdict ${version}: ${split.words} words; ` +
      `train ${counts.train} words / ${inner.train.length} pairs, dev ${counts.dev}, ` +
      `test ${counts.test}${smoke ? ' (smoke: subsets)' : ''}`,
  );
  return { version, words: split.words, counts, trainE, devE, testE, pairs, trainPairs: inner.train.length };
}

/** The schedule in words, for result.json: warm-up (the Transformer), then the budget's decay or none. */
function lrScheduleText(): string {
  const warmup = TRAIN.warmupSteps ? `${TRAIN.warmupSteps} warm-up steps then inverse square root` : '';
  const decay = {
    cosine: 'cosine over the budget',
    steps: 'x0.5 at 70%, x0.25 at 85% of budget',
    plateau: 'x0.5 at 70%, x0.25 at 85% of budget, and x0.5 for every dev check that did not improve',
  }[TRAIN.budgetDecay];
  if (epochs) return warmup || 'constant';
  return [warmup, decay].filter(Boolean).join(', and ');
}

const CONFIG = {
  preset,
  architecture: auto ? 'auto (see autoPlan)' : architecture,
  data: DATA,
  train: auto ? explicitOptions().training : TRAIN,
  budgetS: budget,
  checkS: builtin ? 'every epoch (trainer validation)' : check,
  lrSchedule: lrScheduleText(),
  budgetMode: epochs
    ? `${epochs} epochs, no budget`
    : builtin
      ? 'trainer timeBudget (one train() call)'
      : 'resume() segments',
};

async function loadState(): Promise<RunState> {
  await fsp.mkdir(runDir, { recursive: true });
  if (args.fresh)
    await fsp.rm(runDir, { recursive: true, force: true }).then(() => fsp.mkdir(runDir, { recursive: true }));
  if (!fs.existsSync(stateFile))
    return { config: CONFIG, elapsedS: 0, step: 0, epoch: 0, devCurve: [], bestDevWER: null, trainS: 0, done: false };
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as RunState;
  log(`resuming: ${state.elapsedS.toFixed(0)} s of ${budget} s spent, step ${state.step}`);
  return state;
}

const saveState = (state: RunState) => fs.writeFileSync(stateFile, JSON.stringify(state, null, 1));

/** What the training events tell about the model (the first segment of a run reports them). */
interface ModelStats {
  parameters: number;
  stepsPerEpoch: number;
}

/** Follows one segment's training events: progress lines, and the run state at every checkpoint. */
function segmentEvents(
  state: RunState,
  stats: ModelStats,
  segLr: number,
  elapsed: () => number,
): (e: TrainEvent) => void {
  const segStart = performance.now();
  let segSteps = 0;
  let lossSum = 0;
  return (e) => {
    if (e.type === 'start') {
      stats.parameters = e.parameters;
      stats.stepsPerEpoch = e.stepsPerEpoch;
    } else if (e.type === 'step') {
      segSteps++;
      lossSum += e.loss;
      state.step = e.step;
      state.epoch = e.epoch + e.stepInEpoch / e.stepsPerEpoch;
      if (e.step % (smoke ? 5 : 100) === 0) {
        const msPerStep = (performance.now() - segStart) / segSteps;
        log(
          `step ${e.step} ep ${state.epoch.toFixed(2)} loss ${(lossSum / segSteps).toFixed(3)} ` +
            `${msPerStep.toFixed(0)} ms/step ` +
            `lr ${e.learningRate ?? segLr} t ${elapsed().toFixed(0)}/${budget} s`,
        );
      }
    } else if (e.type === 'checkpoint') {
      state.elapsedS = elapsed(); // a killed run resumes from here
      saveState(state);
    } else if (e.type === 'validation') {
      log(
        `epoch ${e.epoch} done: valid exact ${(100 * e.metrics.exact).toFixed(1)}% ` +
          `(first ${TRAIN.maxValidExamples} dev pairs)`,
      );
    }
  };
}

/** Trains up to the next boundary (a resume() with that segment's learning rate), then checks dev if due. */
async function trainSegment(state: RunState, stats: ModelStats, data: Splits): Promise<void> {
  const seg = nextBoundary(state.elapsedS);
  const segLr = lrAt(state, state.elapsedS, seg.at);
  const segBase = state.elapsedS;
  const segStart = performance.now();
  const elapsed = () => segBase + (performance.now() - segStart) / 1000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(0, (seg.at - segBase) * 1000));
  const onEvent = segmentEvents(state, stats, segLr, elapsed);
  const run: TrainRun = { outDir: modelDir, name: `g2p-${name}`, preset, signal: controller.signal, onEvent };
  const trainStart = performance.now();
  try {
    if (fs.existsSync(path.join(checkpointDir(modelDir), 'manifest.json')))
      await resume(data.pairs, run, { learningRate: segLr });
    else await train(data.pairs, architecture, DATA, { ...TRAIN, learningRate: segLr }, run);
  } finally {
    clearTimeout(timer);
  }
  state.trainS += (performance.now() - trainStart) / 1000;
  state.elapsedS = elapsed();
  if (seg.devCheck || state.elapsedS >= budget - 0.5) await devCheck(state, data.devE, segLr, elapsed);
  saveState(state);
}

/**
 * --builtin: one train() (or resume() of it) under the trainer's own budget. Its validation every
 * epoch (exact match on the first maxValidExamples dev pairs) is the dev curve; the best model it
 * keeps in model/ is what gets evaluated.
 */
async function builtinTraining(state: RunState, stats: ModelStats, data: Splits): Promise<void> {
  const segBase = state.elapsedS;
  const segStart = performance.now();
  const elapsed = () => segBase + (performance.now() - segStart) / 1000;
  const follow = segmentEvents(state, stats, lr, elapsed);
  let lastLr = lr;
  const onEvent = (e: TrainEvent) => {
    follow(e);
    if (e.type === 'step') lastLr = e.learningRate ?? lastLr;
    if (e.type === 'start' && e.plan) {
      state.autoPlan = e.plan;
      log(['auto configuration:', ...e.plan].join('\n  '));
    }
    if (e.type === 'validation') {
      const WER = +(100 * (1 - e.metrics.exact)).toFixed(2);
      state.bestDevWER = state.bestDevWER === null ? WER : Math.min(state.bestDevWER, WER);
      state.devCurve.push({
        elapsedS: Math.round(elapsed()),
        step: e.step,
        epoch: +state.epoch.toFixed(2),
        lr: lastLr,
        WER,
        PER: null,
        evalS: 0,
        ckptBest: e.improved,
      });
      saveState(state);
    }
  };
  const run: TrainRun = { outDir: modelDir, name: `g2p-${name}`, preset, onEvent };
  const t0 = performance.now();
  if (fs.existsSync(path.join(checkpointDir(modelDir), 'manifest.json'))) await resume(data.pairs, run);
  else
    await trainPreset(
      data.pairs,
      preset,
      auto
        ? explicitOptions()
        : { architecture, data: DATA, training: epochs ? { ...TRAIN, epochs } : { ...TRAIN, timeBudget: budget } },
      run,
    );
  state.trainS += (performance.now() - t0) / 1000;
  state.elapsedS = elapsed();
  state.done = true;
  saveState(state);
}

/** Greedy WER on dev; the best checkpoint so far is kept in best-dev/. Counts inside the budget. */
async function devCheck(state: RunState, devE: Entry[], segLr: number, elapsed: () => number): Promise<void> {
  const ev = await evalDir(checkpointDir(modelDir), devE, 1, 0);
  const improved = state.bestDevWER === null || ev.metrics.WER < state.bestDevWER;
  if (improved) {
    state.bestDevWER = ev.metrics.WER;
    await copyDir(checkpointDir(modelDir), bestDir);
  }
  if (keepCheckpoints) await keepWeights(checkpointDir(modelDir), path.join(runDir, CHECKPOINTS, stepName(state.step)));
  state.elapsedS = elapsed();
  const p: DevPoint = {
    elapsedS: Math.round(state.elapsedS),
    step: state.step,
    epoch: +state.epoch.toFixed(2),
    lr: segLr,
    WER: ev.metrics.WER,
    PER: ev.metrics.PER,
    evalS: +ev.decodeS.toFixed(1),
    ckptBest: improved,
  };
  state.devCurve.push(p);
  log('DEV', JSON.stringify(p));
}

/** The test split (greedy and beam) and dev, on the best-dev checkpoint; the hypotheses go to hyps-*.tsv. */
async function evaluate(evalFrom: string, data: Splits) {
  log('test evaluation ...');
  const boot = smoke ? 50 : 1000;
  const greedy = await evalDir(evalFrom, data.testE, 1, boot);
  log('TEST greedy', JSON.stringify(greedy.metrics), `${greedy.decodeS.toFixed(1)} s`);
  const beamed = await evalDir(evalFrom, data.testE, beam, boot);
  log(`TEST beam${beam}`, JSON.stringify(beamed.metrics), `${beamed.decodeS.toFixed(1)} s`);
  const dev = await evalDir(evalFrom, data.devE, 1, 0);
  const writeHyps = (file: string, scores: WordScore[], hyps: string[][]) =>
    fs.writeFileSync(
      path.join(runDir, file),
      data.testE
        .map(
          (e, i) =>
            `${e.word}\t${hyps[i].join(' ')}\t${scores[i].err}\t${e.variants.map((v) => v.join(' ')).join(' | ')}`,
        )
        .join('\n') + '\n',
    );
  writeHyps('hyps-greedy.tsv', greedy.scores, greedy.hyps);
  writeHyps(`hyps-beam${beam}.tsv`, beamed.scores, beamed.hyps);
  return { greedy, beamed, dev };
}

/** Two alignments through Translator.translate (text in, attention out), for the report. */
async function alignmentExamples(evalFrom: string, stats: ModelStats) {
  const { translator, manifest } = await loadModel(evalFrom);
  // Two test words: a long, near-monotonic one and one with silent letters.
  const examples = ['washington', 'knights'].map((w) => {
    const r = translator.translate([w], { beamSize: 1 })[0];
    const output = r.translations[0].tokens.map((t) => t.replace('\u2581', ''));
    return { word: w, sourceTokens: r.sourceTokens.map((t) => t.text), output, attention: r.translations[0].attention };
  });
  stats.parameters ||= translator.parts.model.params.count();
  translator.dispose();
  return { examples, optimizerBytes: manifest.optimizer?.byteLength ?? 0 };
}

async function main() {
  const t0 = performance.now();
  const backend = await initBackend({ choice: String(args.backend ?? (smoke ? 'wasm' : 'auto')) });
  const fallbacks = backend.fallbacks.length ? ' fallbacks: ' + backend.fallbacks.join('; ') : '';
  log(`backend ${describeBackend(backend)} (tfjs ${backend.tfjsVersion})${fallbacks}`);
  const data = await loadSplits();
  const state = await loadState();
  const stats: ModelStats = { parameters: 0, stepsPerEpoch: 1 };
  if (builtin && !args['eval-only'] && !state.done) await builtinTraining(state, stats, data);
  while (!builtin && !args['eval-only'] && !state.done && state.elapsedS < budget - 0.5)
    await trainSegment(state, stats, data);
  state.done = true;
  saveState(state);

  const best = builtin ? modelDir : bestDir;
  const evalFrom = fs.existsSync(path.join(best, 'manifest.json')) ? best : checkpointDir(modelDir);
  const { greedy, beamed, dev } = await evaluate(evalFrom, data);
  const { examples, optimizerBytes } = await alignmentExamples(evalFrom, stats);
  const { version, counts, trainE, devE, testE } = data;
  const result = {
    kind: 'g2p',
    name,
    smoke,
    date: new Date().toISOString(),
    backend: backend.name,
    kernels: describeBackend(backend),
    tfjs: backend.tfjsVersion,
    node: process.version,
    cmudict: {
      package: `cmu-pronouncing-dictionary@${version}`,
      words: data.words,
      split: counts,
      trainPairs: data.trainPairs,
      smokeSubset: smoke ? { train: trainE.length, dev: devE.length, test: testE.length } : undefined,
    },
    config: CONFIG,
    parameters: stats.parameters,
    modelBytes: (await dirBytes(evalFrom)) - optimizerBytes,
    training: {
      budgetS: epochs ? null : budget,
      wallS: Math.round(state.elapsedS),
      trainS: Math.round(state.trainS),
      steps: state.step,
      epochs: +state.epoch.toFixed(2),
      stepsPerEpoch: stats.stepsPerEpoch,
      msPerStep: state.step ? +((1000 * state.trainS) / state.step).toFixed(1) : null,
      evaluatedCheckpoint: path.basename(evalFrom),
    },
    devCurve: state.devCurve,
    autoPlan: state.autoPlan,
    dev: dev.metrics,
    test: {
      greedy: greedy.metrics,
      [`beam${beam}`]: beamed.metrics,
      greedyDecodeS: +greedy.decodeS.toFixed(1),
      beamDecodeS: +beamed.decodeS.toFixed(1),
    },
    accuracyByLength: { greedy: accuracyByLength(greedy.scores), [`beam${beam}`]: accuracyByLength(beamed.scores) },
    alignments: examples,
    published: PUBLISHED,
    totalWallS: Math.round((performance.now() - t0) / 1000),
  };
  const file = path.join(runDir, 'result.json');
  fs.writeFileSync(file, JSON.stringify(result, null, 1) + '\n');
  const report = writeReport({ smoke, root: outRoot, png: !smoke && !args['no-png'] });
  log(`report: ${path.relative(ROOT, report)}`);
  console.log(
    JSON.stringify({
      name,
      test: result.test,
      dev: result.dev,
      training: result.training,
      file: path.relative(ROOT, file),
    }),
  );
}

/** shared/benchmarks.md: standard CMUdict split (comparable, not identical; ~1 WER point is noise). */
export const PUBLISHED: { system: string; PER: number | null; WER: number }[] = [
  { system: 'Sequitur G2P (Bisani & Ney 2008)', PER: 5.88, WER: 24.53 },
  { system: 'Phonetisaurus', PER: null, WER: 24.4 },
  { system: 'bi-LSTM (Yao & Zweig 2015)', PER: 5.45, WER: 23.55 },
  { system: 'attention enc-dec, ensemble of 5 (Toshniwal & Livescu 2016)', PER: 4.69, WER: 20.24 },
  { system: '2-layer Transformer (cmusphinx g2p-seq2seq)', PER: null, WER: 20.2 },
  { system: 'PyTorch peer on this machine, 30 min (shared/reference/g2p_torch.py), greedy', PER: 6.5, WER: 27.5 },
  { system: 'PyTorch peer on this machine, 30 min, beam 5', PER: 6.37, WER: 27.2 },
];
export type { Metrics };

main().then(
  () => process.exit(0),
  (e) => {
    console.error('FAILED', e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
