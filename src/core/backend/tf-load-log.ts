// TensorFlow 2.21 logs INFO lines while its library loads, before TF_CPP_MIN_LOG_LEVEL applies and
// whatever that is set to: absl's "All log messages before absl::InitializeLog() ..." notice and
// "oneDNN custom operations are on ...". `npm run setup:native` builds tf_load_log.node
// (tf-load-log.cc, why it works so is there) next to the custom ops; loading tfjs-node through it
// drops those and passes every warning and error on. Without it (tfjs-node's own install) the
// lines show.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where setup:native puts the helper, in the tfjs-node package it set up. */
export function loadLogHelperPath(tfjsNodeDir: string): string {
  return path.join(tfjsNodeDir, 'deps', 'seq2seq', 'tf_load_log.node');
}

/**
 * Runs load() (the require of tfjs-node, which loads TensorFlow) without TensorFlow's load-time INFO
 * lines, unless TF_CPP_MIN_LOG_LEVEL=0 asks for INFO.
 */
export function withoutLoadInfo<T>(tfjsNodeDir: string, load: () => T): T {
  const file = loadLogHelperPath(tfjsNodeDir);
  if (process.env.TF_CPP_MIN_LOG_LEVEL === '0' || !fs.existsSync(file)) return load();
  const helper = { exports: {} as { run: (fn: () => T) => T } };
  process.dlopen(helper, file);
  return helper.exports.run(load);
}
