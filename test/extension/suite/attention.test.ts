// Issue 4's acceptance in the extension host: the attention panel fed a hand-made transform record
// (no model needed), checked through what the webview reports back from its DOM.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AttentionPanel } from '../../../src/extension/attention/register';
import type { TransformRecord } from '../../../src/shared/transform-record';
import { studioApi } from './host';

const INJECTION = '<img src=x onerror=alert(1)>';
// Line 0 holds the first source after a prefix; lines 1-2 hold a two-line source.
const CONTENT = `>> the cat ${INJECTION}\nab\ncd\n`;

function record(uri: string): TransformRecord {
  const translation = (tokens: string[], attention: number[][], score: number) => ({
    text: tokens.join(''),
    tokens,
    score,
    logProb: score,
    finished: true,
    attention,
  });
  return {
    modelName: 'hand-made',
    createdAt: new Date().toISOString(),
    items: [
      {
        documentUri: uri,
        range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 + 8 + INJECTION.length } },
        source: `the cat ${INJECTION}`,
        sourceTokens: [
          { text: 'the', start: 0, end: 3 },
          { text: '\u2581cat', start: 4, end: 7 },
          { text: `\u2581${INJECTION}`, start: 8, end: 8 + INJECTION.length },
        ],
        translations: [
          translation(
            ['\u2581le', '\u2581chat', INJECTION],
            [
              [0.9, 0.05, 0.05],
              [0.1, 0.8, 0.1],
              [0, 0.02, 0.98],
            ],
            -0.1,
          ),
          translation(
            ['\u2581la', '\u2581chatte'],
            [
              [0.6, 0.3, 0.1],
              [0.2, 0.2, 0.6],
            ],
            -0.7,
          ),
        ],
      },
      {
        documentUri: uri,
        range: { start: { line: 1, character: 0 }, end: { line: 2, character: 2 } },
        source: 'ab\ncd',
        sourceTokens: ['a', 'b', '\n', 'c', 'd'].map((text, i) => ({ text, start: i, end: i + 1 })),
        translations: [
          translation(
            ['C', 'D'],
            [
              [0, 0, 0, 1, 0],
              [0, 0.1, 0, 0, 0.9],
            ],
            -0.2,
          ),
        ],
      },
    ],
  };
}

describe('The attention panel', () => {
  let panel: AttentionPanel;
  let editor: vscode.TextEditor;
  let rec: TransformRecord;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'seq2seq-attention-'));

  before(async () => {
    panel = (await studioApi()).attentionSink as AttentionPanel;
    const doc = await vscode.workspace.openTextDocument({ content: CONTENT, language: 'plaintext' });
    editor = await vscode.window.showTextDocument(doc);
    rec = record(doc.uri.toString());
    panel.showTransform(rec);
  });

  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('draws lines in the narrow side bar: one line per pair, its opacity the weight (in 1/64 steps)', async () => {
    const r = await panel.lastRendered();
    const best = rec.items[0].translations[0];
    assert.equal(r.picture, 'lines');
    assert.deepEqual(r.rowLabels, best.tokens);
    assert.deepEqual(r.colLabels, ['the', '\u2581cat', `\u2581${INJECTION}`]);
    r.cellWeights.forEach((row, i) =>
      row.forEach((w, j) => assert.ok(Math.abs(w - best.attention![i][j]) <= 1 / 64, `line ${i}-${j}: ${w}`)),
    );
    // A zero weight draws no line; 0.02 is above half a level (1/64): the faintest line.
    assert.equal(r.cellWeights[2][0], 0);
    assert.equal(r.cellWeights[2][1], 1 / 32);
  });

  it('hovering an output token in the lines decorates the attended source range in the editor', async () => {
    const h = await panel.hoverOutputToken(1);
    assert.equal(h.status, 'shown');
    const strongest = [...h.ranges].sort((a, b) => b.weight - a.weight)[0];
    assert.deepEqual(strongest.start, { line: 0, character: 7 });
    assert.equal(strongest.weight, 0.8);
  });

  it('as a heatmap: a row per output token, a column per source token, with their labels and weights', async () => {
    const r = await panel.setPicture('heatmap');
    const best = rec.items[0].translations[0];
    assert.equal(r.picture, 'heatmap');
    assert.equal(r.rows, 3);
    assert.equal(r.cols, 3);
    assert.deepEqual(r.rowLabels, best.tokens);
    assert.deepEqual(
      r.colLabels,
      rec.items[0].sourceTokens.map((t) => t.text),
    );
    // Read back from the painted canvas (shade = √w): 8-bit colours give the weights to within 1.5%.
    r.cellWeights.forEach((row, i) => row.forEach((w, j) => assert.ok(Math.abs(w - best.attention![i][j]) < 0.015)));
    // Whitespace made visible.
    assert.equal(r.rowTexts[0], '␣le');
    assert.equal(r.colTexts[1], '␣cat');
  });

  it('renders the HTML-injection token as text, under a strict CSP', async () => {
    const r = await panel.lastRendered();
    assert.equal(r.rowLabels[2], INJECTION);
    assert.equal(r.rowTexts[2], '<img·src=x·onerror=alert(1)>');
    assert.deepEqual(r.injected, { img: 0, script: 0 });
    assert.match(r.csp, /default-src 'none'/);
    assert.match(r.csp, /script-src 'nonce-[^']+'/);
  });

  it('hovering an output token decorates the attended source range in the editor', async () => {
    const h = await panel.hoverOutputToken(1);
    assert.equal(h.status, 'shown');
    assert.equal(h.documentUri, editor.document.uri.toString());
    const strongest = [...h.ranges].sort((a, b) => b.weight - a.weight)[0];
    assert.deepEqual(
      { start: strongest.start, end: strongest.end },
      { start: { line: 0, character: 7 }, end: { line: 0, character: 10 } },
    );
    assert.equal(
      editor.document.getText(
        new vscode.Range(strongest.start.line, strongest.start.character, strongest.end.line, strongest.end.character),
      ),
      'cat',
    );
    assert.equal(strongest.weight, 0.8);
    assert.equal(h.ranges.length, 3, 'all three source tokens carry at least 5% of the weight');
  });

  it('switching the beam alternative changes the heatmap', async () => {
    const r = await panel.selectAlternative(1);
    const second = rec.items[0].translations[1];
    assert.equal(r.alternative, 1);
    assert.equal(r.rows, 2);
    assert.deepEqual(r.rowLabels, second.tokens);
    r.cellWeights.forEach((row, i) => row.forEach((w, j) => assert.ok(Math.abs(w - second.attention![i][j]) < 0.015)));
  });

  it('switching the line shows its tokens; a multi-line source is decorated on the right lines', async () => {
    const r = await panel.selectItem(1);
    assert.equal(r.item, 1);
    assert.deepEqual(r.colLabels, ['a', 'b', '\n', 'c', 'd']);
    assert.equal(r.colTexts[2], '↵');
    const h = await panel.hoverOutputToken(0);
    assert.deepEqual(
      h.ranges.map((x) => [x.start, x.end, x.weight]),
      [[{ line: 2, character: 0 }, { line: 2, character: 1 }, 1]],
    );
    const col = await panel.hoverSourceToken(4);
    assert.deepEqual(
      col.ranges.map((x) => [x.start, x.end]),
      [
        [
          { line: 2, character: 1 },
          { line: 2, character: 2 },
        ],
      ],
    );
  });

  it('exports SVG, PNG, JSON and Pharaoh alignments to a given path', async () => {
    await panel.selectItem(0);
    const file = (name: string) => path.join(out, name);
    const svg = await vscode.commands.executeCommand<vscode.Uri>('seq2seq.attention.exportSvg', file('a.svg'));
    assert.ok(svg);
    const svgText = fs.readFileSync(file('a.svg'), 'utf8');
    assert.match(svgText, /^<svg /);
    assert.ok(!svgText.includes(INJECTION), 'tokens are escaped in the SVG');
    await vscode.commands.executeCommand('seq2seq.attention.exportPng', file('a.png'));
    assert.deepEqual(
      [...fs.readFileSync(file('a.png')).subarray(0, 8)],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    );
    await vscode.commands.executeCommand('seq2seq.attention.exportPharaoh', file('a.align'));
    // Item 0 shows alternative 1 (chosen above), item 1 its best.
    assert.equal(fs.readFileSync(file('a.align'), 'utf8'), '0-0 2-1\n3-0 4-1\n');
    await vscode.commands.executeCommand('seq2seq.attention.exportJson', file('a.json'));
    const json = JSON.parse(fs.readFileSync(file('a.json'), 'utf8'));
    assert.equal(json.items[0].selected, 1);
    assert.deepEqual(json.items[0].translations[0].attention, rec.items[0].translations[0].attention);
  });

  it('says so instead of decorating when the source was replaced by the output', async () => {
    await editor.edit((e) => e.replace(new vscode.Range(0, 3, 0, 10), 'le chat'));
    const h = await panel.hoverOutputToken(0);
    assert.equal(h.status, 'replaced');
    assert.deepEqual(h.ranges, []);
  });

  it('Open Attention in Editor shows the heatmap in the editor area, in step with the view', async () => {
    await vscode.commands.executeCommand('seq2seq.openAttentionInEditor');
    const r = await panel.lastRendered('editor');
    assert.equal(r.picture, 'heatmap', 'the editor area is wide enough for the heatmap');
    assert.deepEqual(r.rowLabels, rec.items[0].translations[0].tokens);
    r.cellWeights.forEach((row, i) =>
      row.forEach((w, j) => assert.ok(Math.abs(w - rec.items[0].translations[0].attention![i][j]) < 0.015)),
    );
    const second = await panel.selectItem(1, 'editor');
    assert.deepEqual(second.colLabels, ['a', 'b', '\n', 'c', 'd']);
    const lines = await panel.setPicture('lines', 'editor');
    assert.equal(lines.picture, 'lines');
    lines.cellWeights.forEach((row, i) =>
      row.forEach((w, j) => assert.ok(Math.abs(w - rec.items[1].translations[0].attention![i][j]) <= 1 / 64)),
    );
  });

  it('keeps the shown data and choices when the view is hidden and shown again', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.commands.executeCommand('seq2seq.showAttention');
    const r = await panel.lastRendered();
    assert.equal(r.item, 0);
    assert.equal(r.alternative, 1);
    assert.equal(r.rows, 2);
  });
});
