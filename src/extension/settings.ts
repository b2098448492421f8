// Typed access to the `seq2seq.*` settings declared in package.json.
import * as vscode from 'vscode';
import type { BackendChoice } from '../core/backend';
import type { KernelsName, ThreadsChoice } from '../core/kernels/types';
import type { TrainPresetName } from '../core/options';

export const SECTION = 'seq2seq';

export interface Settings {
  modelLocation: 'workspace' | 'globalStorage';
  defaultPreset: TrainPresetName;
  beamSize: number;
  /** 0: the model's default (twice the source length plus 10). */
  maxOutputLength: number;
  selectionUnit: 'line' | 'selection';
  backend: BackendChoice;
  kernels: KernelsName;
  threads: ThreadsChoice;
  workerMemoryLimitMb: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    modelLocation: c.get('modelLocation', 'workspace'),
    defaultPreset: c.get('defaultPreset', 'auto'),
    beamSize: Math.max(1, c.get('beamSize', 5)),
    maxOutputLength: Math.max(0, c.get('maxOutputLength', 0)),
    selectionUnit: c.get('selectionUnit', 'line'),
    backend: c.get('backend', 'auto'),
    kernels: c.get('kernels', 'fused'),
    threads: c.get('threads', 'auto'),
    workerMemoryLimitMb: c.get('workerMemoryLimitMb', 4096),
  };
}

/** Settings that only a new worker picks up. */
export function affectsWorker(e: vscode.ConfigurationChangeEvent): boolean {
  return ['backend', 'kernels', 'threads', 'workerMemoryLimitMb'].some((k) =>
    e.affectsConfiguration(`${SECTION}.${k}`),
  );
}
