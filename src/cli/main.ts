// seq2seq: the headless command line over the same core the extension uses.
import { initBackend } from '../core/backend';
import { backendLine } from './backend-line';
import { UsageError } from './args';
import { averageCommand, evalCommand, infoCommand, trainCommand, translateCommand } from './commands';
import { explainFailure } from './failures';
import { COMMAND_NAMES, type CommandName, type ParsedCommand, parseCommand, usage } from './options';

const COMMANDS: Record<CommandName, (p: ParsedCommand) => Promise<number>> = {
  train: trainCommand,
  translate: translateCommand,
  eval: evalCommand,
  info: infoCommand,
  average: averageCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  if (!COMMAND_NAMES.includes(name as CommandName)) throw new UsageError(`unknown command "${name}"`);
  // Options are checked before the backend starts: a usage error costs no start-up time.
  const parsed = parseCommand(name as CommandName, rest);
  // info reads only the manifest: it accepts --backend, --kernels and --threads but needs no backend.
  if (name !== 'info') {
    // The CLI runs as dist/cli.js, beside the wasm binaries that the build copies there.
    const { backend, kernels, threads } = parsed.flags as { backend?: string; kernels?: string; threads?: string };
    const info = await initBackend({ choice: backend, kernels, threads, wasmDir: __dirname });
    process.stderr.write(`${backendLine(info)}\n`);
  }
  return COMMANDS[name as CommandName](parsed);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const usageError = e instanceof UsageError;
    process.stderr.write(`seq2seq: ${usageError ? 'usage error' : 'error'}: ${explainFailure(e)}\n`);
    if (usageError) process.stderr.write('run "seq2seq --help" for the commands and options\n');
    // Exit explicitly: the wasm runtime's worker threads would otherwise keep the process alive.
    process.exit(usageError ? 2 : 1);
  },
);
