// What activate() returns: enough state for the in-host tests (and other extensions) to observe.
import type * as vscode from 'vscode';
import type { ModelSummary } from '../worker/protocol';
import type { TransformRecord } from '../shared/transform-record';
import type { AttentionSink } from './attention/sink';
import type { TrainingStatus } from './train/session';
import type { WorkerClient } from './worker-client';

export interface Seq2SeqApi {
  readonly workerClient: WorkerClient;
  readonly attentionSink: AttentionSink;
  activeModel(): ModelSummary | undefined;
  lastTransform(): TransformRecord | undefined;
  training(): TrainingStatus | undefined;
  /** Every error message shown to the person (worker crashes included). */
  readonly onDidReportError: vscode.Event<string>;
  /** How long activate() took, in milliseconds. */
  readonly activationMs: number;
}
