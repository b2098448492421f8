// Builds the G2P report from bench/results/g2p/*/result.json: a markdown summary beside the published
// numbers, the accuracy-by-source-length plot (Bahdanau et al. 2014, Fig. 2 analogue) and two
// alignment heatmaps of the main run, as SVG (+ PNG when a converter is available).
//
// Usage: npx tsx bench/g2p/report.ts [--main bahdanau2014] [--smoke] [--no-png]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { heatmap, lineChart } from './svg';

/** The runs in the accuracy-by-length chart: the seeds at equal epochs, and the 2-hour runs. */
const CHARTED = /^ab-ep\d+-(bahdanau2014|cho2014|sutskever2014-(rev|norev))$|-\dh(-|$)/;

const ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_G2P = path.join(ROOT, 'bench', 'results', 'g2p');

interface Result {
  name: string;
  smoke: boolean;
  date: string;
  backend: string;
  parameters: number;
  modelBytes: number;
  config: { preset: string; architecture: Record<string, unknown>; train: Record<string, unknown>; budgetS: number };
  training: { budgetS: number | null; wallS: number; steps: number; epochs: number; msPerStep: number | null };
  devCurve: { elapsedS: number; step: number; epoch: number; WER: number; PER: number }[];
  dev: { WER: number; PER: number };
  test: Record<string, { WER: number; PER: number; WER_CI95?: number[]; PER_CI95?: number[] } | number>;
  accuracyByLength: Record<string, { len: string; words: number; accuracy: number }[]>;
  alignments: { word: string; sourceTokens: string[]; output: string[]; attention: number[][] | null }[];
  published: { system: string; PER: number | null; WER: number }[];
  cmudict: { package: string; split: Record<string, number>; trainPairs: number };
}

type M = { WER: number; PER: number; WER_CI95?: number[]; PER_CI95?: number[] };
const ci = (m: M, k: 'WER' | 'PER') =>
  m[`${k}_CI95`] ? ` [${m[`${k}_CI95`]![0].toFixed(1)}, ${m[`${k}_CI95`]![1].toFixed(1)}]` : '';

function toPng(svgFile: string): string | null {
  const png = svgFile.replace(/\.svg$/, '.png');
  const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  if (has('rsvg-convert') && spawnSync('rsvg-convert', ['-o', png, svgFile]).status === 0) return png;
  const svg = fs.readFileSync(svgFile, 'utf8');
  const w = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 800);
  const h = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 600);
  for (const chrome of ['chromium', 'chromium-browser', 'google-chrome']) {
    if (!has(chrome)) continue;
    const r = spawnSync(
      chrome,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        `--screenshot=${png}`,
        `--window-size=${w},${h}`,
        `file://${svgFile}`,
      ],
      { timeout: 60_000, encoding: 'utf8' },
    );
    if (r.status === 0 && fs.existsSync(png)) return png;
  }
  return null;
}

/** The budget column: minutes, or 'epochs' for a run of a fixed number of epochs. */
const budgetCell = (s: number | null) => (s ? `${Math.round(s / 60)} min` : 'epochs');

/** root: the folder holding one sub-folder per run (default bench/results/g2p). */
export function writeReport(options: { main?: string; smoke?: boolean; png?: boolean; root?: string } = {}): string {
  const smoke = !!options.smoke;
  const G2P = options.root ?? DEFAULT_G2P;
  const dirs = fs.existsSync(G2P)
    ? fs.readdirSync(G2P).filter((d) => fs.existsSync(path.join(G2P, d, 'result.json')))
    : [];
  const results: Result[] = dirs
    .map((d) => JSON.parse(fs.readFileSync(path.join(G2P, d, 'result.json'), 'utf8')) as Result)
    .filter((r) => r.smoke === smoke)
    .sort((a, b) =>
      a.name === (options.main ?? 'bahdanau2014')
        ? -1
        : b.name === (options.main ?? 'bahdanau2014')
          ? 1
          : a.name.localeCompare(b.name),
    );
  const outDir = smoke ? path.join(G2P, 'smoke') : G2P;
  const reportFile = smoke ? path.join(outDir, 'report.md') : path.join(path.dirname(G2P), 'g2p-report.md');
  fs.mkdirSync(outDir, { recursive: true });
  const main = results.find((r) => r.name === (options.main ?? (smoke ? 'smoke' : 'bahdanau2014'))) ?? results[0];
  const rel = (f: string) => path.relative(path.dirname(reportFile), f);
  const lines: string[] = [`# CMUdict G2P${smoke ? ' (smoke run: pipeline check only, numbers meaningless)' : ''}`, ''];
  if (!results.length) {
    lines.push('No results yet: run `npx tsx bench/g2p/run.ts`.');
    fs.writeFileSync(reportFile, lines.join('\n') + '\n');
    return reportFile;
  }
  const r0 = results[0];
  lines.push(
    `Data: ${r0.cmudict.package}, hash split of shared/benchmarks.md: ` +
      `${r0.cmudict.split.train} / ${r0.cmudict.split.dev} / ${r0.cmudict.split.test} words (train/dev/test), ` +
      `${r0.cmudict.trainPairs} training pairs (every variant its own example). ` +
      'WER/PER as benchmarks.md, 95% bootstrap intervals over test words (1,000 resamples). ' +
      `Backend: ${r0.backend}. The machine (2 vCPU) was shared with other jobs while these ran.`,
    '',
  );
  lines.push(
    '| run | preset | hidden | attention | reversed | params | budget | steps (epochs) | ms/step | dev WER ' +
      '| test WER greedy [95% CI] | test PER greedy [95% CI] | test WER beam 5 | test PER beam 5 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of results) {
    const a = r.config.architecture;
    const g = r.test.greedy as M;
    const b = (r.test.beam5 ?? r.test[Object.keys(r.test).find((k) => k.startsWith('beam'))!]) as M;
    lines.push(
      `| ${r.name} | ${r.config.preset} | ${a.hiddenSize ?? a.modelSize} ` +
        `| ${a.attention ?? `${a.heads} heads x ${a.decoderLayers} layers`} | ${a.reverseSource ? 'yes' : 'no'} ` +
        `| ${(r.parameters / 1e6).toFixed(2)} M | ${budgetCell(r.training.budgetS)} ` +
        `| ${r.training.steps} (${r.training.epochs}) | ${r.training.msPerStep ?? '–'} | ${r.dev.WER.toFixed(2)} ` +
        `| ${g.WER.toFixed(2)}${ci(g, 'WER')} | ${g.PER.toFixed(2)}${ci(g, 'PER')} ` +
        `| ${b.WER.toFixed(2)}${ci(b, 'WER')} | ${b.PER.toFixed(2)}${ci(b, 'PER')} |`,
    );
  }
  lines.push(
    '',
    "Published (standard CMUdict split, Chen's 106,837 / 12,000; comparable, not identical, ~1 WER point is noise) " +
      'and the PyTorch peer on this machine:',
    '',
    '| system | PER | WER |',
    '| --- | --- | --- |',
  );
  for (const p of r0.published) lines.push(`| ${p.system} | ${p.PER ?? '–'} | ${p.WER} |`);

  if (main.devCurve.length) {
    lines.push(
      '',
      `Dev curve of \`${main.name}\` (greedy, full dev set, wall clock including the checks):`,
      '',
      '| elapsed | step | epoch | dev WER | dev PER |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const p of main.devCurve)
      lines.push(`| ${(p.elapsedS / 60).toFixed(1)} min | ${p.step} | ${p.epoch} | ${p.WER} | ${p.PER} |`);
  }

  // Accuracy by source length (greedy): the chart holds the seeds' comparison at equal epochs and the
  // long runs (sixteen lines read as none); the table under it has every run.
  const charted = results.filter((r) => CHARTED.test(r.name));
  const chart = lineChart(
    'Word accuracy by word length (test, greedy)',
    'source length (characters)',
    'word accuracy %',
    (charted.length ? charted : results).map((r) => ({
      label: r.name,
      points: r.accuracyByLength.greedy.map((b) => ({ x: b.len, y: b.accuracy, n: b.words })),
    })),
  );
  const chartFile = path.join(outDir, 'accuracy-by-length.svg');
  fs.writeFileSync(chartFile, chart);
  const images = [chartFile];
  lines.push(
    '',
    '## Accuracy by source length',
    '',
    `![accuracy by length](${rel(chartFile)})`,
    '',
    charted.length ? 'The chart: the seeds at equal epochs and the 2-hour runs. The table: every run.' : '',
    '',
  );
  const lens = [...new Set(results.flatMap((r) => r.accuracyByLength.greedy.map((b) => b.len)))].sort(
    (a, b) => parseInt(a) - parseInt(b),
  );
  lines.push(`| run | ${lens.join(' | ')} |`, `| --- | ${lens.map(() => '---').join(' | ')} |`);
  lines.push(
    `| words | ${lens.map((l) => r0.accuracyByLength.greedy.find((b) => b.len === l)?.words ?? '–').join(' | ')} |`,
  );
  for (const r of results) {
    const cells = lens.map((l) => r.accuracyByLength.greedy.find((b) => b.len === l)?.accuracy.toFixed(1) ?? '–');
    lines.push(`| ${r.name} | ${cells.join(' | ')} |`);
  }

  const aligned = main.alignments.filter((a) => a.attention);
  if (aligned.length) {
    lines.push(
      '',
      `## Alignments (\`${main.name}\`, greedy, attention weights; rows = output phonemes, columns = letters)`,
      '',
    );
    aligned.forEach((a, i) => {
      const f = path.join(outDir, `alignment-${i + 1}.svg`);
      fs.writeFileSync(f, heatmap(`${a.word} → ${a.output.join(' ')}`, a.sourceTokens, a.output, a.attention!));
      images.push(f);
      lines.push(`![alignment ${a.word}](${rel(f)})`, '');
    });
  }
  if (options.png !== false && !smoke) {
    const pngs = images.map(toPng);
    lines.push(
      pngs.every(Boolean)
        ? `PNG copies: ${pngs.map((p) => rel(p!)).join(', ')}.`
        : 'PNG conversion not available here (no rsvg-convert or chromium); SVG only.',
    );
  }
  fs.writeFileSync(reportFile, lines.join('\n') + '\n');
  return reportFile;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const opt = (k: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : undefined);
  console.log(
    writeReport({
      main: opt('--main'),
      root: opt('--root') && path.resolve(opt('--root')!),
      smoke: argv.includes('--smoke'),
      png: !argv.includes('--no-png'),
    }),
  );
}
