// The heatmap as a standalone SVG file: explicit colours (it leaves the editor's theme behind),
// every token escaped, full tokens and weights in <title> so viewers show them on hover.
import { heatColor } from '../colors';
import { tokenDescription, tokenText, truncate } from '../tokens';
import { LABEL_MAX_CHARS, svgLayout } from './svg-layout';

export interface HeatmapData { title: string; rowTokens: readonly string[]; colTokens: readonly string[]; weights: readonly (readonly number[])[] }

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    // Control characters other than tab/newline are not allowed in XML 1.0 at all.
    // eslint-disable-next-line no-control-regex -- matching them is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\ufffd');
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

export function heatmapSvg(d: HeatmapData): string {
  const rowText = d.rowTokens.map(tokenText);
  const colText = d.colTokens.map(tokenText);
  const L = svgLayout(rowText, colText);
  const { cell, left, top } = L;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(L.width)}" height="${fmt(L.height)}" viewBox="0 0 ${fmt(L.width)} ${fmt(L.height)}" font-family="Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="12">`);
  out.push(`<title>${escapeXml(d.title)}</title>`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  colText.forEach((t, j) => {
    const x = left + j * cell + cell / 2 + 4;
    out.push(`<text x="${fmt(x)}" y="${fmt(top - 6)}" transform="rotate(-90 ${fmt(x)} ${fmt(top - 6)})" fill="#1b1b1b"><title>${escapeXml(`source ${j}: ${tokenDescription(d.colTokens[j])}`)}</title>${escapeXml(truncate(t, LABEL_MAX_CHARS))}</text>`);
  });
  rowText.forEach((t, i) => {
    out.push(`<text x="${fmt(left - 6)}" y="${fmt(top + i * cell + cell / 2 + 4)}" text-anchor="end" fill="#1b1b1b"><title>${escapeXml(`output ${i}: ${tokenDescription(d.rowTokens[i])}`)}</title>${escapeXml(truncate(t, LABEL_MAX_CHARS))}</text>`);
  });
  d.weights.forEach((row, i) => row.forEach((w, j) => {
    out.push(`<rect x="${fmt(left + j * cell)}" y="${fmt(top + i * cell)}" width="${cell}" height="${cell}" fill="${heatColor(w)}" stroke="#d0d0d0" stroke-width="0.5"><title>${escapeXml(`${tokenText(d.rowTokens[i] ?? '')} ← ${tokenText(d.colTokens[j] ?? '')}: ${w.toFixed(3)}`)}</title></rect>`);
  }));
  const g = L.legend;
  out.push(`<defs><linearGradient id="legend"><stop offset="0" stop-color="${heatColor(0)}"/><stop offset="1" stop-color="${heatColor(1)}"/></linearGradient></defs>`);
  out.push(`<rect x="${fmt(g.x)}" y="${fmt(g.y)}" width="${fmt(g.width)}" height="${g.height}" fill="url(#legend)" stroke="#808080" stroke-width="0.5"/>`);
  out.push(`<text x="${fmt(g.x)}" y="${fmt(g.y + g.height + 14)}" fill="#1b1b1b">0</text>`);
  out.push(`<text x="${fmt(g.x + g.width)}" y="${fmt(g.y + g.height + 14)}" text-anchor="end" fill="#1b1b1b">1</text>`);
  out.push(`<text x="${fmt(g.x + g.width + 8)}" y="${fmt(g.y + g.height)}" fill="#1b1b1b">attention</text>`);
  out.push('</svg>');
  return out.join('\n');
}
