// Runs first (files run in name order): activation cost, before anything else wakes the extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, studioApi } from './host';

describe('activation', () => {
  it('activates only through its commands, in under 100 ms of CPU, without starting the worker', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    assert.deepEqual(ext.packageJSON.activationEvents, []);
    const wasActive = ext.isActive;
    const started = performance.now();
    const api = await studioApi();
    const total = performance.now() - started;
    const loadAndActivate = wasActive ? 'n/a (already active)' : `${total.toFixed(1)} ms`;
    console.log(
      `[bench] activation: activate() ${api.activationMs.toFixed(1)} ms (${api.activationCpuMs.toFixed(1)} ms CPU); ` +
        `load + activate ${loadAndActivate}`,
    );
    // CPU time, not wall clock: on a loaded machine activate() once took 122 ms of waiting for a core. Loading
    // TensorFlow.js or starting the worker here would cost hundreds of ms of CPU.
    assert.ok(api.activationCpuMs < 100, `activate() used ${api.activationCpuMs} ms of CPU`);
    assert.equal(api.workerClient!.running, false);
  });

  it('registers every contributed command', async () => {
    const ids = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('seq2seq.'));
    for (const id of [
      'translateSelection',
      'transformSelection',
      'trainModel',
      'loadModel',
      'selectModel',
      'evaluateModel',
      'stopTraining',
      'showAttention',
      'installNativeBackend',
    ]) {
      assert.ok(ids.includes(`seq2seq.${id}`), `seq2seq.${id} is not registered`);
    }
  });
});
