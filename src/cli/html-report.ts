// `seq2seq eval --report out.html`: the error analysis as one self-contained HTML file. It is the page
// the extension shows (dist/webview/evaluation.js and its style sheet, inlined), with the report embedded
// as JSON; opened in a browser it filters, charts and exports the same way, offline.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { EvaluationReport } from '../core/evaluation-report';

/** The page's script and style sheet: beside the CLI bundle (dist/) and in the package's media/. */
function pageAssets(): { script: string; css: string } {
  const script = path.join(__dirname, 'webview', 'evaluation.js');
  const css = path.join(__dirname, '..', 'media', 'evaluation', 'evaluation.css');
  try {
    return { script: readFileSync(script, 'utf8'), css: readFileSync(css, 'utf8') };
  } catch (e) {
    throw new Error(`the HTML report needs the built page (${script}, ${css}); run npm run build: ${String(e)}`);
  }
}

/** `<` escaped, so nothing in the data or the script can close the element it sits in. */
const inert = (text: string) => text.replace(/</g, '\\u003c');

export function reportHtml(report: EvaluationReport): string {
  const { script, css } = pageAssets();
  const title = `Evaluation of ${report.model}`.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<style>
${css.replace(/<\/style/gi, '<\\/style')}
</style>
</head>
<body class="standalone" data-test-hooks="false">
<script type="application/json" id="report-data">${inert(JSON.stringify(report))}</script>
<script>
${script.replace(/<\/script/gi, '<\\/script')}
</script>
</body>
</html>
`;
}
