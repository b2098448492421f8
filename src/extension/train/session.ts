// The training that runs in this window (one at a time): Stop Training and the progress
// notification's Cancel both abort it; the context key `seq2seq.training` enables Stop Training.
import * as vscode from 'vscode';
import type { TrainEvent } from '../../core/train/events';

export interface TrainingStatus {
  name: string;
  outDir: string;
  lastEvent?: TrainEvent;
}

export class TrainingSession {
  private current: (TrainingStatus & { abort: AbortController }) | undefined;

  status(): TrainingStatus | undefined {
    return this.current && { name: this.current.name, outDir: this.current.outDir, lastEvent: this.current.lastEvent };
  }

  assertIdle(): void {
    if (this.current)
      throw new Error(vscode.l10n.t('A training is already running ({0}); stop it first.', this.current.name));
  }

  /** Runs `body` as the window's training; throws if one is already running. */
  async run<T>(
    name: string,
    outDir: string,
    body: (signal: AbortSignal, onEvent: (e: TrainEvent) => void) => Promise<T>,
    onEvent: (e: TrainEvent) => void,
  ): Promise<T> {
    this.assertIdle();
    const current = { name, outDir, abort: new AbortController(), lastEvent: undefined as TrainEvent | undefined };
    this.current = current;
    void vscode.commands.executeCommand('setContext', 'seq2seq.training', true);
    try {
      return await body(current.abort.signal, (e) => {
        current.lastEvent = e;
        onEvent(e);
      });
    } finally {
      this.current = undefined;
      void vscode.commands.executeCommand('setContext', 'seq2seq.training', false);
    }
  }

  /** Asks the running training to stop after its current step (it then saves a checkpoint). */
  stop(): boolean {
    this.current?.abort.abort();
    return this.current !== undefined;
  }
}
