// What activate() returns: enough state for the in-host tests (and other extensions) to observe.
// The worker itself is handed out only when the extension runs its tests: another extension holding
// it could send requests that bypass trust checks, or kill a training.
import type * as vscode from 'vscode';
import type { ModelSummary } from '../worker/protocol';
import type { BackendInfo } from '../core/backend';
import type { TransformRecord } from '../shared/transform-record';
import type { AttentionSink } from './attention/sink';
import type { TrainingStatus } from './train/session';
import type { WorkerClient } from './worker-client';

export interface Seq2SeqApi {
  /** Only in test mode (ExtensionMode.Test); undefined otherwise. */
  readonly workerClient?: WorkerClient;
  readonly attentionSink: AttentionSink;
  activeModel(): ModelSummary | undefined;
  /** The worker's backend and the kernels it runs (fused or reference, and why), once it started. */
  backend(): BackendInfo | undefined;
  lastTransform(): TransformRecord | undefined;
  training(): TrainingStatus | undefined;
  /** Every error message shown to the person (worker crashes included). */
  readonly onDidReportError: vscode.Event<string>;
  /** How long activate() took, in milliseconds. */
  readonly activationMs: number;
  /** The CPU time the extension host spent in activate(): unlike the wall clock, a busy machine does not inflate it. */
  readonly activationCpuMs: number;
}
