// Test hook: the panel's account of what it drew, read back from the DOM rather than from the data it was
// given, so a test that checks it checks the page a person sees. Sent only in test mode (see main.ts).
import type { DomReport } from '../../shared/attention-messages';

export function domReport(): DomReport {
  const table = document.getElementById('heatmap');
  const all = (sel: string) => (table ? Array.from(table.querySelectorAll<HTMLElement>(sel)) : []);
  const rows = all('tbody tr[data-row]');
  const colLabels = all('th.col-label');
  const rowLabels = all('th.row-label');
  return {
    rows: rows.length,
    cols: colLabels.length,
    rowLabels: rowLabels.map((e) => e.dataset.token ?? ''),
    colLabels: colLabels.map((e) => e.dataset.token ?? ''),
    rowTexts: rowLabels.map((e) => e.textContent ?? ''),
    colTexts: colLabels.map((e) => e.textContent ?? ''),
    cellWeights: rows.map((r) =>
      Array.from(r.querySelectorAll<HTMLElement>('td[data-weight]')).map((c) => Number(c.dataset.weight)),
    ),
    // Scripts other than our bundle and VS Code's API shim (#_vscodeApiScript) would have come from a token.
    injected: {
      img: document.querySelectorAll('img').length,
      script: Array.from(document.scripts).filter(
        (e) => e.id !== '_vscodeApiScript' && !e.src.endsWith('/dist/webview/attention.js'),
      ).length,
    },
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
  };
}
