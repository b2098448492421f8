// The CLI commands over the core: train, translate, eval, info, average.
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { ModelConfig } from '../core/model/config';
import { MANIFEST_FILE } from '../core/store/manifest';
import type { Corpus } from '../core/data/corpus';
import { formatProblem, malformedShare, readCorpus } from '../core/data/corpus';
import { loadModel, readManifest, saveModel } from '../core/store/model-store';
import { averageModels } from '../core/store/average';
import { holdsModel } from '../core/store/out-dir';
import { DEFAULT_DATA_OPTIONS, splitPairs } from '../core/train/dataset';
import { evaluatePairs, type PairEvaluation } from '../core/train/evaluated-pairs';
import type { EvaluationReport } from '../core/evaluation-report';
import type { TrainOptions, TrainResult } from '../core/train/trainer';
import { trainPreset } from '../core/train/start';
import { metricTable, summarizeMetrics } from '../core/metrics/summary';
import { checkpointDir, resume } from '../core/train/trainer';
import type { TranslationResult } from '../core/translator';
import { UsageError } from './args';
import type { ParsedCommand } from './options';
import { progressReporter, translationProgress } from './progress';
import { formatAlignment } from './alignment-text';
import { reportHtml } from './html-report';

const out = (line = '') => process.stdout.write(line + '\n');
const MAX_PROBLEMS_SHOWN = 20;

// Options that a checkpoint fixes: changing them on --resume would silently be ignored.
const FIXED_ON_RESUME = [
  'preset',
  'tokenizer',
  'source-tokenizer',
  'target-tokenizer',
  'lowercase',
  'max-length',
  'hidden-size',
  'embedding-size',
  'layers',
  'model-size',
  'heads',
  'feed-forward-size',
  'dropout',
  'label-smoothing',
  'warmup',
  'batch-size',
  'lr',
  'seed',
  'metric',
  'force',
];

export async function trainCommand(p: ParsedCommand): Promise<number> {
  const { flags: v, positionals } = p;
  if (positionals.length !== 1)
    throw new UsageError('train needs exactly one corpus file: seq2seq train <corpus> [options]');
  const fixed = v.resume ? FIXED_ON_RESUME.filter((f) => p.given.has(f)) : [];
  if (fixed.length)
    throw new UsageError(
      `--${fixed[0]} cannot be used with --resume: the checkpoint fixes ${
        fixed.length > 1
          ? `it (and ${fixed
              .slice(1)
              .map((f) => `--${f}`)
              .join(', ')})`
          : 'it'
      }; start a new training to change it`,
    );
  const preset = v.preset as string;
  const corpus = await loadCorpus(positionals[0], !!v.force);
  const outDir = path.resolve(
    (v.out as string | undefined) ?? path.join('.seq2seq', 'models', `${path.parse(positionals[0]).name}-${preset}`),
  );
  const controller = new AbortController();
  const stopSignals = interruptHandler(controller);
  const run = {
    outDir,
    name: path.basename(outDir),
    preset,
    signal: controller.signal,
    onEvent: progressReporter(!!v.quiet),
    force: !!v.force,
  };
  try {
    const result = v.resume
      ? await resume(corpus.pairs, run, p.sections.training as Partial<TrainOptions>)
      : await trainPreset(corpus.pairs, preset, p.sections, run);
    if (result.reason === 'cancelled') {
      out(`cancelled at step ${result.steps}; checkpoint in ${checkpointDir(outDir)} (continue with --resume)`);
      return 130;
    }
    // Only a model that is on disk is reported as saved.
    if (result.best === null || !existsSync(path.join(outDir, MANIFEST_FILE))) {
      if (result.reason === 'time-up')
        throw new Error(
          `the time budget was spent after ${result.steps} steps, ` +
            `before a model could be validated and saved to ${outDir}: give it more --time`,
        );
      throw new Error(`the training ${result.reason} after ${result.steps} steps without saving a model to ${outDir}`);
    }
    out(
      `model saved to ${outDir} (${REASON_TEXT[result.reason]} after ${result.epochs} epochs, ${result.steps} steps)`,
    );
    if (result.test) {
      const share = result.testExamples
        ? ` (${result.testExamples.evaluated} of ${result.testExamples.of} pairs: the time budget allowed no more)`
        : '';
      out(`test: ${summarizeMetrics(result.task, result.test)}${share}`);
    }
    return 0;
  } finally {
    stopSignals();
  }
}

const REASON_TEXT: Record<TrainResult['reason'], string> = {
  completed: 'completed',
  'early-stopped': 'stopped early',
  'time-up': 'time budget spent',
  cancelled: 'cancelled',
};

/**
 * Ctrl+C stops after the current step and writes the checkpoint. A second Ctrl+C (people press it
 * twice) must not kill that write: it only says so; a third quits at once, checkpoint or not.
 */
function interruptHandler(controller: AbortController): () => void {
  let presses = 0;
  const onSigint = () => {
    presses++;
    if (presses === 1) process.stderr.write('\nstopping after this step; the checkpoint is kept\n');
    else if (presses === 2)
      process.stderr.write('\nstill writing the checkpoint; press Ctrl+C once more to quit without it\n');
    else process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return () => process.removeListener('SIGINT', onSigint);
}

export async function translateCommand(p: ParsedCommand): Promise<number> {
  const { flags: v, positionals, sections } = p;
  if (!v.model) throw new UsageError('translate needs --model <dir>');
  const texts = positionals.length ? positionals : await readStdinLines();
  const { translator } = await loadModel(v.model as string);
  const progress = translationProgress(texts.length);
  try {
    const results = translator.translate(texts, sections.decoding, progress);
    progress.stop();
    for (const r of results) printTranslation(r, !!v.json, !!v.attention);
    return 0;
  } finally {
    progress.stop();
    translator.dispose();
  }
}

export async function evalCommand(p: ParsedCommand): Promise<number> {
  const { flags: v, positionals, sections } = p;
  if (!v.model || positionals.length !== 1) throw new UsageError('eval needs --model <dir> and one corpus file');
  const split = v.split as 'all' | 'train' | 'valid' | 'test';
  const corpus = await loadCorpus(positionals[0], false);
  const { translator, manifest } = await loadModel(v.model as string);
  try {
    const saved =
      (manifest.training?.options as { data?: typeof DEFAULT_DATA_OPTIONS } | undefined)?.data ?? DEFAULT_DATA_OPTIONS;
    const chosen = split === 'all' ? corpus.pairs : splitPairs(corpus.pairs, saved)[split];
    if (!chosen.length) throw new Error(`The ${split} split of ${positionals[0]} has no pairs to evaluate.`);
    // Pairs beyond what the model can translate take minutes each and say nothing: counted and skipped.
    const evaluation = evaluatePairs(translator, chosen, {
      beamSize: sections.decoding.beamSize as number | undefined,
    });
    const { metrics, pairs, tooLong } = evaluation;
    if (tooLong)
      process.stderr.write(
        `warning: ${tooLong} of ${chosen.length} pairs are longer than ${translator.maxSourceTokens} tokens ` +
          'and are not evaluated\n',
      );
    if (v.report) writeReport(v.report as string, manifest.name, positionals[0], corpus, evaluation);
    if (v.json) out(JSON.stringify({ pairs: pairs.length, tooLong, ...metrics }));
    else {
      out(`${pairs.length} pairs (${split})`);
      for (const [k, value] of Object.entries(metrics)) out(`${k.padEnd(14)} ${value.toFixed(4)}`);
      const wrong = pairs.filter((w) => w.distance > 0).slice(0, 5);
      if (wrong.length) out('\nsome errors:');
      for (const w of wrong) out(`  ${w.source}  ->  ${w.output}   (expected ${w.reference})`);
      if (v.report) out(`\nreport: ${path.resolve(v.report as string)}`);
    }
    return 0;
  } finally {
    translator.dispose();
  }
}

function writeReport(file: string, model: string, corpusFile: string, corpus: Corpus, e: PairEvaluation): void {
  const report: EvaluationReport = {
    model,
    corpus: path.basename(corpusFile),
    metrics: metricTable(e.task, e.metrics),
    diffUnit: e.task === 'text' ? 'word' : 'char',
    pairs: e.pairs,
    tooLong: e.tooLong,
    problems: corpus.problems.length,
  };
  writeFileSync(file, reportHtml(report));
}

export async function infoCommand(p: ParsedCommand): Promise<number> {
  const { flags: v, positionals } = p;
  if (positionals.length !== 1) throw new UsageError('info needs one model directory');
  const m = await readManifest(positionals[0]);
  if (v.json) {
    const { vocabularies, tokenizers, ...rest } = m;
    out(
      JSON.stringify(
        {
          ...rest,
          vocabularySizes: { source: vocabularies.source.length, target: vocabularies.target.length },
          tokenizers: { source: tokenizers.source.kind, target: tokenizers.target.kind },
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const a = m.architecture;
  const params = m.weights.tensors.reduce((n, t) => n + t.shape.reduce((x, d) => x * d, 1), 0);
  out(`${m.name}  (${m.preset ?? 'custom'}, format v${m.formatVersion}, created ${m.createdAt})`);
  for (const line of architectureLines(a)) out(line);
  out(
    `  vocab     source ${a.sourceVocabSize} (${m.tokenizers.source.kind}), ` +
      `target ${a.targetVocabSize} (${m.tokenizers.target.kind})`,
  );
  out(`  params    ${params.toLocaleString('en')}`);
  // The tool writes null for values a run never reached (no validation, a NaN metric): "none".
  if (m.training)
    out(
      `  training  epoch ${m.training.epoch}, step ${m.training.step}, ` +
        `best ${m.training.metric} ${m.training.best ?? 'none'}`,
    );
  for (const [k, value] of Object.entries(m.metrics ?? {}))
    out(`  ${k.padEnd(18)} ${value === null ? 'none' : value.toFixed(4)}`);
  out(`  runtime   ${m.runtime.backend}, tfjs ${m.runtime.tfjs}, studio ${m.runtime.studio}`);
  return 0;
}

/**
 * Checkpoint averaging (fairseq's average_checkpoints.py, OpenNMT's average_models.py): one model whose
 * weights are the mean of the given checkpoints of one training; its manifest is the last one's.
 */
export async function averageCommand(p: ParsedCommand): Promise<number> {
  const { flags: v, positionals } = p;
  if (positionals.length < 2) throw new UsageError('average needs two or more model directories and --out <dir>');
  const outDir = path.resolve(v.out as string);
  if (!v.force && (await holdsModel(outDir, checkpointDir(outDir))))
    throw new UsageError(`${outDir} already holds a model; it is left as it is. Replace it with --force.`);
  const { translator, manifest } = await averageModels(positionals);
  try {
    // The training record carries over (its data options fix the eval split and the length limit); the
    // last checkpoint's metrics do not describe the average, and without Adam's state it does not resume.
    await saveModel(outDir, translator, {
      name: path.basename(outDir),
      preset: manifest.preset,
      training: manifest.training,
    });
    out(`averaged ${positionals.length} models -> ${outDir}`);
    return 0;
  } finally {
    translator.dispose();
  }
}

/** The encoder and decoder lines of `info`. */
function architectureLines(a: ModelConfig): string[] {
  if (a.kind === 'transformer') {
    const layer = `d ${a.modelSize}, ${a.heads} heads, feed-forward ${a.feedForwardSize}`;
    return [
      `  encoder   ${a.encoderLayers} x Transformer layer (pre-norm), ${layer}, sinusoidal positions`,
      `  decoder   ${a.decoderLayers} x Transformer layer (pre-norm), ${layer}` +
        `${a.tieOutput ? ', output tied to the target embedding' : ''}`,
    ];
  }
  return [
    `  encoder   ${a.encoderLayers} x ${a.encoderCell.toUpperCase()} ${a.hiddenSize}` +
      `${a.bidirectional ? ' bidirectional' : ''}${a.reverseSource ? ', reads the source reversed' : ''}`,
    `  decoder   ${a.decoderLayers} x ${a.decoderCell.toUpperCase()} ${a.hiddenSize}, ` +
      `attention ${a.attention}${a.feedContext ? ', fixed context' : ''}, bridge ${a.bridge}`,
  ];
}

async function loadCorpus(file: string, force: boolean): Promise<Corpus> {
  const corpus = await readCorpus(file, { force });
  corpus.problems.slice(0, MAX_PROBLEMS_SHOWN).forEach((p) => process.stderr.write(`warning: ${formatProblem(p)}\n`));
  if (corpus.problems.length > MAX_PROBLEMS_SHOWN)
    process.stderr.write(`warning: ... and ${corpus.problems.length - MAX_PROBLEMS_SHOWN} more problems\n`);
  const records = corpus.pairs.length + corpus.problems.length;
  if (corpus.problems.length)
    process.stderr.write(
      `warning: ${corpus.problems.length} of ${records} records ` +
        `(${(100 * malformedShare(corpus)).toFixed(1)}%) are malformed and left out\n`,
    );
  if (!corpus.pairs.length) throw new Error(`${file} holds no usable pairs (${corpus.problems.length} problems).`);
  return corpus;
}

function printTranslation(r: TranslationResult, json: boolean, attention: boolean): void {
  if (json) {
    out(
      JSON.stringify({
        source: r.source,
        sourceTokens: r.sourceTokens.map((t) => t.text),
        translations: r.translations,
      }),
    );
    return;
  }
  if (r.translations.length === 1 && !attention) {
    out(r.translations[0].text);
    return;
  }
  r.translations.forEach((t, i) => {
    out(r.translations.length > 1 ? `${i + 1}. ${t.text}\t(score ${t.score.toFixed(4)})` : t.text);
    if (attention)
      out(
        formatAlignment(
          r.sourceTokens.map((s) => s.text),
          t.tokens,
          t.attention,
        ),
      );
  });
}

async function readStdinLines(): Promise<string[]> {
  if (process.stdin.isTTY) throw new UsageError('give the text to translate as arguments or on standard input');
  const lines: string[] = [];
  for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) lines.push(line);
  return lines;
}
