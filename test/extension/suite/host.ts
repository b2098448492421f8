// Shared by the in-host test files (each file bundles its own copy; state lives in the extension).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Seq2SeqApi } from '../../../src/extension/api';

export const EXTENSION_ID = 'seq2seq-studio.seq2seq-studio';

export async function studioApi(): Promise<Seq2SeqApi> {
  const ext = vscode.extensions.getExtension<Seq2SeqApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function workspaceUri(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (test/vscode/fixtures/workspace)');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

export async function waitFor(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens an untitled document with `content`, selects `selection` (all by default) and returns its editor. */
export async function editorWith(content: string, selection?: vscode.Selection[]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
  const editor = await vscode.window.showTextDocument(doc);
  editor.selections = selection ?? [new vscode.Selection(doc.positionAt(0), doc.positionAt(content.length))];
  return editor;
}

/** Small enough that a training run in the host takes seconds. */
export const TINY = { embeddingSize: 16, hiddenSize: 32, attentionSize: 32 };
