// seq2seq: the headless command line over the same core the extension uses.
import { describeBackend, initBackend } from '../core/backend';
import { UsageError } from './args';
import { evalCommand, infoCommand, trainCommand, translateCommand } from './commands';

const USAGE = `usage: seq2seq <command> [options]

  train <corpus> [--preset cho2014|sutskever2014|bahdanau2014] [--out dir] [--epochs n]
        [--batch-size n] [--lr x] [--patience n] [--metric exact|tokenAccuracy|bleu|chrf|loss|cer]
        [--tokenizer char|word|bpe] [--max-length n] [--hidden-size n] [--seed n] [--resume] [--quiet]
  translate --model dir [--beam k] [--n-best n] [--max-length n] [--attention] [--json] [text ... | < lines]
  eval --model dir <corpus> [--split all|train|valid|test] [--beam k] [--json]
  info <model-dir> [--json]

Corpora: .tsv/.csv (two columns), .jsonl (source/target keys), or paired files (name.src + name.tgt).
Every command takes --backend auto|tensorflow|wasm|cpu (default: $SEQ2SEQ_BACKEND or auto)
and --kernels fused|reference (default: $SEQ2SEQ_KERNELS or fused; fused falls back to reference
where it cannot run, and says why).`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  train: trainCommand, translate: translateCommand, eval: evalCommand, info: infoCommand,
};

function optionValue(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
}

/** --kernels is read here, before the command parses the rest: it only matters to the backend. */
function withoutOption(argv: string[], name: string): string[] {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return argv;
  return [...argv.slice(0, i), ...argv.slice(argv[i].includes('=') ? i + 1 : i + 2)];
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const kernels = optionValue(args, 'kernels');
  const rest = withoutOption(args, 'kernels');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  if (name !== 'info') {
    // The CLI runs as dist/cli.js, beside the wasm binaries that the build copies there.
    const info = await initBackend({ choice: optionValue(rest, 'backend'), kernels, wasmDir: __dirname });
    const skipped = info.fallbacks.length ? ` — not used: ${info.fallbacks.join('; ')}` : '';
    process.stderr.write(`backend: ${describeBackend(info)}, tfjs ${info.tfjsVersion}${skipped}\n`);
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const usage = e instanceof UsageError;
    process.stderr.write(`seq2seq: ${usage ? 'usage error' : 'error'}: ${e instanceof Error ? e.message : String(e)}\n`);
    if (usage) process.stderr.write('run "seq2seq --help" for the commands and options\n');
    // Exit explicitly: the wasm runtime's worker threads would otherwise keep the process alive.
    process.exit(usage ? 2 : 1);
  },
);
