// Loading tfjs-node (TensorFlow 2.21) in a fresh process, as the CLI and the worker do: its load-time
// INFO lines are gone, its warnings are not, and TF_CPP_MIN_LOG_LEVEL=0 still shows INFO.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { loadLogHelperPath } from '../../../src/core/backend/tf-load-log';
import { tfjsNodeDir } from '../../../src/core/backend/tfjs-node';
import { nativeSkipReason } from '../../helpers/native';

// Which INFO lines come depends on the CPU: "oneDNN custom operations are on" (port.cc) where TensorFlow
// turns oneDNN on by default (AVX512_VNNI, BF16, AMX), "This TensorFlow binary is optimized to use available
// CPU instructions" (cpu_feature_guard.cc) where it does not.
const INFO = /^I\d{4} [\d:. ]+ \d+ (port|cpu_feature_guard)\.cc:\d+\] /m;
const ABSL_NOTICE = /^WARNING: All log messages before absl::InitializeLog\(\) is called/m;

/** The stderr of a process that loads tfjs-node through requireTfjsNode, in this environment. */
function loadStderr(env: Record<string, string>): string {
  const base = { ...process.env };
  delete base.TF_CPP_MIN_LOG_LEVEL;
  delete base.TF_ENABLE_ONEDNN_OPTS;
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', "require('./src/core/backend/tfjs-node').requireTfjsNode(undefined)"],
    { encoding: 'utf8', env: { ...base, ...env } },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

const reason = nativeSkipReason(() => loadLogHelperPath(tfjsNodeDir()));
describe('TensorFlow load-time log', { skip: reason }, () => {
  it('loading tfjs-node writes nothing to stderr', () => {
    assert.equal(loadStderr({}), '');
  });

  it('a warning TensorFlow logs while loading still shows, without the INFO lines around it', () => {
    // An unparsable value: TensorFlow warns and keeps its default (oneDNN on), so the same kernels run.
    const stderr = loadStderr({ TF_ENABLE_ONEDNN_OPTS: 'maybe' });
    assert.match(stderr, /^W\d{4} [\d:. ]+ \d+ port\.cc:\d+\] TF_ENABLE_ONEDNN_OPTS is not set to either/);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  });

  it('TF_CPP_MIN_LOG_LEVEL=0 asks for INFO and gets it', () => {
    const stderr = loadStderr({ TF_CPP_MIN_LOG_LEVEL: '0' });
    assert.match(stderr, ABSL_NOTICE);
    assert.match(stderr, INFO);
  });

  it('the helper returns what the load returns and lets its exception through', () => {
    const helper = { exports: {} as { run: (load: () => unknown) => unknown } };
    process.dlopen(helper, loadLogHelperPath(tfjsNodeDir()));
    assert.equal(
      helper.exports.run(() => 42),
      42,
    );
    assert.throws(
      () =>
        helper.exports.run(() => {
          throw new Error('no binding');
        }),
      /no binding/,
    );
  });
});
