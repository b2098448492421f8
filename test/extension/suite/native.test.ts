// Install Native Backend in a real extension host: the failures a machine without a compiler or a
// wheel meets (made so through the environment the command's script inherits, never by replacing
// code), then the wheel route for real, after which the worker runs on tensorflow and translates as
// it did on wasm. The install reuses the native cache `npm run setup:native` fills (CI builds it into
// $SEQ2SEQ_NATIVE_CACHE before this suite; a cold one costs ~3 minutes of pip download and compiles).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Seq2SeqApi } from '../../../src/extension/api';
import type { NativeInstallOutcome } from '../../../src/extension/commands/native';
import type { TrainOutcome } from '../../../src/extension/commands/train';
import type { TransformRecord } from '../../../src/shared/transform-record';
import { TINY, editorWith, studioApi } from './host';

const exec = <T>(command: string, args?: object) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const setBackend = (value: string) =>
  vscode.workspace.getConfiguration('seq2seq').update('backend', value, vscode.ConfigurationTarget.Global);

/** The cache the suite shares with `npm run setup:native` (same default). */
const NATIVE_CACHE =
  process.env.SEQ2SEQ_NATIVE_CACHE ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'seq2seq-studio');

/** Whether setup:native has built the binding and the kernels there, so that an install takes seconds. */
function nativeCacheBuilt(): boolean {
  const built = (dir: string, file: string) =>
    fs.existsSync(dir) && fs.readdirSync(dir).some((d) => fs.existsSync(path.join(dir, d, file)));
  return (
    built(path.join(NATIVE_CACHE, 'tfjs-node-binding'), 'tfjs_binding.node') &&
    built(path.join(NATIVE_CACHE, 'native-ops'), 's2s_ops.node')
  );
}

describe('Install Native Backend', () => {
  let api: Seq2SeqApi;
  let modelDir: string;
  const errors: string[] = [];
  const env = { ...process.env };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'seq2seq-native-suite-'));
  const sources = ['May 3, 2021', '12/25/1999', 'march 14 15'];
  /** The model's outputs on wasm, once the install test has run. */
  let onWasm: string[] | undefined;

  /** The model's outputs for `sources` on the worker's current backend. */
  async function translations(): Promise<string[]> {
    await editorWith(sources.join('\n'));
    const record = await exec<TransformRecord>('seq2seq.transformSelection', {
      modelDir,
      mode: 'insertBelow',
      pick: false,
    });
    assert.ok(record, errors.join('\n'));
    return record.items.map((item) => item.translations[0].text);
  }

  /** The command in the environment given (the extension host's own, which its script inherits). */
  async function install(overrides: NodeJS.ProcessEnv): Promise<NativeInstallOutcome> {
    Object.assign(process.env, overrides);
    try {
      const outcome = await exec<NativeInstallOutcome>('seq2seq.installNativeBackend');
      assert.ok(outcome, `the command failed: ${errors.join('\n')}`);
      return outcome;
    } finally {
      for (const key of Object.keys(overrides)) {
        if (env[key] === undefined) delete process.env[key];
        else process.env[key] = env[key];
      }
    }
  }

  /** A failed install: one error, that message, in one line, in the log too; the worker on wasm. */
  function assertFailed(outcome: NativeInstallOutcome): void {
    assert.equal(outcome.installed, false);
    assert.deepEqual(errors, [outcome.message]);
    assert.equal(outcome.message.split('\n').length, 1);
    assert.match(outcome.message, /The model worker runs on wasm\. Log: (.+)$/);
    assert.ok(outcome.message.endsWith(`Log: ${outcome.log}`));
    assert.ok(fs.readFileSync(outcome.log, 'utf8').includes(outcome.message));
    assert.equal(api.backend()?.name, 'wasm');
  }

  before(async () => {
    await setBackend('wasm');
    api = await studioApi();
    api.onDidReportError((message) => errors.push(message));
    const outcome = await exec<TrainOutcome>('seq2seq.trainModel', {
      corpus: 'dates.tsv',
      name: `native-${Date.now().toString(36)}`,
      preset: 'bahdanau2014',
      architecture: TINY,
      options: { epochs: 2, batchSize: 32, maxValidExamples: 30 },
    });
    assert.equal(outcome?.result.reason, 'completed', errors.join('\n'));
    modelDir = outcome.outDir;
  });

  beforeEach(() => {
    errors.length = 0;
  });

  after(async () => {
    await setBackend('wasm');
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  // Both failures also try tfjs-node's own install, pointed at a host that refuses (as its own
  // TFJS_NODE_CDN_STORAGE allows), so that a machine where its download works fails the same way.
  const refusedDownload = { TFJS_NODE_CDN_STORAGE: 'http://127.0.0.1:9/' };

  it('without a C++ compiler, and without the download, says so in one line; the worker stays on wasm', async () => {
    const outcome = await install({ CXX: '/nonexistent/g++', ...refusedDownload });
    assertFailed(outcome);
    assert.match(
      outcome.message,
      new RegExp(
        /^Native backend not installed: no C\+\+ compiler \(\/nonexistent\/g\+\+ not found\): .*; and /.source +
          /tfjs-node's own install could not download what it needs \(connect ECONNREFUSED 127\.0\.0\.1:9\)\./.source,
      ),
    );
  });

  it('without a wheel to be had, and without the download, says which wheel; the worker stays on wasm', async () => {
    const noWheels = path.join(scratch, 'no-wheels');
    fs.mkdirSync(noWheels, { recursive: true });
    const outcome = await install({
      SEQ2SEQ_NATIVE_CACHE: path.join(scratch, 'empty-cache'),
      PIP_CONFIG_FILE: '/dev/null',
      PIP_NO_INDEX: '1',
      PIP_FIND_LINKS: noWheels,
      ...refusedDownload,
    });
    assertFailed(outcome);
    assert.match(outcome.message, /^Native backend not installed: no tensorflow-cpu==2\.21\.0 wheel to be had: /);
    assert.match(outcome.message, /set SEQ2SEQ_NATIVE_WHEEL to a tensorflow_cpu-2\.21\.0 Linux wheel; and tfjs-node/);
  });

  it('installs by the wheel route, runs the worker on tensorflow, and translates as on wasm', async function () {
    if (!nativeCacheBuilt()) {
      console.log(`no native build cached in ${NATIVE_CACHE}: run npm run setup:native first (CI does)`);
      this.skip();
    }
    this.timeout(240_000);
    onWasm = await translations();
    assert.equal(api.backend()?.name, 'wasm');
    const outcome = await install({ SEQ2SEQ_NATIVE_CACHE: NATIVE_CACHE });
    assert.deepEqual(errors, []);
    assert.equal(outcome.installed, true, outcome.message);
    assert.equal(outcome.backend?.name, 'tensorflow');
    // The status bar's backend is the worker's report: the new worker runs the fused native ops.
    assert.deepEqual(api.backend(), outcome.backend);
    assert.deepEqual(api.backend()?.kernels, { name: 'fused', detail: 'native tensorflow ops', threads: 1 });
    assert.equal(
      outcome.message,
      `Native backend installed: the model worker runs on tensorflow, fused kernels (native tensorflow ops). ` +
        `Log: ${outcome.log}`,
    );
    // The pinned wasm gave way to tensorflow; a worker started afresh comes up on it again.
    assert.equal(vscode.workspace.getConfiguration('seq2seq').get('backend'), 'tensorflow');
    api.workerClient!.stop('the next request starts a new worker');
    assert.deepEqual(await translations(), onWasm);
    assert.equal(api.backend()?.name, 'tensorflow');
  });

  it('run again: kernels that cannot load leave tensorflow on the reference ones, and it says why', async function () {
    if (!onWasm) this.skip(); // the install above was skipped
    const started = Date.now();
    // The new worker inherits this and looks for the kernels' library there.
    const outcome = await install({
      SEQ2SEQ_NATIVE_CACHE: NATIVE_CACHE,
      SEQ2SEQ_NATIVE_OPS: '/nonexistent/s2s_ops.node',
    });
    console.log(`[bench] Install Native Backend run again: ${Date.now() - started} ms`);
    assert.deepEqual(errors, []);
    assert.equal(outcome.installed, true, outcome.message);
    assert.equal(api.backend()?.kernels.name, 'reference');
    assert.match(
      outcome.message,
      new RegExp(
        /^Native backend installed: the model worker runs on tensorflow, reference kernels\. /.source +
          /The fused kernels are missing: .*no \/nonexistent\/s2s_ops\.node\. Log: /.source,
      ),
    );
    assert.deepEqual(await translations(), onWasm);
  });
});
