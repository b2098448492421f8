// Runs scripts/setup-native.sh as its own process group, hands over its output line by line, and
// kills the whole group (npm, pip, g++) when the signal aborts.
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';
import type { SetupRun } from './setup-outcome';

export function runSetup(
  script: string,
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void,
  signal: AbortSignal,
): Promise<SetupRun> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    const child = spawn('bash', [script], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    const done = (run: Omit<SetupRun, 'lines' | 'cancelled'>) => {
      signal.removeEventListener('abort', kill);
      resolve({ ...run, lines, cancelled: signal.aborted });
    };
    signal.addEventListener('abort', kill, { once: true });
    for (const input of [child.stdout, child.stderr]) {
      readline.createInterface({ input }).on('line', (line) => {
        lines.push(line);
        onLine(line);
      });
    }
    child.on('error', (e) => done({ exitCode: null, spawnError: e.message }));
    child.on('close', (exitCode) => done({ exitCode }));
  });
}
