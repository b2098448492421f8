// The model the editor commands use, remembered per workspace.
import * as vscode from 'vscode';
import type { ModelSummary } from '../../worker/protocol';

const KEY = 'seq2seq.activeModel';

export class ActiveModel implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ModelSummary | undefined>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly memento: vscode.Memento) {}

  get(): ModelSummary | undefined {
    return this.memento.get<ModelSummary>(KEY);
  }

  async set(model: ModelSummary): Promise<void> {
    await this.memento.update(KEY, model);
    this.emitter.fire(model);
  }

  async clear(): Promise<void> {
    await this.memento.update(KEY, undefined);
    this.emitter.fire(undefined);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
