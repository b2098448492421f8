#!/usr/bin/env node
// Runs the Node unit tests (node:test through tsx) after a build, on the backend given by
// $SEQ2SEQ_BACKEND (auto by default). Usage: node scripts/run-unit-tests.mjs [dir-or-file ...]
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// test/extension/suite runs inside VS Code (see test/vscode), not here.
const SKIP = new Set([join('test', 'extension', 'suite'), join('test', 'vscode')]);

function testFiles(path) {
  if (SKIP.has(path)) return [];
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path).sort().flatMap((name) => testFiles(join(path, name)));
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['test']).flatMap(testFiles);
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}
execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' });
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
