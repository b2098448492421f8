// Which corpus a training used, kept next to the model as `studio-run.json`, so that an interrupted
// run can resume on the same pairs. (The model format itself records no corpus.)
import * as vscode from 'vscode';

const FILE = 'studio-run.json';

export interface RunRecord {
  corpus: string;
  targetFile?: string;
}

export async function writeRunRecord(outDir: vscode.Uri, record: RunRecord): Promise<void> {
  await vscode.workspace.fs.createDirectory(outDir);
  await vscode.workspace.fs.writeFile(
    vscode.Uri.joinPath(outDir, FILE),
    new TextEncoder().encode(JSON.stringify(record, null, 1)),
  );
}

export async function readRunRecord(outDir: vscode.Uri): Promise<RunRecord | undefined> {
  try {
    const record = JSON.parse(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(outDir, FILE))),
    );
    return typeof record?.corpus === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}
