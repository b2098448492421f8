// Copied from the perf study (shared/reference/perf/wasm_threads_node.js); worker scripts go to the OS temp dir.
// Experimental: make tfjs-backend-wasm's threaded-SIMD build start in Node.
// tfjs 4.22 hard-disables threads under Node (WASM_HAS_MULTITHREAD_SUPPORT returns
// false if IS_NODE, see tfjs issue #3830), and its pthread bootstrap relies on blob:
// URLs, which node:worker_threads cannot load. This shim:
//  1. forces WASM_HAS_MULTITHREAD_SUPPORT=true,
//  2. records Blob contents synchronously and makes URL.createObjectURL write them to
//     real files under ./.wasm_threads/ (returns an absolute path),
//  3. patches the worker bootstrap so it importScripts() the main-script file and
//     defines the rollup-bundle globals (require$$0.., commonjsGlobal, _scriptDir) the
//     stringified factory expects.
//  4. fakes os.cpus() so the pthreadpool gets nThreads threads.
const fs = require('fs');
const path = require('path');

function enableThreadsInNode(tf, wasm, nThreads = 2) {
  // 4.22's C++ side sizes its pthreadpool as clamp(os.cpus().length / 2, 1, 4) and
  // ignores setThreadsCount(); on a 2-vCPU box that is 1 thread. Report 2*n CPUs.
  const os = require('os');
  const real = os.cpus();
  os.cpus = () => Array.from({ length: 2 * nThreads }, (_, i) => real[i % real.length]);
  const dir = path.join(require('os').tmpdir(), 'seq2seq-bench-wasm-threads');
  fs.mkdirSync(dir, { recursive: true });
  const NativeBlob = globalThis.Blob;
  class RecBlob extends NativeBlob {
    constructor(parts, opts) {
      super(parts, opts);
      this.__text = (parts || []).map((p) => (typeof p === 'string' ? p : '')).join('');
      if (this.__text.startsWith('var WasmBackendModuleThreadedSimd')) URL.createObjectURL(this);
    }
  }
  globalThis.Blob = RecBlob;
  let mainScriptPath = null;
  let n = 0;
  const origCreate = URL.createObjectURL;
  URL.createObjectURL = function (blob) {
    if (blob && typeof blob.__text === 'string') {
      let text = blob.__text;
      const file = path.join(dir, `blob_${process.pid}_${n++}.js`);
      if (text.startsWith('var WasmBackendModuleThreadedSimd')) {
        const prelude =
          "var require$$0=require('fs'),require$$1=require('path')," +
          "require$$3=require('perf_hooks'),require$$4=require('os');" +
          'var commonjsGlobal=globalThis; var _scriptDir=' +
          JSON.stringify(file) +
          ';\n';
        text = prelude + text;
        mainScriptPath = file;
      } else if (text.includes('WasmBackendModuleThreadedSimd(Module)')) {
        // worker bootstrap: load the main script from a real file
        text = text.replace(
          /if\(typeof e\.data\.urlOrBlob=="string"\)\{importScripts\(e\.data\.urlOrBlob\)\}else\{[^}]*\}/,
          'importScripts(' + JSON.stringify(mainScriptPath || path.join(dir, 'MISSING.js')) + ');',
        );
      }
      fs.writeFileSync(file, text);
      return file;
    }
    return origCreate.call(URL, blob);
  };
  URL.revokeObjectURL = function () {};
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  return { dir };
}

module.exports = { enableThreadsInNode };
