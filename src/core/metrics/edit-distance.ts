// Levenshtein distance with unit costs, keeping only one DP row sized by the shorter input.
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  // row[j] = distance between the first i items of `long` and the first j items of `short`.
  const row = Array.from({ length: short.length + 1 }, (_, j) => j);
  for (let i = 1; i <= long.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= short.length; j++) {
      const above = row[j];
      const substitution = diagonal + (long[i - 1] === short[j - 1] ? 0 : 1);
      row[j] = Math.min(substitution, above + 1, row[j - 1] + 1);
      diagonal = above;
    }
  }
  return row[short.length];
}
