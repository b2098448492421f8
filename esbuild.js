// Bundles the extension host code, the model worker, the webview script and the CLI.
// The worker bundle carries TensorFlow.js (one tfjs-core) and the wasm binaries are copied beside
// it; the extension host bundle must not contain TensorFlow.js at all (checked by a test).
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

// 'module' first: tfjs-core's gradients exist only as ES modules, so taking every tfjs-core file
// from the ES build keeps a single tfjs-core instance in each bundle (its CommonJS main is a
// second, separate copy).
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  mainFields: ['module', 'main'],
  minify: production,
  metafile: true,
  logLevel: 'warning',
};

const builds = [
  // Extension host + model worker. tfjs-node is native and optional: never bundled.
  {
    ...node,
    entryPoints: { extension: 'src/extension/extension.ts', worker: 'src/worker/worker.ts' },
    outdir: 'dist',
    external: ['vscode', '@tensorflow/tfjs-node'],
  },
  // The webview runs in the browser sandbox of the panel.
  {
    ...node,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: { attention: 'src/webview/attention/main.ts', evaluation: 'src/webview/evaluation/main.ts' },
    outdir: 'dist/webview',
  },
  // The CLI: the same bundle shape as the worker, runnable with plain node.
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', external: ['@tensorflow/tfjs-node'] },
  // Extension-host test suite (mocha and vscode come from the host).
  {
    ...node,
    entryPoints: ['test/extension/suite/*.ts'],
    outdir: 'dist/test/extension/suite',
    external: ['vscode', 'mocha'],
  },
];

// The fused kernels (scripts/build-kernels.sh) load from next to the bundle, like tfjs's own.
const KERNEL_FILES = ['simd', 'relaxed', 'simd-shared', 'relaxed-shared'].map((v) => `kernels-${v}.wasm`);

function copyWasm() {
  const from = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  fs.mkdirSync('dist', { recursive: true });
  for (const f of WASM_FILES) fs.copyFileSync(path.join(from, f), path.join('dist', f));
  for (const f of KERNEL_FILES) fs.copyFileSync(path.join('src', 'core', 'kernels', 'wasm', f), path.join('dist', f));
}

async function main() {
  copyWasm();
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    return;
  }
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  fs.writeFileSync('dist/meta.json', JSON.stringify(results.map((r) => r.metafile)));
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
