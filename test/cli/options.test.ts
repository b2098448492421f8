// The CLI help and the parser come from one table: every option the help lists is accepted, and
// every option the parser accepts is in the help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/cli/args';
import { COMMAND_NAMES, optionsOf, parseCommand, usage } from '../../src/cli/options';

/** The --flags the help text shows in a command's entry (and on the "Every command takes" line). */
function flagsInHelp(command: string): Set<string> {
  const help = usage();
  const lines = help.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  ${command} `) || l === `  ${command}`);
  const entry: string[] = [lines[start]];
  for (let i = start + 1; i < lines.length && /^\s{4,}/.test(lines[i]); i++) entry.push(lines[i]);
  const flags = new Set([...entry.join(' ').matchAll(/--([a-z-]+)/g)].map((m) => m[1]));
  // The options every command takes are listed once, after the commands.
  const common = help.slice(help.indexOf('Every command takes'));
  for (const m of common.matchAll(/--([a-z-]+)/g)) flags.add(m[1]);
  return flags;
}

/** The Transformer's own architecture options need its preset. */
const TRANSFORMER_FLAGS = ['model-size', 'heads', 'feed-forward-size'];

const sample = (o: ReturnType<typeof optionsOf>[number]) => {
  if (o.kind === 'boolean') return [`--${o.flag}`];
  if (TRANSFORMER_FLAGS.includes(o.flag)) return [`--${o.flag}`, '8', '--preset', 'vaswani2017'];
  const value = o.kind === 'choice' ? o.choices![0] : o.kind === 'string' ? 'dir' : o.kind === 'number' ? '0.5' : '1';
  return [`--${o.flag}`, value];
};

for (const command of COMMAND_NAMES) {
  test(`${command}: the help lists exactly the options the parser accepts`, () => {
    const accepted = optionsOf(command).map((o) => o.flag);
    assert.deepEqual([...flagsInHelp(command)].sort(), [...new Set(accepted)].sort());
    for (const o of optionsOf(command)) {
      assert.doesNotThrow(() => parseCommand(command, sample(o)), `--${o.flag} is accepted`);
    }
  });
}

test('an option of another command, or none at all, is a usage error', () => {
  assert.throws(() => parseCommand('info', ['--beam', '2']), UsageError);
  assert.throws(() => parseCommand('translate', ['--epochs', '2']), UsageError);
  assert.throws(() => parseCommand('train', ['--frobnicate']), UsageError);
});

test("values are converted, range-checked in the flag's own name, and routed to their sections", () => {
  const p = parseCommand('train', [
    'c.tsv',
    '--batch-size',
    '8',
    '--tokenizer',
    'word',
    '--hidden-size',
    '32',
    '--lr',
    '0.01',
  ]);
  assert.deepEqual(p.sections.training, { batchSize: 8, learningRate: 0.01 });
  assert.deepEqual(p.sections.data, { sourceTokenizer: 'word', targetTokenizer: 'word' });
  assert.deepEqual(p.sections.architecture, { hiddenSize: 32 });
  assert.throws(
    () => parseCommand('train', ['--batch-size', '0']),
    (e: unknown) => e instanceof UsageError && e.message === '--batch-size must be an integer from 1 to 4096, got 0',
  );
  assert.throws(() => parseCommand('train', ['--batch-size', '']), /--batch-size must be an integer, got ""/);
  assert.throws(
    () => parseCommand('train', ['--epochs', '1.5']),
    /--epochs must be an integer from 1 to 100000, got 1.5/,
  );
});

test('--time takes a duration in s, m or h, stored in seconds, and refuses anything else by name', () => {
  assert.deepEqual(parseCommand('train', ['c.tsv', '--time', '10m']).sections.training, { timeBudget: 600 });
  assert.deepEqual(parseCommand('train', ['c.tsv', '--time', '1.5h']).sections.training, { timeBudget: 5400 });
  assert.deepEqual(parseCommand('train', ['c.tsv', '--time', '45']).sections.training, { timeBudget: 45 });
  assert.throws(
    () => parseCommand('train', ['--time', 'ten']),
    (e: unknown) =>
      e instanceof UsageError && e.message === '--time must be a duration such as 90s, 10m or 1.5h, got "ten"',
  );
  assert.throws(() => parseCommand('train', ['--time', '200h']), /--time must be at most 168h \(a week\), got 200h/);
  assert.match(usage(), /\[--time 90s\|10m\|1\.5h\]/);
});

test('--preset takes auto besides the four papers', () => {
  assert.equal(parseCommand('train', ['c.tsv', '--preset', 'auto']).flags.preset, 'auto');
  assert.throws(
    () => parseCommand('train', ['--preset', 'big']),
    /--preset must be one of cho2014, sutskever2014, bahdanau2014, vaswani2017, auto, got "big"/,
  );
});

test("an architecture option of the other family is a usage error naming the preset's own options", () => {
  const p = parseCommand('train', ['c.tsv', '--preset', 'vaswani2017', '--model-size', '128', '--layers', '2']);
  assert.deepEqual(p.sections.architecture, { modelSize: 128, encoderLayers: 2, decoderLayers: 2 });
  assert.throws(
    () => parseCommand('train', ['c.tsv', '--preset', 'vaswani2017', '--hidden-size', '64']),
    (e: unknown) =>
      e instanceof UsageError &&
      e.message.startsWith('--hidden-size is an option of the RNN presets (') &&
      e.message.endsWith(
        'not of the Transformer (vaswani2017) (its options: --model-size, --heads, --feed-forward-size, ' +
          'encoderLayers, decoderLayers, --dropout, tieOutput)',
      ),
  );
  assert.throws(
    () => parseCommand('train', ['c.tsv', '--model-size', '128']),
    /--model-size is an option of the Transformer \(vaswani2017\), not of the RNN presets/,
  );
  assert.deepEqual(parseCommand('train', ['c.tsv', '--label-smoothing', '0.1', '--warmup', '400']).sections.training, {
    labelSmoothing: 0.1,
    warmupSteps: 400,
  });
});
