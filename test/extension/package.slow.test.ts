// What users install: the VSIX holds the bundles, the worker, the wasm binaries and the assets, the
// native setup with the custom ops' C++ sources (Install Native Backend compiles them on the user's
// machine), and nothing from node_modules, no other sources, tests or source maps. The extension host
// bundle carries no TensorFlow.js; the worker bundle carries exactly one tfjs-core.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unexpectedVsixFiles } from '../vscode/harness/vsix-contents.mjs';
import { zipEntries } from '../vscode/harness/zip.mjs';

const ROOT = path.join(__dirname, '..', '..');
/** What Install Native Backend runs: the script, its helper and every source it compiles. */
const NATIVE_SETUP = [
  'scripts/setup-native.sh',
  'scripts/lib/npm-clean-env.sh',
  ...readdirSync(path.join(ROOT, 'src/core/kernels/native'))
    .filter((f) => /\.(cc|h)$/.test(f))
    .map((f) => `src/core/kernels/native/${f}`),
  'src/core/backend/tf-load-log.cc',
];
const WASM = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
  'kernels-simd.wasm',
  'kernels-relaxed.wasm', // the fused kernels, loaded from beside the worker
  'kernels-simd-shared.wasm',
  'kernels-relaxed-shared.wasm', // the same for the helper thread
];

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/** The package folders (node_modules/<scope>/<name>) whose files went into one bundle. */
function bundledPackages(output: string): string[] {
  const metas = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'meta.json'), 'utf8')) as Metafile[];
  const bundle = metas.map((m) => m.outputs[output]).find(Boolean);
  assert.ok(bundle, `${output} is not in dist/meta.json`);
  const roots = Object.keys(bundle.inputs).map((input) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]);
  return [...new Set(roots.filter((r): r is string => r !== undefined))];
}

describe('packaging', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'seq2seq-vsix-'));
  const vsix = path.join(out, 'seq2seq-studio.vsix');
  let entries: string[] = [];

  before(async () => {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
    const { packageVsix } = await import('../../scripts/package-vsix.mjs');
    await packageVsix(vsix, ROOT);
    entries = zipEntries(vsix)
      .filter((e) => e.startsWith('extension/'))
      .map((e) => e.slice('extension/'.length));
  });

  after(() => rmSync(out, { recursive: true, force: true }));

  it('the extension host bundle holds no TensorFlow.js', () => {
    assert.deepEqual(
      bundledPackages('dist/extension.js').filter((p) => p.includes('@tensorflow/')),
      [],
    );
  });

  it('the worker bundle holds exactly one tfjs-core', () => {
    assert.deepEqual(
      bundledPackages('dist/worker.js').filter((p) => p.endsWith('@tensorflow/tfjs-core')),
      ['node_modules/@tensorflow/tfjs-core'],
    );
  });

  it('the VSIX holds the bundles, wasm binaries, native setup, manifest, walkthrough, example and docs', () => {
    // vsce stores the README as readme.md and LICENSE as LICENSE.txt.
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const walkthroughPages = manifest.contributes.walkthroughs.flatMap(
      (w: { steps: { media: { markdown: string } }[] }) => w.steps.map((s) => s.media.markdown),
    );
    for (const file of [
      'package.json',
      'package.nls.json',
      'dist/webview/attention.js',
      'dist/webview/evaluation.js',
      'media/evaluation/evaluation.css',
      'examples/dates/dates.tsv',
      'examples/dates/try-me.txt',
      ...walkthroughPages,
      'readme.md',
      'LICENSE.txt',
      'dist/extension.js',
      'dist/worker.js',
      ...WASM.map((w) => `dist/${w}`),
      ...NATIVE_SETUP,
    ]) {
      assert.ok(entries.includes(file), `${file} is missing from the VSIX: ${entries.join(', ')}`);
    }
  });

  it('the VSIX holds nothing else: no node_modules, sources, tests or maps', () => {
    assert.deepEqual(unexpectedVsixFiles(entries), []);
  });
});
