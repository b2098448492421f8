// Minimal SVG charts for the G2P report: a line chart (accuracy by source length) and an attention heatmap.
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

export interface Series {
  label: string;
  points: { x: string; y: number; n: number }[];
}

export function lineChart(title: string, xLabel: string, yLabel: string, series: Series[]): string {
  const W = 720;
  const H = 420;
  const m = { l: 60, r: 230, t: 40, b: 50 };
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => parseInt(a) - parseInt(b));
  const px = (x: string) => m.l + (xs.indexOf(x) + 0.5) * ((W - m.l - m.r) / Math.max(1, xs.length));
  const py = (y: number) => m.t + (1 - y / 100) * (H - m.t - m.b);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
      'font-family="sans-serif" font-size="12">',
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.l}" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  for (let y = 0; y <= 100; y += 20) {
    out.push(
      `<line x1="${m.l}" x2="${W - m.r}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`,
      `<text x="${m.l - 8}" y="${py(y) + 4}" text-anchor="end">${y}</text>`,
    );
  }
  xs.forEach((x) => out.push(`<text x="${px(x)}" y="${H - m.b + 18}" text-anchor="middle">${esc(x)}</text>`));
  out.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 10}" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(
    `<text transform="translate(16 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  );
  out.push(
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#333"/>`,
  );
  series.forEach((s, i) => {
    const c = COLORS[i % COLORS.length];
    // Past the palette, the colours come back dashed.
    const dash = i >= COLORS.length ? ' stroke-dasharray="6 3"' : '';
    const pts = s.points.filter((p) => p.n > 0).map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`);
    out.push(`<polyline fill="none" stroke="${c}" stroke-width="2"${dash} points="${pts.join(' ')}"/>`);
    s.points.forEach((p) =>
      out.push(
        `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${c}">` +
          `<title>${esc(`${s.label}: len ${p.x}, ${p.y}% (${p.n} words)`)}</title></circle>`,
      ),
    );
    const ly = m.t + 10 + i * 20;
    out.push(
      `<line x1="${W - m.r + 12}" x2="${W - m.r + 32}" y1="${ly}" y2="${ly}" stroke="${c}" stroke-width="3"${dash}/>`,
      `<text x="${W - m.r + 38}" y="${ly + 4}">${esc(s.label)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Heatmap of attention weights: rows = output tokens, columns = source tokens. */
export function heatmap(title: string, source: string[], output: string[], weights: number[][]): string {
  const cell = 34;
  const m = { l: 60, t: 70, r: 20, b: 20 };
  const W = m.l + cell * source.length + m.r;
  const H = m.t + cell * output.length + m.b;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(W, 260)}" height="${H}" ` +
      `viewBox="0 0 ${Math.max(W, 260)} ${H}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="8" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  source.forEach((s, j) =>
    out.push(
      `<text x="${m.l + j * cell + cell / 2}" y="${m.t - 10}" ` +
        `text-anchor="middle" font-family="monospace" font-size="15">${esc(s)}</text>`,
    ),
  );
  output.forEach((o, i) => {
    out.push(
      `<text x="${m.l - 6}" y="${m.t + i * cell + cell / 2 + 4}" ` +
        `text-anchor="end" font-family="monospace">${esc(o)}</text>`,
    );
    source.forEach((_, j) => {
      const w = weights[i]?.[j] ?? 0;
      const v = Math.round(255 * (1 - Math.min(1, Math.max(0, w))));
      out.push(
        `<rect x="${m.l + j * cell}" y="${m.t + i * cell}" width="${cell}" height="${cell}" ` +
          `fill="rgb(${v},${v},${v})" stroke="#eee">` +
          `<title>${esc(`${o} ← ${source[j]}: ${w.toFixed(3)}`)}</title></rect>`,
      );
    });
  });
  out.push('</svg>');
  return out.join('\n');
}
