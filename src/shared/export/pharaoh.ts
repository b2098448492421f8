// Hard alignments in the Pharaoh format of fast_align / Moses / awesome-align: one line per sentence
// pair, "s-t" pairs of 0-based source and target token indices. Each output token t is aligned to the
// source token it attends to most (ties: the first), so every target token has exactly one link.
export function hardAlignment(attention: readonly (readonly number[])[]): [source: number, target: number][] {
  return attention.flatMap((row, t) => {
    let best = -1;
    row.forEach((w, s) => {
      if (Number.isFinite(w) && (best < 0 || w > row[best])) best = s;
    });
    return best < 0 ? [] : [[best, t] as [number, number]];
  });
}

/** One line: "0-0 1-2 ..." ; empty for a model without attention. */
export function pharaohLine(attention: readonly (readonly number[])[] | null): string {
  return attention
    ? hardAlignment(attention)
        .map(([s, t]) => `${s}-${t}`)
        .join(' ')
    : '';
}
