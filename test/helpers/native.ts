// Tests of the native backend need `npm run setup:native`. Without it they are skipped with the
// reason, except in CI's tensorflow run (CI=true, SEQ2SEQ_BACKEND=tensorflow), which comes after a
// successful setup:native and must run them.
import * as fs from 'node:fs';

/** Why a test that needs tfjs-node and the file setup:native builds at built() cannot run; undefined when it can. */
export function nativeSkipReason(built: () => string): string | undefined {
  if (process.env.CI && process.env.SEQ2SEQ_BACKEND === 'tensorflow') return undefined;
  try {
    require.resolve('@tensorflow/tfjs-node');
  } catch {
    return '@tensorflow/tfjs-node is not installed (npm run setup:native)';
  }
  const file = built();
  return fs.existsSync(file) ? undefined : `no ${file} (npm run setup:native builds it)`;
}
