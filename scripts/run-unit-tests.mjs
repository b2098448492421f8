#!/usr/bin/env node
// Runs the Node tests (node:test through tsx) on the backend given by $SEQ2SEQ_BACKEND (auto by default).
// The file name picks the bucket: `*.slow.test.ts` (training to a quality bar, acceptance runs, benchmark
// smoke runs, packaging, anything that needs the bundles) runs with --slow, after a build; every other
// `*.test.ts` is the fast inner loop and runs from source, with no build.
// Usage: node scripts/run-unit-tests.mjs [--slow] [dir-or-file ...]
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

// test/extension/suite runs inside VS Code (see test/vscode), not here.
const SKIP = new Set([join('test', 'extension', 'suite'), join('test', 'vscode')]);
const SLOW = /\.slow\.test\.ts$/;

function testFiles(path) {
  if (SKIP.has(path)) return [];
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => testFiles(join(path, name)));
}

const args = process.argv.slice(2);
const slow = args.includes('--slow');
const roots = args.filter((a) => a !== '--slow');
// A file named on the command line runs whatever its bucket; a directory contributes its bucket's files.
const files = (roots.length ? roots : ['test']).flatMap((root) =>
  statSync(root).isFile() ? [root] : testFiles(root).filter((f) => SLOW.test(f) === slow),
);
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}
if (files.some((f) => SLOW.test(f))) execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' });
// node:test runs one file at a time on 2 cores by default (parallelism - 1); the files are single-threaded.
const concurrency = String(availableParallelism());
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
