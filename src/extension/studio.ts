// The services every command works with, created once in activate().
import type * as vscode from 'vscode';
import type { TransformRecord } from '../shared/transform-record';
import type { AttentionSink } from './attention/sink';
import type { EvaluationPanel } from './evaluation/panel';
import type { ActiveModel } from './models/active-model';
import type { Reporter } from './report';
import type { TrainingSession } from './train/session';
import type { WorkerClient } from './worker-client';

export interface Studio {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly worker: WorkerClient;
  readonly reporter: Reporter;
  readonly activeModel: ActiveModel;
  readonly attention: AttentionSink;
  readonly evaluation: EvaluationPanel;
  readonly training: TrainingSession;
  lastTransform: TransformRecord | undefined;
}
