// The getting-started walkthrough: its pages ship, its buttons run registered commands, and
// "Open the Dates Example" puts the bundled corpus into the workspace without overwriting a copy.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, studioApi } from './host';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown: string };
}

describe('The getting-started walkthrough', () => {
  const ext = () => vscode.extensions.getExtension(EXTENSION_ID)!;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'seq2seq-example-'));
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('has the five steps, each page on disk and each button a registered command', async () => {
    await studioApi();
    const [walkthrough] = ext().packageJSON.contributes.walkthroughs as { steps: Step[] }[];
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['corpus', 'example', 'train', 'translate', 'attention'],
    );
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(ext().extensionPath, step.media.markdown)), step.media.markdown);
      for (const [, id] of step.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.has(id), id);
    }
  });

  it('Open the Dates Example copies the bundled corpus and keeps an existing copy', async () => {
    const target = path.join(out, 'dates-example');
    const folder = await vscode.commands.executeCommand<vscode.Uri>('seq2seq.openDatesExample', { target });
    assert.equal(folder?.fsPath, target);
    const bundled = path.join(ext().extensionPath, 'examples', 'dates', 'dates.tsv');
    assert.equal(fs.readFileSync(path.join(target, 'dates.tsv'), 'utf8'), fs.readFileSync(bundled, 'utf8'));
    assert.match(fs.readFileSync(path.join(target, 'try-me.txt'), 'utf8'), /Monday, May 3, 2021/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(target, 'dates.tsv'));
    fs.writeFileSync(path.join(target, 'try-me.txt'), 'edited\n');
    await vscode.commands.executeCommand('seq2seq.openDatesExample', { target });
    assert.equal(fs.readFileSync(path.join(target, 'try-me.txt'), 'utf8'), 'edited\n');
  });
});
