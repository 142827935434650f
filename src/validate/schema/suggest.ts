// "Did you mean" for near misses: case and `-`/`_` differences first, then edit distance.

/** The closest candidate to `input`, or undefined when none is close enough to be a likely typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  const n = norm(input);
  const loose = candidates.find((c) => norm(c) === n);
  if (loose !== undefined && loose !== input) return loose;

  // A clipped word (`secret` for `secret-input`): the one candidate it starts.
  if (input.length >= 3) {
    const extended = candidates.filter((c) => c.toLowerCase().startsWith(input.toLowerCase()) && c !== input);
    if (extended.length === 1) return extended[0];
  }

  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(input.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // One edit for short words, about a third of the length for longer ones.
  const allowed = Math.max(1, Math.floor(Math.max(input.length, best?.length ?? 0) / 3));
  return bestDistance <= allowed && best !== input ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Inputs are keys and enum values; cap the work for absurd inputs.
  if (a.length > 200 || b.length > 200) return Math.abs(a.length - b.length) + 200;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i][0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2][j - 2] + 1);
      rows[i][j] = v;
    }
  }
  return rows[a.length][b.length];
}
