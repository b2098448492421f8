// Finding and reading training corpora in the workspace. Files are read through workspace.fs and
// parsed by the core, which collects bad lines as problems instead of stopping.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  assessCorpus,
  detectFormat,
  findTargetFile,
  parseCorpusBytes,
  parsePairedBytes,
  type Corpus,
} from '../../core/data/corpus';

const CORPUS_GLOB = '**/*.{tsv,tab,csv,jsonl,ndjson,src,source,in}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.seq2seq/**,**/.git/**}';
const MAX_FILES = 200;

interface Item extends vscode.QuickPickItem {
  uri?: vscode.Uri;
}

/** Corpora found in the workspace, plus "Choose File..."; the source side for paired files. */
export async function pickCorpus(title: string): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(CORPUS_GLOB, EXCLUDE_GLOB, MAX_FILES);
  const items: Item[] = files
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), description: describeFormat(uri), uri }));
  items.push({ label: `$(file) ${vscode.l10n.t('Choose File...')}`, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('A parallel corpus: .tsv, .csv, .jsonl, or a .src file next to its .tgt'),
  });
  if (!picked || picked.uri) return picked?.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    title,
    openLabel: vscode.l10n.t('Use Corpus'),
  });
  return chosen?.[0];
}

/**
 * Parsed from the bytes, so invalid UTF-8 and binary lines are reported; a file that is not a
 * corpus (binary, or mostly malformed) is refused unless `force`.
 */
export async function readCorpus(
  source: vscode.Uri,
  target?: vscode.Uri,
  options: { force?: boolean } = {},
): Promise<Corpus> {
  const file = source.fsPath;
  if (detectFormat(file) !== 'paired')
    return assessCorpus(parseCorpusBytes(await vscode.workspace.fs.readFile(source), file), options);
  const targetUri = target ?? pairedTarget(file);
  const [sourceBytes, targetBytes] = await Promise.all([
    vscode.workspace.fs.readFile(source),
    vscode.workspace.fs.readFile(targetUri),
  ]);
  return assessCorpus(parsePairedBytes(sourceBytes, targetBytes, file, targetUri.fsPath), options);
}

function pairedTarget(sourceFile: string): vscode.Uri {
  const target = findTargetFile(sourceFile);
  if (!target)
    throw new Error(
      vscode.l10n.t('No target file found for {0}: put name.tgt next to name.src (or .target, .out).', sourceFile),
    );
  return vscode.Uri.file(target);
}

function describeFormat(uri: vscode.Uri): string {
  const format = detectFormat(uri.fsPath);
  return format === 'paired'
    ? vscode.l10n.t('paired with {0}', path.basename(findTargetFile(uri.fsPath) ?? '?'))
    : format;
}
