// A terminal rendering of an alignment: one row per output token, shade characters per source token.
const SHADES = [' ', '░', '▒', '▓', '█'];

export function formatAlignment(sourceTokens: string[], outputTokens: string[], attention: number[][] | null): string {
  if (!attention) return '  (this model has no attention: no alignment to show)';
  const show = (t: string) => (t === ' ' ? '·' : t.replace(/\u2581/g, '_'));
  const width = Math.max(...outputTokens.map((t) => show(t).length), 1);
  const rows = attention.map((row, i) => {
    const cells = row.map((w) => SHADES[Math.min(SHADES.length - 1, Math.round(w * (SHADES.length - 1)))]).join('');
    const peak = row.indexOf(Math.max(...row));
    return `  ${show(outputTokens[i]).padStart(width)} |${cells}|  ${show(sourceTokens[peak])} ${row[peak].toFixed(2)}`;
  });
  return [`  ${''.padStart(width)}  ${sourceTokens.map((t) => show(t)[0]).join('')}`, ...rows].join('\n');
}
