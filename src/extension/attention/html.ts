// The panel's page. Strict CSP: nothing by default, the one script by nonce, styles only from the
// extension's files (no inline styles), images only as data: URLs (the PNG export draws one).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

/**
 * `testHooks`: the extension runs in test mode; the page then obeys the test hooks (see attention-messages.ts).
 * `place`: the side bar view or the editor-area panel (which takes the editor's background).
 */
export function panelHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  { testHooks, place }: { testHooks: boolean; place: 'view' | 'editor' },
): string {
  const nonce = randomBytes(18).toString('base64');
  const uri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('media', 'attention', 'attention.css')}">
<title>Seq2Seq attention</title>
</head>
<body data-test-hooks="${testHooks}" class="${place === 'editor' ? 'editor-area' : 'side-bar'}">
<script nonce="${nonce}" src="${uri('dist', 'webview', 'attention.js')}"></script>
</body>
</html>`;
}
