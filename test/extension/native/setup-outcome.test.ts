// How Install Native Backend reads a run of setup-native.sh (exit code and tagged lines), which route
// it tries next, and the one-line messages it shows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BackendInfo } from '../../../src/core/backend/info';
import {
  installedMessage,
  nextRoute,
  notInstalledMessage,
  notStartedMessage,
  progressText,
  readSetupRun,
  type SetupResult,
  type SetupRun,
} from '../../../src/extension/native/setup-outcome';

const LOG = '/storage/native/install.log';
const run = (exitCode: number | null, lines: string[], more: Partial<SetupRun> = {}): SetupRun => ({
  exitCode,
  lines,
  cancelled: false,
  ...more,
});
const noCompiler = '[setup-native] NOT AVAILABLE HERE: no C++ compiler (g++ not found): install g++';
const noDownload = "[setup-native] NOT AVAILABLE HERE: tfjs-node's own install could not download (ENOTFOUND host)";
const opsWarning = '[setup-native] WARNING: the fused kernels did not build (log: ops.log); reference kernels';
const READY = 'native backend ready: tensorflow';
/** A tagged line without its tag. */
const body = (line: string) => line.replace(/^\[setup-native\] [A-Z ]+: /, '');

function info(kernels: Omit<BackendInfo['kernels'], 'threads'>): BackendInfo {
  return { name: 'tensorflow', tfjsVersion: '4.22.0', fallbacks: [], kernels: { ...kernels, threads: 1 } };
}

describe('reading a run of setup-native.sh', () => {
  it('exit 3 cannot run here, with the last NOT AVAILABLE line as the reason', () => {
    const r = readSetupRun('wheel', run(3, ['[setup-native] node v20', 'ERROR: pip says no', noCompiler]));
    assert.deepEqual(r, { route: 'wheel', status: 'unavailable', reason: body(noCompiler), warnings: [] });
  });

  it('another exit code failed, with the last ERROR line of the script (not of a tool it ran)', () => {
    const r = readSetupRun('wheel', run(1, ['ERROR: pip output', '[setup-native] ERROR: the binding failed', 'x']));
    assert.equal(r.status, 'failed');
    assert.equal(r.reason, 'the binding failed');
    assert.equal(readSetupRun('wheel', run(2, ['no tagged line'])).reason, 'the setup stopped (exit code 2)');
  });

  it('exit 0 is ready only when the script said so; warnings are kept', () => {
    const ready = readSetupRun('wheel', run(0, [opsWarning, READY, 'stderr after it']));
    assert.deepEqual(ready, { route: 'wheel', status: 'ready', warnings: [body(opsWarning)] });
    assert.equal(readSetupRun('wheel', run(0, ['[setup-native] done'])).status, 'failed');
  });

  it('a cancelled or unstartable run is never ready', () => {
    assert.equal(readSetupRun('npm', run(null, [READY], { cancelled: true })).status, 'cancelled');
    const r = readSetupRun('wheel', run(null, [], { spawnError: 'spawn bash ENOENT' }));
    assert.equal(r.status, 'failed');
    assert.match(r.reason!, /bash.*spawn bash ENOENT/);
  });
});

describe('the route order', () => {
  const result = (route: SetupResult['route'], status: SetupResult['status']): SetupResult => ({
    route,
    status,
    warnings: [],
  });

  it('starts with the wheel route; tfjs-node own install only when the wheel route cannot run here', () => {
    assert.equal(nextRoute([]), 'wheel');
    assert.equal(nextRoute([result('wheel', 'unavailable')]), 'npm');
    for (const status of ['ready', 'failed', 'cancelled'] as const)
      assert.equal(nextRoute([result('wheel', status)]), undefined, status);
    assert.equal(nextRoute([result('wheel', 'unavailable'), result('npm', 'unavailable')]), undefined);
  });
});

describe('progress text', () => {
  it("shows the script's steps, not its errors or the tools' output", () => {
    assert.equal(progressText('[setup-native] compiling the fused kernels'), 'compiling the fused kernels');
    assert.equal(progressText(noCompiler), undefined);
    assert.equal(progressText('added 127 packages in 9s'), undefined);
  });
});

describe('messages', () => {
  const wheelNo = readSetupRun('wheel', run(3, [noCompiler]));
  const npmNo = readSetupRun('npm', run(3, [noDownload]));

  it('not installed: every route says why, in one line, with the backend it stays on and the log', () => {
    const m = notInstalledMessage([wheelNo, npmNo], LOG, 'wasm');
    assert.equal(m.split('\n').length, 1);
    assert.match(m, /^Native backend not installed: no C\+\+ compiler .*; and tfjs-node's own install could not/);
    assert.match(m, /The model worker runs on wasm\. Log: \/storage\/native\/install\.log$/);
    const platform = '[setup-native] NOT AVAILABLE HERE: only linux x86_64 is supported (this is Darwin arm64)';
    const both = ['wheel', 'npm'] as const;
    assert.equal(
      notInstalledMessage(
        both.map((route) => readSetupRun(route, run(3, [platform]))),
        LOG,
        'wasm',
      ),
      `Native backend not installed: ${body(platform)}. The model worker runs on wasm. Log: ${LOG}`,
    );
    const cancelled = readSetupRun('wheel', run(null, [], { cancelled: true }));
    assert.match(notInstalledMessage([cancelled], LOG, 'wasm'), /^Native backend install cancelled\. .* on wasm\./);
  });

  it('set up but not started says so, with the load error', () => {
    const m = notStartedMessage(
      '@tensorflow/tfjs-node did not load from /s: libtensorflow.so.2: cannot open',
      LOG,
      'wasm',
    );
    assert.match(
      m,
      /^Native backend not installed: it was set up, but the model worker did not start on it: .*cannot open/,
    );
  });

  it('installed with the fused kernels is no warning', () => {
    const ready = readSetupRun('wheel', run(0, [READY]));
    const m = installedMessage([ready], info({ name: 'fused', detail: 'native tensorflow ops' }), LOG);
    assert.deepEqual(m, {
      text:
        'Native backend installed: the model worker runs on tensorflow, fused kernels (native tensorflow ops). ' +
        `Log: ${LOG}`,
      warn: false,
    });
  });

  it("installed through tfjs-node's own download warns with why the wheel route could not give fused kernels", () => {
    const ready = readSetupRun(
      'npm',
      run(0, ['[setup-native] WARNING: the fused kernels need the wheel route', READY]),
    );
    const m = installedMessage([wheelNo, ready], info({ name: 'reference', detail: '', fallback: 'not built' }), LOG);
    assert.ok(m.warn);
    assert.match(
      m.text,
      /^Native backend installed through tfjs-node's own download: .* tensorflow, reference kernels\./,
    );
    assert.match(m.text, /The fused kernels are missing: no C\+\+ compiler \(g\+\+ not found\)/);
  });

  it('installed by the wheel route with kernels that did not build warns with the build failure', () => {
    const ready = readSetupRun('wheel', run(0, [opsWarning, READY]));
    const m = installedMessage([ready], info({ name: 'reference', detail: '', fallback: 'not built' }), LOG);
    assert.ok(m.warn);
    assert.match(m.text, /missing: the fused kernels did not build \(log: ops\.log\)/);
  });
});
