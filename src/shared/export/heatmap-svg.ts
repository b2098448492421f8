// The heatmap as a standalone SVG file: explicit colours (it leaves the editor's theme behind),
// every token escaped, full tokens and weights in <title> so viewers show them on hover.
import { heatColor } from '../colors';
import { tokenDescription, tokenText, truncate } from '../tokens';
import { LABEL_MAX_CHARS, svgLayout } from './svg-layout';

export interface HeatmapData {
  title: string;
  rowTokens: readonly string[];
  colTokens: readonly string[];
  weights: readonly (readonly number[])[];
}

export function escapeXml(s: string): string {
  return (
    s
      .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
      // Control characters other than tab/newline are not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex -- matching them is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\ufffd')
  );
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);
const INK = '#1b1b1b';

type Attrs = Record<string, string | number>;
/** ` a="v"...`: values go in as given (numbers through fmt, text through escapeXml, by the callers). */
const attributes = (attrs: Attrs) =>
  Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');

/** `<name a="v"...>content</name>`, or `<name .../>` without content. */
function element(name: string, attrs: Attrs, content?: string): string {
  return content === undefined ? `<${name}${attributes(attrs)}/>` : `<${name}${attributes(attrs)}>${content}</${name}>`;
}

/** A text element with its full description in a <title> (viewers show it on hover). */
const label = (attrs: Attrs, description: string, text: string) =>
  element(
    'text',
    { ...attrs, fill: INK },
    `<title>${escapeXml(description)}</title>${escapeXml(truncate(text, LABEL_MAX_CHARS))}`,
  );

export function heatmapSvg(d: HeatmapData): string {
  const rowText = d.rowTokens.map(tokenText);
  const colText = d.colTokens.map(tokenText);
  const L = svgLayout(rowText, colText);
  const { cell, left, top } = L;
  const size = { width: fmt(L.width), height: fmt(L.height), viewBox: `0 0 ${fmt(L.width)} ${fmt(L.height)}` };
  const font = { 'font-family': "Menlo, Consolas, 'DejaVu Sans Mono', monospace", 'font-size': 12 };
  const out = [
    `<svg${attributes({ xmlns: 'http://www.w3.org/2000/svg', ...size, ...font })}>`,
    `<title>${escapeXml(d.title)}</title>`,
    element('rect', { width: '100%', height: '100%', fill: '#ffffff' }),
  ];
  colText.forEach((t, j) => {
    const [x, y] = [fmt(left + j * cell + cell / 2 + 4), fmt(top - 6)];
    out.push(
      label({ x, y, transform: `rotate(-90 ${x} ${y})` }, `source ${j}: ${tokenDescription(d.colTokens[j])}`, t),
    );
  });
  rowText.forEach((t, i) => {
    const at = { x: fmt(left - 6), y: fmt(top + i * cell + cell / 2 + 4), 'text-anchor': 'end' };
    out.push(label(at, `output ${i}: ${tokenDescription(d.rowTokens[i])}`, t));
  });
  d.weights.forEach((row, i) =>
    row.forEach((w, j) => {
      const title = `${tokenText(d.rowTokens[i] ?? '')} ← ${tokenText(d.colTokens[j] ?? '')}: ${w.toFixed(3)}`;
      const box = { x: fmt(left + j * cell), y: fmt(top + i * cell), width: cell, height: cell };
      out.push(
        element(
          'rect',
          { ...box, fill: heatColor(w), stroke: '#d0d0d0', 'stroke-width': 0.5 },
          `<title>${escapeXml(title)}</title>`,
        ),
      );
    }),
  );
  out.push(...legend(L.legend), '</svg>');
  return out.join('\n');
}

function legend(g: { x: number; y: number; width: number; height: number }): string[] {
  const stops =
    element('stop', { offset: 0, 'stop-color': heatColor(0) }) +
    element('stop', { offset: 1, 'stop-color': heatColor(1) });
  const below = fmt(g.y + g.height + 14);
  return [
    `<defs>${element('linearGradient', { id: 'legend' }, stops)}</defs>`,
    element('rect', {
      x: fmt(g.x),
      y: fmt(g.y),
      width: fmt(g.width),
      height: g.height,
      fill: 'url(#legend)',
      stroke: '#808080',
      'stroke-width': 0.5,
    }),
    element('text', { x: fmt(g.x), y: below, fill: INK }, '0'),
    element('text', { x: fmt(g.x + g.width), y: below, 'text-anchor': 'end', fill: INK }, '1'),
    element('text', { x: fmt(g.x + g.width + 8), y: fmt(g.y + g.height), fill: INK }, 'attention'),
  ];
}
