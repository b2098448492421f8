// The real scripts/setup-native.sh, run the way Install Native Backend runs it (runSetup, into a
// folder of its own), on a machine made to lack a compiler or a wheel through the environment: it
// stops before installing anything, with a reason that says what is missing. The successful install
// and tfjs-node's own download run in the VS Code suite (test/extension/suite/native.test.ts).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NativeInstall } from '../../../src/extension/native/native-install';
import { runSetup } from '../../../src/extension/native/run-setup';
import { readSetupRun, type Route } from '../../../src/extension/native/setup-outcome';

const SCRIPT = path.join(__dirname, '..', '..', '..', 'scripts', 'setup-native.sh');

const storages: string[] = [];
after(() => storages.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A global storage folder of its own, with an empty set-up cache. */
function freshInstall(): NativeInstall {
  const storage = mkdtempSync(path.join(tmpdir(), 'seq2seq-native-'));
  storages.push(storage);
  return new NativeInstall(storage);
}

/** pip configured to see no wheel at all: no config files, no index, an empty find-links folder. */
function noWheelEnv(root: string): NodeJS.ProcessEnv {
  const empty = path.join(root, 'no-wheels');
  mkdirSync(empty, { recursive: true });
  return { PIP_CONFIG_FILE: '/dev/null', PIP_NO_INDEX: '1', PIP_FIND_LINKS: empty };
}

async function setup(native: NativeInstall, env: NodeJS.ProcessEnv, onLine = (_line: string, _stop: () => void) => {}) {
  const route: Route = 'wheel';
  const base = { ...process.env, SEQ2SEQ_NATIVE_CACHE: path.join(native.dir, 'cache'), ...env };
  const abort = new AbortController();
  const run = await runSetup(
    SCRIPT,
    native.setupEnv(route, base),
    (line) => onLine(line, () => abort.abort()),
    abort.signal,
  );
  return { run, result: readSetupRun(route, run) };
}

describe('setup-native.sh where the wheel route cannot run', () => {
  it('without a C++ compiler: cannot run here, says so, installs nothing', async () => {
    const native = freshInstall();
    const { result } = await setup(native, { CXX: '/nonexistent/g++' });
    assert.equal(result.status, 'unavailable');
    assert.match(result.reason!, /^no C\+\+ compiler \(\/nonexistent\/g\+\+ not found\): .*apt-get install -y g\+\+/);
    assert.ok(!existsSync(path.join(native.dir, 'node_modules')));
  });

  it('without a wheel to be had: cannot run here, says which wheel and how to give one, installs nothing', async () => {
    const native = freshInstall();
    const { result } = await setup(native, noWheelEnv(native.dir));
    assert.equal(result.status, 'unavailable');
    assert.match(
      result.reason!,
      /^no (pip to download|tensorflow-cpu==2\.21\.0 wheel to be had).*SEQ2SEQ_NATIVE_WHEEL/,
    );
    assert.ok(!existsSync(path.join(native.dir, 'node_modules')));
  });

  it('a run cancelled at its first step is killed (no exit code of its own) and reported as cancelled', async () => {
    const native = freshInstall();
    const { run, result } = await setup(native, noWheelEnv(native.dir), (line, stop) => line.startsWith('[') && stop());
    assert.equal(result.status, 'cancelled');
    assert.equal(run.exitCode, null);
    assert.ok(!run.lines.some((line) => line.includes('NOT AVAILABLE')), 'it ran to its end');
  });
});

describe('the install folder', () => {
  it('is handed to new workers only while an install stands', () => {
    const native = freshInstall();
    mkdirSync(native.dir, { recursive: true });
    assert.equal(native.workerDir(), undefined);
    native.markInstalled({ route: 'wheel', installedAt: new Date().toISOString() });
    assert.equal(native.workerDir(), native.dir);
    native.forget();
    assert.equal(native.workerDir(), undefined);
  });

  it('caches in $SEQ2SEQ_NATIVE_CACHE when set (shared with npm run setup:native), else beside the install', () => {
    const native = freshInstall();
    const env = native.setupEnv('npm', { PATH: '/usr/bin' });
    assert.deepEqual(env, {
      PATH: '/usr/bin',
      SEQ2SEQ_NATIVE_PREFIX: native.dir,
      SEQ2SEQ_NATIVE_ROUTE: 'npm',
      SEQ2SEQ_NATIVE_CACHE: path.join(native.dir, 'cache'),
    });
    assert.equal(native.setupEnv('wheel', { SEQ2SEQ_NATIVE_CACHE: '/ci/native' }).SEQ2SEQ_NATIVE_CACHE, '/ci/native');
  });
});
