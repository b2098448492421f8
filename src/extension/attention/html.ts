// The pages' HTML (the attention view and panel, the error analysis). Strict CSP: nothing by default, the
// one script by nonce, styles only from the extension's files (no inline styles), images only as data:
// URLs (the PNG export draws one).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

export interface PageOptions {
  /** The page's name: its script is dist/webview/<page>.js, its style sheet media/<page>/<page>.css. */
  page: 'attention' | 'evaluation';
  title: string;
  /** The extension runs in test mode; the page then obeys the test hooks (see the *-messages.ts files). */
  testHooks: boolean;
  bodyClass?: string;
}

export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, o: PageOptions): string {
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
<link rel="stylesheet" href="${uri('media', o.page, `${o.page}.css`)}">
<title>${o.title}</title>
</head>
<body data-test-hooks="${o.testHooks}" class="${o.bodyClass ?? ''}">
<script nonce="${nonce}" src="${uri('dist', 'webview', `${o.page}.js`)}"></script>
</body>
</html>`;
}
