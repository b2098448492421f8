// Seq2Seq Studio's extension host side. It stays light (no TensorFlow.js: activation is a few
// milliseconds); the model work happens in a worker thread started on first use.
import * as vscode from 'vscode';
import type { Seq2SeqApi } from './api';
import { registerAttentionView } from './attention/register';
import { registerCommands } from './commands/register';
import { EvaluationPanel } from './evaluation/panel';
import { launchWorker } from './launcher';
import { ActiveModel } from './models/active-model';
import { NativeInstall } from './native/native-install';
import { Reporter } from './report';
import { affectsWorker } from './settings';
import { ModelStatusBar } from './status-bar';
import type { Studio } from './studio';
import { TrainingSession } from './train/session';
import { WorkerClient } from './worker-client';

export function activate(context: vscode.ExtensionContext): Seq2SeqApi {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const log = vscode.window.createOutputChannel('Seq2Seq Studio', { log: true });
  const reporter = new Reporter(log);
  const activeModel = new ActiveModel(context.workspaceState);
  const statusBar = new ModelStatusBar(activeModel.get());
  const native = new NativeInstall(context.globalStorageUri.fsPath);
  const worker = new WorkerClient({
    launch: () => {
      log.info('starting the model worker');
      return launchWorker(context.extensionPath, native.workerDir());
    },
    onLog: (level, message) => log[level](`[worker] ${message}`),
    onBackend: (info) => statusBar.setBackend(info),
    // Called before the rejected requests' handlers run, so a training that died is still the current one.
    onCrash: (error) =>
      reporter.error(
        [
          error.message,
          studio.training.status()
            ? vscode.l10n.t(
                'The training keeps its last checkpoint: "Train Model from Workspace Corpus..." resumes it.',
              )
            : '',
          error.code === 'WORKER_OUT_OF_MEMORY'
            ? vscode.l10n.t('The setting seq2seq.workerMemoryLimitMb raises the limit.')
            : '',
        ]
          .filter(Boolean)
          .join(' '),
      ),
  });
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const attention = registerAttentionView(context);
  const studio: Studio = {
    context,
    log,
    worker,
    reporter,
    activeModel,
    attention,
    training: new TrainingSession(),
    lastTransform: undefined,
    evaluation: new EvaluationPanel({ context, worker, reporter, attention }, testMode),
  };
  context.subscriptions.push(
    studio.evaluation,
    log,
    reporter,
    activeModel,
    statusBar,
    worker,
    activeModel.onDidChange((model) => statusBar.setModel(model)),
    vscode.workspace.onDidChangeConfiguration(
      (e) => affectsWorker(e) && void worker.stopWhenIdle(vscode.l10n.t('The worker settings changed.')),
    ),
    ...registerCommands(studio),
  );
  const activationMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const activationCpuMs = (cpu.user + cpu.system) / 1000;
  log.info(`activated in ${activationMs.toFixed(1)} ms (${activationCpuMs.toFixed(1)} ms CPU)`);
  return {
    workerClient: testMode ? worker : undefined,
    attentionSink: studio.attention,
    activeModel: () => activeModel.get(),
    backend: () => statusBar.backendInfo,
    lastTransform: () => studio.lastTransform,
    training: () => studio.training.status(),
    onDidReportError: reporter.onDidReportError,
    activationMs,
    activationCpuMs,
  };
}
