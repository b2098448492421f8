// The four CLI commands over the core: train, translate, eval, info.
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Corpus } from '../core/data/corpus';
import { formatProblem, readCorpus } from '../core/data/corpus';
import { TOKENIZER_KINDS } from '../core/data/tokenizer';
import { PRESET_NAMES, presetConfig } from '../core/model/config';
import { loadModel, readManifest } from '../core/store/model-store';
import { DEFAULT_DATA_OPTIONS, encodePairs, splitPairs } from '../core/train/dataset';
import { METRIC_NAMES, evaluate } from '../core/train/evaluate';
import { DEFAULT_TRAIN_OPTIONS, checkpointDir, resume, train } from '../core/train/trainer';
import type { TranslationResult } from '../core/translator';
import { UsageError, choiceOption, intOption, numberOption, parse } from './args';
import { progressReporter } from './progress';
import { formatAlignment } from './alignment-text';

const out = (line = '') => process.stdout.write(line + '\n');
const MAX_PROBLEMS_SHOWN = 20;

export async function trainCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    preset: { type: 'string', default: 'bahdanau2014' }, out: { type: 'string' }, resume: { type: 'boolean' },
    epochs: { type: 'string' }, 'batch-size': { type: 'string' }, lr: { type: 'string' }, patience: { type: 'string' },
    metric: { type: 'string' }, seed: { type: 'string' }, tokenizer: { type: 'string' }, 'source-tokenizer': { type: 'string' },
    'target-tokenizer': { type: 'string' }, 'max-length': { type: 'string' }, 'hidden-size': { type: 'string' },
    'embedding-size': { type: 'string' }, dropout: { type: 'string' }, 'checkpoint-every': { type: 'string' },
    quiet: { type: 'boolean' }, backend: { type: 'string' }, lowercase: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('train needs exactly one corpus file: seq2seq train <corpus> [options]');
  const preset = choiceOption(v.preset, 'preset', PRESET_NAMES)!;
  const corpus = await loadCorpus(positionals[0]);
  const outDir = path.resolve(v.out ?? path.join('.seq2seq', 'models', `${path.parse(positionals[0]).name}-${preset}`));
  const trainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    ...defined({
      epochs: intOption(v.epochs, 'epochs'), batchSize: intOption(v['batch-size'], 'batch-size'),
      learningRate: numberOption(v.lr, 'lr'), patience: intOption(v.patience, 'patience'),
      metric: choiceOption(v.metric, 'metric', METRIC_NAMES), seed: intOption(v.seed, 'seed', 0),
      checkpointEvery: intOption(v['checkpoint-every'], 'checkpoint-every', 0),
    }),
  };
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\nstopping after this step; the checkpoint is kept\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  const run = { outDir, name: path.basename(outDir), preset, signal: controller.signal, onEvent: progressReporter(!!v.quiet) };
  try {
    const result = v.resume
      ? await resume(corpus.pairs, run, defined({ epochs: intOption(v.epochs, 'epochs') }))
      : await train(corpus.pairs, architecture(preset, v), dataOptions(v), trainOptions, run);
    if (result.reason === 'cancelled') {
      out(`cancelled at step ${result.steps}; checkpoint in ${checkpointDir(outDir)} (continue with --resume)`);
      return 130;
    }
    out(`model saved to ${outDir}`);
    if (result.test) out(`test: exact ${(100 * result.test.exact).toFixed(2)}%, token accuracy ${(100 * result.test.tokenAccuracy).toFixed(2)}%, BLEU ${result.test.bleu.toFixed(2)}, chrF ${result.test.chrf.toFixed(2)}, CER ${(100 * result.test.cer).toFixed(2)}%`);
    return 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export async function translateCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    model: { type: 'string' }, beam: { type: 'string' }, 'n-best': { type: 'string' }, 'max-length': { type: 'string' },
    'length-penalty': { type: 'string' }, attention: { type: 'boolean' }, json: { type: 'boolean' }, backend: { type: 'string' },
  });
  if (!v.model) throw new UsageError('translate needs --model <dir>');
  const texts = positionals.length ? positionals : await readStdinLines();
  const { translator } = await loadModel(v.model);
  try {
    const results = translator.translate(texts, defined({
      beamSize: intOption(v.beam, 'beam'), nBest: intOption(v['n-best'], 'n-best'),
      maxLength: intOption(v['max-length'], 'max-length'), lengthPenalty: numberOption(v['length-penalty'], 'length-penalty'),
    }));
    for (const r of results) printTranslation(r, !!v.json, !!v.attention);
    return 0;
  } finally {
    translator.dispose();
  }
}

export async function evalCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    model: { type: 'string' }, beam: { type: 'string' }, split: { type: 'string', default: 'all' }, json: { type: 'boolean' }, backend: { type: 'string' },
  });
  if (!v.model || positionals.length !== 1) throw new UsageError('eval needs --model <dir> and one corpus file');
  const split = choiceOption(v.split, 'split', ['all', 'train', 'valid', 'test'] as const)!;
  const corpus = await loadCorpus(positionals[0]);
  const { translator, manifest } = await loadModel(v.model);
  try {
    const saved = (manifest.training?.options as { data?: typeof DEFAULT_DATA_OPTIONS } | undefined)?.data ?? DEFAULT_DATA_OPTIONS;
    const pairs = split === 'all' ? corpus.pairs : splitPairs(corpus.pairs, saved)[split];
    if (!pairs.length) throw new Error(`The ${split} split of ${positionals[0]} is empty.`);
    const { outputs, ...metrics } = evaluate(translator, encodePairs(translator.parts, pairs), defined({ beamSize: intOption(v.beam, 'beam') }));
    if (v.json) out(JSON.stringify({ pairs: pairs.length, ...metrics }));
    else {
      out(`${pairs.length} pairs (${split})`);
      for (const [k, value] of Object.entries(metrics)) out(`${k.padEnd(14)} ${value.toFixed(4)}`);
      const wrong = pairs.map((p, i) => ({ ...p, output: outputs[i] })).filter((p) => p.output !== p.target).slice(0, 5);
      if (wrong.length) out('\nsome errors:');
      for (const w of wrong) out(`  ${w.source}  ->  ${w.output}   (expected ${w.target})`);
    }
    return 0;
  } finally {
    translator.dispose();
  }
}

export async function infoCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, { json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('info needs one model directory');
  const m = await readManifest(positionals[0]);
  if (v.json) {
    const { vocabularies, tokenizers, ...rest } = m;
    out(JSON.stringify({ ...rest, vocabularySizes: { source: vocabularies.source.length, target: vocabularies.target.length }, tokenizers: { source: tokenizers.source.kind, target: tokenizers.target.kind } }, null, 2));
    return 0;
  }
  const a = m.architecture;
  const params = m.weights.tensors.reduce((n, t) => n + t.shape.reduce((x, d) => x * d, 1), 0);
  out(`${m.name}  (${m.preset ?? 'custom'}, format v${m.formatVersion}, created ${m.createdAt})`);
  out(`  encoder   ${a.encoderLayers} x ${a.encoderCell.toUpperCase()} ${a.hiddenSize}${a.bidirectional ? ' bidirectional' : ''}${a.reverseSource ? ', reads the source reversed' : ''}`);
  out(`  decoder   ${a.decoderLayers} x ${a.decoderCell.toUpperCase()} ${a.hiddenSize}, attention ${a.attention}${a.feedContext ? ', fixed context' : ''}, bridge ${a.bridge}`);
  out(`  vocab     source ${a.sourceVocabSize} (${m.tokenizers.source.kind}), target ${a.targetVocabSize} (${m.tokenizers.target.kind})`);
  out(`  params    ${params.toLocaleString('en')}`);
  if (m.training) out(`  training  epoch ${m.training.epoch}, step ${m.training.step}, best ${m.training.metric} ${m.training.best ?? '-'}`);
  for (const [k, value] of Object.entries(m.metrics ?? {})) out(`  ${k.padEnd(18)} ${value.toFixed(4)}`);
  out(`  runtime   ${m.runtime.backend}, tfjs ${m.runtime.tfjs}, studio ${m.runtime.studio}`);
  return 0;
}

async function loadCorpus(file: string): Promise<Corpus> {
  const corpus = await readCorpus(file);
  corpus.problems.slice(0, MAX_PROBLEMS_SHOWN).forEach((p) => process.stderr.write(`warning: ${formatProblem(p)}\n`));
  if (corpus.problems.length > MAX_PROBLEMS_SHOWN) process.stderr.write(`warning: ... and ${corpus.problems.length - MAX_PROBLEMS_SHOWN} more problems\n`);
  if (!corpus.pairs.length) throw new Error(`${file} holds no usable pairs (${corpus.problems.length} problems).`);
  return corpus;
}

function architecture(preset: string, v: Record<string, unknown>) {
  return {
    ...presetConfig(preset),
    ...defined({
      hiddenSize: intOption(v['hidden-size'], 'hidden-size'), embeddingSize: intOption(v['embedding-size'], 'embedding-size'),
      dropout: numberOption(v.dropout, 'dropout'),
    }),
  };
}

function dataOptions(v: Record<string, unknown>) {
  const both = choiceOption(v.tokenizer, 'tokenizer', TOKENIZER_KINDS);
  return {
    ...DEFAULT_DATA_OPTIONS,
    ...defined({
      sourceTokenizer: choiceOption(v['source-tokenizer'], 'source-tokenizer', TOKENIZER_KINDS) ?? both,
      targetTokenizer: choiceOption(v['target-tokenizer'], 'target-tokenizer', TOKENIZER_KINDS) ?? both,
      maxLength: intOption(v['max-length'], 'max-length'),
      lowercase: v.lowercase === true || undefined,
    }),
  };
}

function printTranslation(r: TranslationResult, json: boolean, attention: boolean): void {
  if (json) {
    out(JSON.stringify({ source: r.source, sourceTokens: r.sourceTokens.map((t) => t.text), translations: r.translations }));
    return;
  }
  if (r.translations.length === 1 && !attention) {
    out(r.translations[0].text);
    return;
  }
  r.translations.forEach((t, i) => {
    out(r.translations.length > 1 ? `${i + 1}. ${t.text}\t(score ${t.score.toFixed(4)})` : t.text);
    if (attention) out(formatAlignment(r.sourceTokens.map((s) => s.text), t.tokens, t.attention));
  });
}

async function readStdinLines(): Promise<string[]> {
  if (process.stdin.isTTY) throw new UsageError('give the text to translate as arguments or on standard input');
  const lines: string[] = [];
  for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) lines.push(line);
  return lines;
}

/** Drops undefined values so that they do not override defaults when spread. */
function defined<T extends object>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}
