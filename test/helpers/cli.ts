// Running the built CLI (dist/cli.js) as a person would, on the backend the test run asks for.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { datePairs } from './tiny-translator';

export const CLI = path.resolve('dist/cli.js');

const env = () => ({ ...process.env, SEQ2SEQ_BACKEND: process.env.SEQ2SEQ_BACKEND ?? 'wasm' });

export function runCli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, env: env() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI without waiting, for tests that signal it. */
export function spawnCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Gives the calling describe block a fresh temporary directory (removed after it), once the CLI is
 * checked to be built; returns a getter, since the directory exists only from the block's start.
 */
export function cliDirectory(prefix: string): () => string {
  let dir = '';
  before(async () => {
    assert.ok(existsSync(CLI), 'build first (node esbuild.js)');
    dir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  after(() => rm(dir, { recursive: true, force: true }));
  return () => dir;
}

/** A date corpus as TSV. */
export function writeDateCorpus(file: string, count: number, seed = 2): void {
  writeFileSync(
    file,
    datePairs(count, seed)
      .map((p) => `${p.source}\t${p.target}`)
      .join('\n') + '\n',
  );
}

/** The model-size options of a training. */
export function modelSize(hidden: number, embedding: number): string[] {
  return ['--hidden-size', String(hidden), '--embedding-size', String(embedding)];
}

/** Options for a model that trains in about a second. */
export const TINY_TRAIN = ['--epochs', '1', '--batch-size', '16', ...modelSize(8, 8), '--quiet'];

/** A CLI process whose stdout and stderr are collected as they arrive. */
export function spawnCliCollecting(args: string[]): {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
} {
  const child = spawnCli(args);
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (output.stdout += d));
  child.stderr!.on('data', (d) => (output.stderr += d));
  return { child, output };
}

/** Polls every 20 ms until condition() holds; fails with `what` after timeoutMs. */
export async function until(condition: () => boolean, timeoutMs: number, what = 'timed out'): Promise<void> {
  for (const started = Date.now(); !condition();) {
    assert.ok(Date.now() - started < timeoutMs, what);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
