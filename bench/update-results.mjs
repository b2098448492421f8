#!/usr/bin/env node
// Refreshes the generated parts of bench/RESULTS.md from the latest results files:
//   <!-- auto:speed --> ... <!-- /auto:speed -->  each size from the newest bench/results/speed-*.json with it
//   <!-- auto:g2p -->   ... <!-- /auto:g2p -->    every bench/results/g2p/*/result.json (not smoke)
// Usage: node bench/update-results.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { markdown } from './speed/table.mjs';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, 'results');
const FILE = path.join(HERE, 'RESULTS.md');

/** One run's block: where it came from, its table (only `sizes`), and how PyTorch was run. */
function speedRunBlock({ f, j }, sizes) {
  const scanned = (j.threadScan ?? [])
    .map((s) => `torch ${s.threads}/BLAS ${s.blasThreads}: ${s.msPerStep ?? 'failed'}`)
    .join(', ');
  const scan = j.threadScan?.length
    ? ` Thread scan (${j.scanSize ?? 'reference'} size, ms/step; best of 2 rounds in runs after the first): ` +
      `${scanned} -> used torch ${j.torchThreads} / BLAS ${j.blasThreads}.`
    : '';
  const loadAtEnd = j.machine.loadavgAtEnd.map((x) => x.toFixed(1)).join(' / ');
  const rows = j.rows.filter((r) => sizes.includes(r.size));
  const lines = [
    `Size${sizes.length > 1 ? 's' : ''} ${sizes.join(', ')} from \`bench/results/${f}\` ` +
      `(${j.date}, ${Math.round(j.wallS / 60)} min wall, load average at the end ${loadAtEnd}). ` +
      `${j.torchNotes.join('; ')}.${scan}`,
    '',
    markdown({ rows }),
  ];
  const torchRuns = rows.filter((r) => r.impl === 'pytorch' && r.runs);
  if (torchRuns.length) {
    lines.push(
      '',
      'PyTorch was run before and after ours for each size; the table uses the faster run (per metric). ' +
        'Both runs, ms/step: ' +
        torchRuns.map((r) => `${r.size} ${r.runs.map((x) => x.msPerStep ?? 'failed').join(' / ')}`).join('; ') +
        '.',
    );
  }
  return lines.join('\n');
}

/**
 * Each size from the newest full run that measured it, so that a run of one size hides no other.
 * null without any speed-*.json: runs before 2026-12-02 kept theirs untracked (only their .md is in
 * git), so a fresh clone must keep the section it has instead of erasing it.
 */
function speedSection() {
  const files = fs
    .readdirSync(RESULTS)
    .filter((f) => /^speed-\d.*\.json$/.test(f))
    .sort();
  if (!files.length) return null;
  const all = files.map((f) => ({ f, j: JSON.parse(fs.readFileSync(path.join(RESULTS, f), 'utf8')) }));
  const newest = new Map();
  for (const run of all) for (const r of run.j.rows) newest.set(r.size, run);
  const sizesOf = new Map(); // run -> the sizes it is the newest for
  for (const [size, run] of newest) sizesOf.set(run, [...(sizesOf.get(run) ?? []), size]);
  const blocks = all.filter((run) => sizesOf.has(run)).map((run) => speedRunBlock(run, sizesOf.get(run)));
  const earlier = all.filter((run) => !sizesOf.has(run));
  if (earlier.length) blocks.push(`Earlier runs: ${earlier.map((x) => `\`${x.f}\``).join(', ')}.`);
  return blocks.join('\n\n');
}

function g2pSection() {
  const dir = path.join(RESULTS, 'g2p');
  const runs = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'result.json')))
    : [];
  const rs = runs
    .map((d) => JSON.parse(fs.readFileSync(path.join(dir, d, 'result.json'), 'utf8')))
    .filter((r) => !r.smoke)
    .sort((a, b) => (a.name === 'bahdanau2014' ? -1 : b.name === 'bahdanau2014' ? 1 : a.name.localeCompare(b.name)));
  if (!rs.length) return '_No full G2P run finished yet._';
  const ci = (m, k) => (m[`${k}_CI95`] ? ` [${m[`${k}_CI95`][0].toFixed(1)}–${m[`${k}_CI95`][1].toFixed(1)}]` : '');
  const lines = [
    '| run | preset | reversed | params | budget | steps (epochs) | ms/step | dev WER | test WER greedy [95% CI] ' +
      '| test PER greedy [95% CI] | test WER beam 5 [95% CI] | test PER beam 5 | model size |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rs) {
    const g = r.test.greedy;
    const b = r.test.beam5;
    lines.push(
      `| ${r.name} | ${r.config.preset} | ${r.config.architecture.reverseSource ? 'yes' : 'no'} ` +
        `| ${(r.parameters / 1e6).toFixed(2)} M | ${Math.round(r.training.budgetS / 60)} min ` +
        `| ${r.training.steps} (${r.training.epochs}) | ${r.training.msPerStep} | ${r.dev.WER.toFixed(2)} ` +
        `| ${g.WER.toFixed(2)}${ci(g, 'WER')} | ${g.PER.toFixed(2)}${ci(g, 'PER')} ` +
        `| ${b.WER.toFixed(2)}${ci(b, 'WER')} | ${b.PER.toFixed(2)}${ci(b, 'PER')} ` +
        `| ${(r.modelBytes / 2 ** 20).toFixed(1)} MiB |`,
    );
  }
  const main = rs.find((r) => r.name === 'bahdanau2014');
  if (main) {
    lines.push(
      '',
      'Dev curve of the main run (greedy WER / PER on all 2,560 dev words; wall clock, checks included): ' +
        main.devCurve
          .map((p) => `${(p.elapsedS / 60).toFixed(0)} min (step ${p.step}): ${p.WER} / ${p.PER}`)
          .join('; ') +
        '.',
    );
  }
  lines.push('', 'Accuracy by word length, plots and alignments: [results/g2p-report.md](results/g2p-report.md).');
  return lines.join('\n');
}

let text = fs.readFileSync(FILE, 'utf8');
const put = (key, body) => {
  if (body === null) return console.log(`auto:${key}: no results files here, section kept as it is`);
  const re = new RegExp(`(<!-- auto:${key} -->)[\\s\\S]*?(<!-- /auto:${key} -->)`);
  if (!re.test(text)) throw new Error(`RESULTS.md has no auto:${key} markers`);
  text = text.replace(re, `$1\n${body}\n$2`);
};
put('speed', speedSection());
put('g2p', g2pSection());
fs.writeFileSync(FILE, text);
console.log(`updated ${path.relative(process.cwd(), FILE)}`);
