// The status bar item: active model and backend; a click selects another model.
import * as vscode from 'vscode';
import type { BackendInfo } from '../core/backend';
import type { ModelSummary } from '../worker/protocol';

export class ModelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('seq2seq.model', vscode.StatusBarAlignment.Right, 100);
  private backend: BackendInfo | undefined;

  constructor(private model: ModelSummary | undefined) {
    this.item.name = vscode.l10n.t('Seq2Seq Model');
    this.item.command = 'seq2seq.selectModel';
    this.render();
    this.item.show();
  }

  setModel(model: ModelSummary | undefined): void {
    this.model = model;
    this.render();
  }

  /** The worker's backend and kernels, once it has reported them. */
  get backendInfo(): BackendInfo | undefined {
    return this.backend;
  }

  setBackend(backend: BackendInfo): void {
    this.backend = backend;
    this.render();
  }

  private render(): void {
    const name = this.model?.name ?? vscode.l10n.t('no model');
    this.item.text = `$(symbol-structure) ${name}${this.backend ? ` · ${this.backend.name}` : ''}`;
    this.item.tooltip = [
      this.model
        ? vscode.l10n.t('Active model: {0} ({1})', this.model.name, this.model.dir)
        : vscode.l10n.t('No active model'),
      this.backend
        ? vscode.l10n.t(
            'Backend: {0}, {1} kernels, TensorFlow.js {2}',
            this.backend.name,
            this.backend.kernels.name,
            this.backend.tfjsVersion,
          )
        : vscode.l10n.t('The model worker starts on first use'),
      vscode.l10n.t('Click to select a model'),
    ].join('\n');
  }

  dispose(): void {
    this.item.dispose();
  }
}
