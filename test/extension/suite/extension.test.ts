// Issue 3's acceptance list, in a real extension host, on the test workspace's tiny date corpus.
// The tests run in order: the first trains the model the others translate with.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Seq2SeqApi } from '../../../src/extension/api';
import type { TransformRecord } from '../../../src/shared/transform-record';
import type { TrainOutcome } from '../../../src/extension/commands/train';
import type { ModelSummary } from '../../../src/worker/protocol';
import type { Evaluation } from '../../../src/extension/commands/evaluate';
import type { AttentionPanel } from '../../../src/extension/attention/register';
import { TINY, editorWith, studioApi, waitFor, workspaceUri } from './host';

const exec = <T>(command: string, args?: object) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));

describe('Seq2Seq Studio in the extension host', () => {
  let api: Seq2SeqApi;
  let modelDir: string;
  const errors: string[] = [];
  const run = `t${Date.now().toString(36)}`;

  before(async () => {
    // The development host resolves the optional @tensorflow/tfjs-node from the repository, and
    // tfjs-node 4.22 fails under code-server's Node 24; the VSIX never ships it. Pin the backend.
    await vscode.workspace
      .getConfiguration('seq2seq')
      .update('backend', process.env.SEQ2SEQ_BACKEND ?? 'wasm', vscode.ConfigurationTarget.Global);
    api = await studioApi();
    api.onDidReportError((message) => errors.push(message));
    await vscode.workspace.fs.delete(workspaceUri('.seq2seq'), { recursive: true }).then(undefined, () => undefined);
  });

  beforeEach(() => {
    errors.length = 0;
  });

  it('the train command produces a model directory from the workspace corpus', async () => {
    const outcome = await exec<TrainOutcome>('seq2seq.trainModel', {
      corpus: 'dates.tsv',
      name: `${run}-dates`,
      preset: 'bahdanau2014',
      architecture: TINY,
      options: { epochs: 2, batchSize: 32, maxValidExamples: 30 },
    });
    assert.deepEqual(errors, []);
    assert.ok(outcome, 'the train command returned nothing');
    assert.equal(outcome.result.reason, 'completed');
    assert.equal(outcome.outDir, workspaceUri('.seq2seq', 'models', `${run}-dates`).fsPath);
    for (const file of ['manifest.json', 'checkpoint/manifest.json', 'studio-run.json'])
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(vscode.Uri.file(outcome.outDir), file));
    assert.equal(api.activeModel()?.dir, outcome.outDir);
    // On wasm, the worker bundle found the fused kernels beside it and they passed their self-test.
    const backend = api.backend();
    assert.ok(backend, 'the worker never reported its backend');
    if (backend.name === 'wasm') assert.equal(backend.kernels.name, 'fused', backend.kernels.fallback);
    modelDir = outcome.outDir;
  });

  it('Translate Selection replaces each selected line with the model output, in one undo step', async () => {
    const original = 'May 3, 2021\n\n  12/25/1999\nmarch 14 15\n';
    const editor = await editorWith(original);
    const record = await exec<TransformRecord>('seq2seq.translateSelection');
    assert.ok(record, String(errors));
    assert.deepEqual(
      record.items.map((i) => i.source),
      ['May 3, 2021', '12/25/1999', 'march 14 15'],
    );
    const outputs = record.items.map((i) => i.translations[0].text);
    assert.equal(editor.document.getText(), `${outputs[0]}\n\n  ${outputs[1]}\n${outputs[2]}\n`);
    assert.deepEqual(api.lastTransform(), record);
    assert.equal(record.items[0].sourceTokens.length, 'May 3, 2021'.length);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });

  it('n-best returns k distinct alternatives with scores', async () => {
    await editorWith('Monday, May 3, 2021');
    const record = await exec<TransformRecord>('seq2seq.transformSelection', {
      modelDir,
      mode: 'insertBelow',
      beamSize: 4,
      nBest: 3,
      pick: false,
    });
    assert.ok(record, String(errors));
    const alternatives = record.items[0].translations;
    assert.equal(alternatives.length, 3);
    assert.equal(new Set(alternatives.map((t) => t.text)).size, 3);
    assert.ok(alternatives.every((t) => Number.isFinite(t.score)));
    assert.ok(alternatives[0].score >= alternatives[1].score && alternatives[1].score >= alternatives[2].score);
  });

  it('Stop Training cancels the run and its last checkpoint loads', async () => {
    const training = exec<TrainOutcome>('seq2seq.trainModel', {
      corpus: 'dates.tsv',
      name: `${run}-stopped`,
      architecture: TINY,
      options: { epochs: 50, batchSize: 32, checkpointEvery: 2 },
    });
    await waitFor('a checkpoint', () => api.training()?.lastEvent?.type === 'checkpoint');
    assert.equal(await exec<boolean>('seq2seq.stopTraining'), true);
    const outcome = await training;
    assert.ok(outcome, String(errors));
    assert.equal(outcome.result.reason, 'cancelled');
    assert.equal(api.training(), undefined);
    const checkpoint = await exec<ModelSummary>('seq2seq.loadModel', {
      dir: vscode.Uri.joinPath(vscode.Uri.file(outcome.outDir), 'checkpoint').fsPath,
    });
    assert.ok(checkpoint, String(errors));
    assert.equal(checkpoint.name, `${run}-stopped`);
    assert.equal(api.activeModel()?.dir, checkpoint.dir);
    // The stopped run resumes from that checkpoint (shortened to finish its first epoch).
    const resumed = await exec<TrainOutcome>('seq2seq.trainModel', { resume: outcome.outDir, options: { epochs: 1 } });
    assert.equal(resumed?.result.reason, 'completed', String(errors));
    assert.ok(resumed.result.steps > outcome.result.steps);
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(vscode.Uri.file(outcome.outDir), 'manifest.json'));
    await exec('seq2seq.selectModel', { dir: modelDir });
  });

  it('Evaluate Model opens the error analysis, worst first; a click shows the pair in the attention view', async () => {
    const evaluation = await exec<Evaluation>('seq2seq.evaluateModel', { dir: modelDir, corpus: 'dates.tsv' });
    assert.ok(evaluation, String(errors));
    assert.equal(evaluation.examples, 300);
    for (const metric of ['exact', 'tokenAccuracy', 'cer', 'bleu', 'chrf', 'loss'] as const)
      assert.ok(Number.isFinite(evaluation.metrics[metric]), metric);
    const shown = await evaluation.view.rendered();
    assert.equal(shown.total, 300);
    assert.equal(shown.matching, 300);
    // The page's order is the worst-first order of the pairs the worker evaluated.
    const byIndex = new Map(evaluation.pairs.map((p) => [p.index, p]));
    const rates = shown.indices.map((i) => byIndex.get(i)!.distance / Math.max(1, byIndex.get(i)!.reference.length));
    assert.deepEqual(
      rates,
      [...rates].sort((a, b) => b - a),
    );
    const worst = byIndex.get(shown.indices[0])!;
    const record = await evaluation.view.clickRow(0);
    assert.equal(record.items[0].source, worst.source);
    assert.ok(record.items[0].documentUri.endsWith('dates.tsv'), record.items[0].documentUri);
    const panel = api.attentionSink as AttentionPanel;
    const drawn = await panel.lastRendered();
    assert.equal(drawn.colTexts.join(''), worst.source.replace(/ /g, '·'));
    // A text filter narrows the table to the pairs holding it.
    const filtered = await evaluation.view.filter({ text: worst.reference });
    assert.ok(filtered.matching >= 1 && filtered.matching < 300, String(filtered.matching));
    assert.ok(filtered.indices.every((i) => JSON.stringify(byIndex.get(i)).includes(worst.reference)));
  });

  it('a corrupt model directory gives an error message and the extension keeps working', async () => {
    const corrupt = workspaceUri('.seq2seq', 'models', `${run}-corrupt`);
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(corrupt, 'manifest.json'),
      new TextEncoder().encode('{"format": "seq2seq-studio/model", '),
    );
    assert.equal(await exec('seq2seq.loadModel', { dir: corrupt.fsPath }), undefined);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /not valid JSON/);
    assert.equal(api.activeModel()?.dir, modelDir);
    await editorWith('1/2/2003');
    assert.ok(await exec<TransformRecord>('seq2seq.translateSelection'));
  });

  it('killing the worker mid-request reports one error and the next request succeeds', async () => {
    const content = Array.from({ length: 300 }, (_, i) => `${(i % 12) + 1}/${(i % 28) + 1}/${1950 + i}`).join('\n');
    const editor = await editorWith(content);
    const translating = exec<TransformRecord>('seq2seq.translateSelection', { beamSize: 5 });
    await waitFor('the translate request', () => api.workerClient!.pendingRequests > 0);
    await api.workerClient!.kill();
    assert.equal(await translating, undefined);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /stopped unexpectedly/);
    assert.equal(editor.document.getText(), content);
    editor.selection = new vscode.Selection(0, 0, 0, editor.document.lineAt(0).text.length);
    const record = await exec<TransformRecord>('seq2seq.translateSelection');
    assert.ok(record, String(errors));
    assert.equal(editor.document.lineAt(0).text, record.items[0].translations[0].text);
  });

  it('prints the first-translation latency with a cold and a warm worker', async () => {
    api.workerClient!.stop('latency measurement');
    const timeOne = async () => {
      await editorWith('Monday, May 3, 2021');
      const started = performance.now();
      assert.ok(await exec<TransformRecord>('seq2seq.translateSelection'), String(errors));
      return performance.now() - started;
    };
    const cold = await timeOne();
    const warm = await timeOne();
    console.log(`[bench] first translation: cold worker ${cold.toFixed(0)} ms, warm worker ${warm.toFixed(0)} ms`);
    assert.ok(warm < cold);
  });
});
