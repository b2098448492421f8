// Where failures go: the log, one notification, and an event the in-host tests listen to. Worker
// deaths are reported by the worker's crash handler, so a command that lost its worker stays quiet.
import * as vscode from 'vscode';
import { isWorkerLost } from '../worker/protocol';

export class Reporter implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string>();
  readonly onDidReportError = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  error(message: string): void {
    this.log.error(message);
    void vscode.window.showErrorMessage(message);
    this.emitter.fire(message);
  }

  /** Runs a command body; a failure is reported and the command resolves to undefined. */
  async guard<T>(what: string, body: () => Promise<T>): Promise<T | undefined> {
    try {
      return await body();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (isWorkerLost(e)) this.log.warn(`${what}: ${message}`);
      else this.error(vscode.l10n.t('{0} failed: {1}', what, message));
      return undefined;
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
