#!/usr/bin/env node
// Packages the extension as a .vsix: offline, bundles only (the VSIX ships no node_modules).
// `npm run package`, the packaging test and the UI suite all package through this one function.
// Usage: node scripts/package-vsix.mjs [out.vsix]
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VSCE = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');

/** Resolves to the absolute path of the written .vsix. */
export function packageVsix(outFile, extDir = ROOT) {
  const out = resolve(outFile);
  mkdirSync(dirname(out), { recursive: true });
  // Relative README links stay relative: the project has no public repository URL to rewrite them to.
  const args = [VSCE, 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', out];
  return new Promise((done, fail) => {
    execFile(process.execPath, args, { cwd: extDir, timeout: 120_000 }, (err, stdout, stderr) =>
      err ? fail(new Error(`vsce package failed in ${extDir}:\n${stdout}${stderr}`)) : done(out),
    );
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  packageVsix(process.argv[2] ?? 'seq2seq-studio.vsix').then(
    (out) => console.log(`packaged ${out}`),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
