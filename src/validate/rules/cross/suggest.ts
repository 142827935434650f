// "Did you mean …?" for paths and names: the closest existing candidates by edit distance.

/** Levenshtein distance, bounded: returns `max + 1` as soon as the distance exceeds `max`. */
export function editDistance(a: string, b: string, max = 64): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Up to `limit` candidates close to `wanted` (same base name, or a small edit distance). */
export function closest(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  const w = wanted.toLowerCase();
  const wBase = baseName(w);
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    if (c === wanted) continue;
    const lc = c.toLowerCase();
    let d = editDistance(w, lc, Math.max(2, Math.floor(w.length / 3)));
    if (baseName(lc) === wBase) d = Math.min(d, 1);
    if (d <= Math.max(2, Math.floor(w.length / 3))) scored.push({ c, d });
  }
  return scored
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map((s) => s.c);
}

/** " Did you mean "a" or "b"?" or "" when there is nothing close. */
export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const list = closest(wanted, candidates);
  if (list.length === 0) return '';
  return ` Did you mean ${list.map((c) => `"${c}"`).join(' or ')}?`;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
