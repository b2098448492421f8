#!/usr/bin/env node
// Speed side by side with PyTorch: runs the PyTorch twin (bench/speed/torch_twin.py) and our model
// (bench/speed/run.ts, the project's real training/decoding code) on every available backend, one
// process per (implementation, backend, size), in the same run; prints a markdown table and writes
// bench/results/speed-<stamp>.json (+ .md).
//
// Usage: node bench/speed/bench.mjs [--smoke] [--sizes small,reference,large,transformer]
//          [--backends wasm,wasm-threads,tensorflow,cpu]
//          [--kernels fused,reference]  (rows per backend; cpu runs the reference kernels only)
//          [--no-torch] [--no-install] [--no-scan] [--steps 10] [--warmup 2] [--decode 10] [--out file.json]
// --smoke: tiny models (the attention model and the Transformer), 2 steps, wasm + cpu (+ PyTorch when
// already installed; never apt), about a minute.
// The transformer size is vaswani2017 beside an nn.Transformer twin of the same size (torch_twin.py).
// Full mode installs Debian's python3-torch + libopenblas0-pthread with apt-get when torch is missing
// (unless --no-install), and picks the fastest torch/OpenBLAS thread setting on the reference size,
// or on the first size given without it (the best setting differs between the RNNs and nn.Transformer,
// whose own kernels use torch's threads).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdown } from './table.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const PY = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'; // Debian's, which sees python3-torch
const OPENBLAS_PTHREAD = '/usr/lib/x86_64-linux-gnu/openblas-pthread';

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const k = argv[i].slice(2);
    if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) o[k] = argv[++i];
    else o[k] = true;
  }
  return o;
}
const args = parseArgs(process.argv.slice(2));
const smoke = !!args.smoke;
const log = (...a) => console.error('[speed]', ...a);

function sh(cmd, cmdArgs, opts = {}) {
  return spawnSync(cmd, cmdArgs, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
}

function torchAvailable() {
  const r = sh(PY, ['-c', 'import torch; print(torch.__version__)']);
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Detects PyTorch; in full mode installs it from Debian when missing. */
function ensureTorch() {
  const notes = [];
  let version = torchAvailable();
  if (!version && !smoke && !args['no-install']) {
    if (process.getuid?.() === 0 && sh('which', ['apt-get']).status === 0) {
      log('PyTorch missing: apt-get install python3-torch libopenblas0-pthread ...');
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      sh('apt-get', ['update', '-qq'], { env, stdio: 'inherit' });
      const r = sh('apt-get', ['install', '-y', '-qq', 'python3-torch', 'libopenblas0-pthread'], {
        env,
        stdio: 'inherit',
      });
      notes.push(`installed python3-torch + libopenblas0-pthread with apt-get (exit ${r.status})`);
      version = torchAvailable();
    } else notes.push('PyTorch missing and apt-get not usable here (not root?): PyTorch rows skipped');
  }
  if (!version)
    notes.push(
      smoke
        ? 'PyTorch not installed: PyTorch part skipped (smoke mode never uses apt)'
        : 'PyTorch not available: PyTorch rows skipped',
    );
  else notes.push(`PyTorch ${version} detected (${PY})`);
  const openblas = fs.existsSync(path.join(OPENBLAS_PTHREAD, 'libblas.so.3'));
  if (version)
    notes.push(
      openblas
        ? `OpenBLAS pthread found; forced with LD_LIBRARY_PATH=${OPENBLAS_PTHREAD}`
        : 'libopenblas0-pthread NOT installed: torch uses the default BLAS (much slower)',
    );
  return { version, openblas, notes };
}

function runChild(label, cmd, cmdArgs, env, timeoutMs) {
  const outFile = path.join(os.tmpdir(), `seq2seq-speed-${process.pid}-${label.replace(/\W+/g, '_')}.json`);
  fs.rmSync(outFile, { force: true });
  const t0 = Date.now();
  const r = sh(cmd, [...cmdArgs, '--out', outFile], { cwd: ROOT, env: { ...process.env, ...env }, timeout: timeoutMs });
  const wall = (Date.now() - t0) / 1000;
  if (r.status === 0 && fs.existsSync(outFile)) {
    const row = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    fs.rmSync(outFile, { force: true });
    row.wallS = +wall.toFixed(1);
    return row;
  }
  const err =
    (r.error ? String(r.error) : '') +
    (r.stderr || '')
      .split('\n')
      .filter((l) => /FAILED|Error|error/.test(l))
      .slice(0, 3)
      .join(' | ');
  return { error: err || `exit ${r.status} signal ${r.signal}`, wallS: +wall.toFixed(1) };
}

function torchRow(size, common, threads, blasThreads, openblas) {
  const env = { OPENBLAS_NUM_THREADS: String(blasThreads), OMP_NUM_THREADS: String(blasThreads) };
  if (openblas) env.LD_LIBRARY_PATH = [OPENBLAS_PTHREAD, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return runChild(
    `torch-${size}-${threads}-${blasThreads}`,
    PY,
    [path.join(HERE, 'torch_twin.py'), '--size', size, '--threads', String(threads), ...common],
    env,
    30 * 60e3,
  );
}

function oursRow(size, backend, kernels, common) {
  const b = backend === 'wasm-threads' ? ['--backend', 'wasm', '--threads', '2'] : ['--backend', backend];
  const k = ['--kernels', kernels];
  return runChild(
    `ours-${size}-${backend}-${kernels}`,
    process.execPath,
    ['--import', 'tsx', path.join(HERE, 'run.ts'), ...b, ...k, '--size', size, ...common],
    {},
    60 * 60e3,
  );
}

const ratio = (a, b) => (a && b ? +(a / b).toFixed(2) : null);

function main() {
  const t0 = Date.now();
  const sizes = String(args.sizes ?? (smoke ? 'smoke,transformer-smoke' : 'small,reference,large,transformer')).split(
    ',',
  );
  const backends = String(args.backends ?? (smoke ? 'wasm,cpu' : 'wasm,wasm-threads,tensorflow,cpu')).split(',');
  const kernelChoices = String(args.kernels ?? 'fused,reference').split(',');
  const common = smoke
    ? ['--steps', '2', '--warmup', '1', '--decode', '2']
    : [
        '--steps',
        String(args.steps ?? 10),
        '--warmup',
        String(args.warmup ?? 2),
        '--decode',
        String(args.decode ?? 10),
      ];
  const torch = args['no-torch']
    ? { version: null, openblas: false, notes: ['--no-torch: PyTorch rows skipped'] }
    : ensureTorch();
  torch.notes.forEach((n) => log(n));
  let threads = 1;
  let blasThreads = 2; // benchmarks.md: torch 1 thread, BLAS 2 threads was best on 2 cores
  const scan = [];
  const scanSize = sizes.includes('reference') ? 'reference' : sizes[0];
  if (torch.version && !smoke && !args['no-scan']) {
    // Two interleaved rounds, best of the two per setting: the machine is shared and a busy core
    // makes OpenBLAS' spinning threads very slow for a while.
    for (let round = 0; round < 2; round++) {
      for (const [t, b] of [
        [1, 1],
        [1, 2],
        [2, 1],
        [2, 2],
      ]) {
        const r = torchRow(
          scanSize,
          ['--steps', '5', '--warmup', '1', '--decode', '1', '--lines', '64'],
          t,
          b,
          torch.openblas,
        );
        const prev = scan.find((s) => s.threads === t && s.blasThreads === b);
        const ms = r.msPerStep ?? null;
        if (prev) prev.msPerStep = prev.msPerStep && ms ? Math.min(prev.msPerStep, ms) : (prev.msPerStep ?? ms);
        else scan.push({ threads: t, blasThreads: b, msPerStep: ms, error: r.error });
        log(`thread scan ${round + 1}/2 (${scanSize}): torch ${t} / BLAS ${b}: ${ms ?? r.error} ms/step`);
      }
    }
    const best = scan.filter((s) => s.msPerStep).sort((a, b) => a.msPerStep - b.msPerStep)[0];
    if (best) [threads, blasThreads] = [best.threads, best.blasThreads];
  }
  const rows = [];
  for (const size of sizes) {
    // PyTorch runs before and after ours; on a shared machine the faster of the two is the reference
    // (conservative for us), and both are kept in the row.
    const torchRuns = [];
    const torchOnce = (when) => {
      log(`${size}: PyTorch (${when}) ...`);
      const r = torchRow(size, common, threads, blasThreads, torch.openblas);
      log(r.error ? `  failed: ${r.error}` : `  ${r.msPerStep} ms/step`);
      torchRuns.push({ ...r, when });
    };
    if (torch.version) torchOnce('before');
    const ours = [];
    for (const backend of backends) {
      // pure JS: minutes per step beyond small
      if (backend === 'cpu' && !['small', 'smoke', 'transformer-smoke'].includes(size)) continue;
      // wasm and tensorflow have fused kernels; the pure-JS cpu backend runs the reference only.
      for (const kernels of backend === 'cpu' ? ['reference'] : kernelChoices) {
        log(`${size}: ours on ${backend}, ${kernels} kernels ...`);
        const r = { ...oursRow(size, backend, kernels, common), size, impl: 'seq2seq-studio' };
        if (r.error) {
          Object.assign(r, { backend, kernels });
          log(`  failed: ${r.error}`);
        } else {
          const grads = r.gradCheck
            ? `, gradients within ${r.gradCheck.worst.rel.toExponential(1)} of the reference`
            : '';
          log(`  ${r.msPerStep} ms/step (${r.kernels} kernels${grads})`);
        }
        ours.push(r);
      }
    }
    if (torch.version && !smoke) torchOnce('after');
    const ok = torchRuns.filter((r) => !r.error);
    const best = (k) => (ok.length ? Math.min(...ok.map((r) => r[k])) : null);
    let ref = null;
    if (torchRuns.length) {
      ref = ok.length ? { ...ok.sort((a, b) => a.msPerStep - b.msPerStep)[0] } : { ...torchRuns[0] };
      Object.assign(ref, {
        size,
        impl: 'pytorch',
        runs: torchRuns.map((r) => ({
          when: r.when,
          msPerStep: r.msPerStep,
          greedyMs: r.greedyMs,
          beam5Ms: r.beam5Ms,
          translateMs: r.translateMs,
          loadavg: r.loadavg,
          error: r.error,
        })),
      });
      if (ok.length)
        Object.assign(ref, {
          msPerStep: best('msPerStep'),
          greedyMs: best('greedyMs'),
          beam5Ms: best('beam5Ms'),
          translateMs: best('translateMs'),
        });
      ref.tokensPerSec = ref.msPerStep ? Math.round((ref.spec.B * ref.spec.T) / (ref.msPerStep / 1000)) : undefined;
      rows.push(ref);
    }
    for (const r of ours) {
      if (ref && !ref.error && !r.error) {
        if (r.params !== ref.params) log(`  WARNING: parameter counts differ (${r.params} vs ${ref.params})`);
        r.ratio = {
          step: ratio(r.msPerStep, ref.msPerStep),
          greedy: ratio(r.greedyMs, ref.greedyMs),
          beam5: ratio(r.beam5Ms, ref.beam5Ms),
          translate: ratio(r.translateMs / r.translateLines, ref.translateMs / ref.translateLines),
        };
      }
      rows.push(r);
    }
  }
  const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*/, '');
  const result = {
    kind: 'speed',
    smoke,
    date: new Date().toISOString(),
    wallS: Math.round((Date.now() - t0) / 1000),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memGB: Math.round(os.totalmem() / 2 ** 30),
      loadavgAtEnd: os.loadavg(),
    },
    node: process.version,
    torch: torch.version,
    torchNotes: torch.notes,
    torchThreads: threads,
    blasThreads,
    threadScan: scan,
    scanSize,
    sizes,
    backends,
    rows,
  };
  const table = markdown(result);
  result.markdown = table;
  const out = String(
    args.out ?? path.join(ROOT, 'bench', 'results', smoke ? 'speed-smoke.json' : `speed-${stamp}.json`),
  );
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
  if (!smoke)
    fs.writeFileSync(
      out.replace(/\.json$/, '.md'),
      `# Speed, ${result.date}\n\n${torch.notes.join('; ')}\n\n${table}\n`,
    );
  console.log(table);
  log(`wrote ${path.relative(ROOT, out)} in ${result.wallS} s`);
  // Ours must always produce rows; a failing backend that was explicitly requested fails smoke mode.
  const oursOk = rows.filter((r) => r.impl === 'seq2seq-studio' && !r.error).length;
  if (smoke && rows.some((r) => r.impl === 'seq2seq-studio' && r.error)) process.exit(1);
  if (!oursOk) process.exit(1);
}

main();
