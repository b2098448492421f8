// The command line's options as one table. The parser configuration, the help text and the
// routing of values into the option sections are all generated from it, so the help can never
// list an option the parser rejects, or omit one it accepts.
import { BACKEND_CHOICES } from '../core/backend';
import { KERNELS_CHOICES, THREADS_CHOICES } from '../core/kernels/types';
import { TOKENIZER_KINDS } from '../core/data/tokenizer';
import { AUTO_PRESET } from '../core/train/auto';
import { formatDuration, parseDuration } from '../core/train/budget';
import {
  BUDGET_DECAYS,
  MAX_TIME_BUDGET,
  METRIC_CHOICES,
  OptionError,
  PRESET_NAMES,
  presetKind,
  validateArchitecture,
  validateData,
  validateDecoding,
  validateTraining,
  type OptionSection,
} from '../core/options';
import { UsageError, parse, type Options } from './args';

export type CommandName = 'train' | 'translate' | 'eval' | 'info' | 'average';
export const COMMAND_NAMES: CommandName[] = ['train', 'translate', 'eval', 'info', 'average'];

/** `duration`: 90, 90s, 10m, 1.5h; converted to seconds. */
type Kind = 'int' | 'number' | 'string' | 'boolean' | 'choice' | 'duration';

export interface CliOption {
  flag: string;
  commands: readonly CommandName[];
  kind: Kind;
  choices?: readonly string[];
  /** What the value is called in the help, for string options. */
  metavar?: string;
  /** The command cannot run without it (shown without brackets). */
  required?: boolean;
  default?: string;
  /** Where the value goes: an option section and its key(s). */
  section?: OptionSection;
  keys?: readonly string[];
}

const ALL = COMMAND_NAMES;
const TRAIN: CommandName[] = ['train'];

export const CLI_OPTIONS: readonly CliOption[] = [
  { flag: 'preset', commands: TRAIN, kind: 'choice', choices: [...PRESET_NAMES, AUTO_PRESET], default: 'bahdanau2014' },
  { flag: 'out', commands: TRAIN, kind: 'string', metavar: 'dir' },
  { flag: 'out', commands: ['average'], kind: 'string', metavar: 'dir', required: true },
  { flag: 'resume', commands: TRAIN, kind: 'boolean' },
  { flag: 'force', commands: ['train', 'average'], kind: 'boolean' },
  { flag: 'epochs', commands: TRAIN, kind: 'int', section: 'training', keys: ['epochs'] },
  {
    flag: 'time',
    commands: TRAIN,
    kind: 'duration',
    metavar: '90s|10m|1.5h',
    section: 'training',
    keys: ['timeBudget'],
  },
  {
    flag: 'budget-decay',
    commands: TRAIN,
    kind: 'choice',
    choices: BUDGET_DECAYS,
    section: 'training',
    keys: ['budgetDecay'],
  },
  { flag: 'batch-size', commands: TRAIN, kind: 'int', section: 'training', keys: ['batchSize'] },
  { flag: 'lr', commands: TRAIN, kind: 'number', section: 'training', keys: ['learningRate'] },
  { flag: 'patience', commands: TRAIN, kind: 'int', section: 'training', keys: ['patience'] },
  { flag: 'metric', commands: TRAIN, kind: 'choice', choices: METRIC_CHOICES, section: 'training', keys: ['metric'] },
  { flag: 'seed', commands: TRAIN, kind: 'int', section: 'training', keys: ['seed'] },
  { flag: 'checkpoint-every', commands: TRAIN, kind: 'int', section: 'training', keys: ['checkpointEvery'] },
  { flag: 'label-smoothing', commands: TRAIN, kind: 'number', section: 'training', keys: ['labelSmoothing'] },
  { flag: 'warmup', commands: TRAIN, kind: 'int', metavar: 'steps', section: 'training', keys: ['warmupSteps'] },
  {
    flag: 'tokenizer',
    commands: TRAIN,
    kind: 'choice',
    choices: TOKENIZER_KINDS,
    section: 'data',
    keys: ['sourceTokenizer', 'targetTokenizer'],
  },
  {
    flag: 'source-tokenizer',
    commands: TRAIN,
    kind: 'choice',
    choices: TOKENIZER_KINDS,
    section: 'data',
    keys: ['sourceTokenizer'],
  },
  {
    flag: 'target-tokenizer',
    commands: TRAIN,
    kind: 'choice',
    choices: TOKENIZER_KINDS,
    section: 'data',
    keys: ['targetTokenizer'],
  },
  { flag: 'lowercase', commands: TRAIN, kind: 'boolean', section: 'data', keys: ['lowercase'] },
  { flag: 'max-length', commands: TRAIN, kind: 'int', section: 'data', keys: ['maxLength'] },
  { flag: 'hidden-size', commands: TRAIN, kind: 'int', section: 'architecture', keys: ['hiddenSize'] },
  { flag: 'embedding-size', commands: TRAIN, kind: 'int', section: 'architecture', keys: ['embeddingSize'] },
  { flag: 'layers', commands: TRAIN, kind: 'int', section: 'architecture', keys: ['encoderLayers', 'decoderLayers'] },
  { flag: 'model-size', commands: TRAIN, kind: 'int', section: 'architecture', keys: ['modelSize'] },
  { flag: 'heads', commands: TRAIN, kind: 'int', section: 'architecture', keys: ['heads'] },
  { flag: 'feed-forward-size', commands: TRAIN, kind: 'int', section: 'architecture', keys: ['feedForwardSize'] },
  { flag: 'dropout', commands: TRAIN, kind: 'number', section: 'architecture', keys: ['dropout'] },
  { flag: 'quiet', commands: TRAIN, kind: 'boolean' },
  { flag: 'model', commands: ['translate', 'eval'], kind: 'string', metavar: 'dir', required: true },
  { flag: 'beam', commands: ['translate', 'eval'], kind: 'int', section: 'decoding', keys: ['beamSize'] },
  { flag: 'n-best', commands: ['translate'], kind: 'int', section: 'decoding', keys: ['nBest'] },
  { flag: 'max-length', commands: ['translate'], kind: 'int', section: 'decoding', keys: ['maxLength'] },
  { flag: 'length-penalty', commands: ['translate'], kind: 'number', section: 'decoding', keys: ['lengthPenalty'] },
  { flag: 'attention', commands: ['translate'], kind: 'boolean' },
  { flag: 'split', commands: ['eval'], kind: 'choice', choices: ['all', 'train', 'valid', 'test'], default: 'all' },
  { flag: 'json', commands: ['translate', 'eval', 'info'], kind: 'boolean' },
  { flag: 'report', commands: ['eval'], kind: 'string', metavar: 'file.html' },
  { flag: 'backend', commands: ALL, kind: 'choice', choices: BACKEND_CHOICES },
  { flag: 'kernels', commands: ALL, kind: 'choice', choices: KERNELS_CHOICES },
  { flag: 'threads', commands: ALL, kind: 'choice', choices: THREADS_CHOICES },
];

/** Options every command takes; the help lists them once, after the commands. */
const COMMON = new Set(['backend', 'kernels', 'threads']);

const POSITIONALS: Record<CommandName, string> = {
  train: '<corpus>',
  translate: '[text ... | < lines]',
  eval: '<corpus>',
  info: '<model-dir>',
  average: '<model-dir> <model-dir> ...',
};

export function optionsOf(command: CommandName): CliOption[] {
  return CLI_OPTIONS.filter((o) => o.commands.includes(command));
}

/** The node:util parseArgs configuration for a command. */
export function parserConfig(command: CommandName): Options {
  return Object.fromEntries(
    optionsOf(command).map((o) => [o.flag, { type: o.kind === 'boolean' ? 'boolean' : 'string' } as const]),
  );
}

function helpFor(o: CliOption): string {
  const value =
    o.kind === 'boolean'
      ? ''
      : ` ${o.kind === 'choice' ? o.choices!.join('|') : (o.metavar ?? (o.kind === 'number' ? 'x' : 'n'))}`;
  return o.required ? `--${o.flag}${value}` : `[--${o.flag}${value}]`;
}

/** One usage entry per command, wrapped at ~100 columns. */
export function usage(): string {
  const lines = ['usage: seq2seq <command> [options]', ''];
  for (const command of COMMAND_NAMES) {
    let line = `  ${command}`;
    // Required options first, then the positionals, then the rest: "translate --model dir [text ...]".
    const [required, optional] = partition(
      optionsOf(command).filter((x) => !COMMON.has(x.flag)),
      (x) => !!x.required,
    );
    const parts = [...required.map(helpFor), POSITIONALS[command], ...optional.map(helpFor)];
    for (const part of parts) {
      if (line.length + part.length > 100) {
        lines.push(line);
        line = ' '.repeat(command.length + 3);
      }
      line += ' ' + part;
    }
    lines.push(line);
  }
  const common = (flag: string) => helpFor({ ...CLI_OPTIONS.find((o) => o.flag === flag)!, required: true });
  lines.push(
    '',
    'Corpora: .tsv/.csv (two columns), .jsonl (source/target keys), or paired files (name.src + name.tgt).',
  );
  lines.push(`Every command takes ${common('backend')} (default: $SEQ2SEQ_BACKEND or auto)`);
  lines.push(`and ${common('kernels')} (default: $SEQ2SEQ_KERNELS or fused; fused falls back to reference`);
  lines.push(`where it cannot run, and says why), and ${common('threads')} (the fused WebAssembly kernels' threads;`);
  lines.push('default: $SEQ2SEQ_THREADS or auto, 2 where the machine has 2 cores).');
  return lines.join('\n');
}

function partition<T>(xs: T[], test: (x: T) => boolean): [T[], T[]] {
  return [xs.filter(test), xs.filter((x) => !test(x))];
}

export type Sections = Record<OptionSection, Record<string, unknown>>;

export interface ParsedCommand {
  /** Raw values by flag (defaults applied). */
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** Values routed to their option sections, converted and validated; only the options given. */
  sections: Sections;
  /** Flags given explicitly on the command line, to tell a choice from a default. */
  given: Set<string>;
}

export function parseCommand(command: CommandName, argv: string[]): ParsedCommand {
  const { values, positionals } = parse(argv, parserConfig(command));
  const flags = values as Record<string, string | boolean | undefined>;
  const given = new Set(Object.keys(flags).filter((f) => flags[f] !== undefined));
  const sections: Sections = { architecture: {}, data: {}, training: {}, decoding: {} };
  for (const o of optionsOf(command)) {
    flags[o.flag] ??= o.default;
    const value = convert(o, flags[o.flag]);
    if (value === undefined || !o.section) continue;
    for (const key of o.keys!) sections[o.section][key] = value;
  }
  validateSections(command, sections, flags.preset as string | undefined);
  return { flags, positionals, sections, given };
}

function convert(o: CliOption, raw: string | boolean | undefined): unknown {
  if (raw === undefined || o.kind === 'boolean' || o.kind === 'string') return raw;
  if (o.kind === 'choice') {
    if (!o.choices!.includes(raw as string))
      throw new UsageError(`--${o.flag} must be one of ${o.choices!.join(', ')}, got "${raw}"`);
    return raw;
  }
  if (o.kind === 'duration') return convertDuration(o, String(raw));
  const n = Number(raw);
  // Number('') is 0 and Number(' 3 ') is 3: a value that is not plainly a number is refused.
  if (String(raw).trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${o.flag} must be ${o.kind === 'int' ? 'an integer' : 'a number'}, got "${raw}"`);
  return n;
}

function convertDuration(o: CliOption, raw: string): number {
  const seconds = parseDuration(raw);
  if (seconds === undefined)
    throw new UsageError(`--${o.flag} must be a duration such as 90s, 10m or 1.5h, got "${raw}"`);
  // Checked here so the message speaks in durations, not in the seconds the validator sees.
  if (seconds > MAX_TIME_BUDGET)
    throw new UsageError(`--${o.flag} must be at most ${formatDuration(MAX_TIME_BUDGET)} (a week), got ${raw}`);
  return seconds;
}

/** `preset`: the one training asks for; architecture options must belong to its family. */
const VALIDATORS: Record<OptionSection, (v: unknown, preset: string | undefined) => unknown> = {
  architecture: (v, preset) => validateArchitecture(v, { kind: preset === undefined ? undefined : presetKind(preset) }),
  data: (v) => validateData(v),
  training: (v) => validateTraining(v),
  decoding: (v) => validateDecoding(v),
};

function validateSections(command: CommandName, sections: Sections, preset: string | undefined): void {
  for (const section of Object.keys(sections) as OptionSection[]) {
    try {
      VALIDATORS[section](sections[section], preset);
    } catch (e) {
      if (e instanceof OptionError) throw new UsageError(e.describe(cliNamer(command, section)));
      throw e;
    }
  }
}

/** Spells an option key as its flag (batchSize -> --batch-size); keys without a flag stay as they are. */
export function cliNamer(command: CommandName, section: OptionSection): (key: string) => string {
  return (key) => {
    const o = optionsOf(command).find((x) => x.section === section && x.keys!.length === 1 && x.keys![0] === key);
    return o ? `--${o.flag}` : key;
  };
}
