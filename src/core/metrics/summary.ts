// Which metrics a summary line leads with depends on what the targets are: BLEU 0.0 next to 100%
// exact match on one-token outputs says nothing and confuses people. Pure code without TensorFlow.js,
// so the extension host formats the same lines as the CLI.
import type { TokenizerKind } from '../data/tokenizer-contract';

/**
 * - `labels`: every target is one token (a class, a digit string as one word): exact match is the
 *   accuracy; CER and BLEU add nothing.
 * - `symbols`: short strings of few symbol types (characters, phonemes, ISO dates): exact match and
 *   CER first; BLEU's word n-grams do not fit them.
 * - `text`: word or subword sentences: BLEU and chrF first.
 */
export type TargetKind = 'labels' | 'symbols' | 'text';

/** Word/BPE targets with at most this many token types are symbol strings (CMUdict's phonemes: 39). */
export const SYMBOL_VOCABULARY = 100;

export function targetKind(
  tokenizer: TokenizerKind,
  targetLengths: readonly number[],
  vocabularySize: number,
): TargetKind {
  if (targetLengths.length > 0 && targetLengths.every((n) => n === 1)) return 'labels';
  if (tokenizer === 'char' || vocabularySize <= SYMBOL_VOCABULARY) return 'symbols';
  return 'text';
}

type Metrics = Partial<Record<'loss' | 'exact' | 'tokenAccuracy' | 'cer' | 'bleu' | 'chrf', number>>;

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
const FORMAT: Record<keyof Metrics, [label: string, show: (x: number) => string]> = {
  exact: ['exact', percent],
  cer: ['CER', percent],
  tokenAccuracy: ['token acc', percent],
  bleu: ['BLEU', (x) => x.toFixed(1)],
  chrf: ['chrF', (x) => x.toFixed(1)],
  loss: ['loss', (x) => x.toFixed(4)],
};

const ORDER: Record<TargetKind, (keyof Metrics)[]> = {
  labels: ['exact', 'loss'],
  symbols: ['exact', 'cer', 'tokenAccuracy', 'loss'],
  text: ['bleu', 'chrf', 'exact', 'loss'],
};

/** The metrics that fit the task, in order of meaning: "exact 93.1%, CER 1.2%, token acc 97.0%, loss 0.1234". */
export function summarizeMetrics(kind: TargetKind, metrics: Metrics): string {
  return ORDER[kind]
    .filter((k) => typeof metrics[k] === 'number')
    .map((k) => `${FORMAT[k][0]} ${FORMAT[k][1](metrics[k]!)}`)
    .join(', ');
}

const ALL: (keyof Metrics)[] = ['exact', 'cer', 'tokenAccuracy', 'bleu', 'chrf', 'loss'];

/**
 * The metrics a full report lists, in order: the task's own first, then the others, except for
 * labels, where CER, token accuracy and BLEU of one-token outputs say nothing the accuracy does not.
 */
export function reportMetrics(kind: TargetKind): (keyof Metrics)[] {
  if (kind === 'labels') return ORDER.labels;
  return [
    ...ORDER[kind].filter((k) => k !== 'loss'),
    ...ALL.filter((k) => !ORDER[kind].includes(k) && k !== 'loss'),
    'loss',
  ];
}

/** The metric a summary leads with (the extension's progress shows one). */
export function leadingMetric(kind: TargetKind): keyof Metrics {
  return ORDER[kind][0];
}

/** The metrics' names in a full report (the summaries' short labels say the same in less room). */
const LONG_NAMES: Record<keyof Metrics, string> = {
  exact: 'exact match',
  tokenAccuracy: 'token accuracy',
  cer: 'character error rate',
  bleu: 'BLEU',
  chrf: 'chrF',
  loss: 'loss (per token)',
};

/** A full report's table: reportMetrics' order, long names, formatted values. */
export function metricTable(kind: TargetKind, metrics: Metrics): { name: string; value: string }[] {
  return reportMetrics(kind)
    .filter((k) => typeof metrics[k] === 'number')
    .map((k) => ({ name: LONG_NAMES[k], value: FORMAT[k][1](metrics[k]!) }));
}
