// Placeholder until the attention panel lands: the panel's engineer replaces this file with the real
// WebviewViewProvider registration. It only satisfies the contract in ./types.ts and shows nothing.
import type * as vscode from 'vscode';
import type { AttentionSink } from './types';

export function registerAttentionView(_context: vscode.ExtensionContext): AttentionSink {
  return { showTransform() {}, showTraining() {} };
}
