// The two glob dialects that read a provider's `models.<key>.predefined` patterns (reference §8.2):
// the daemon tests each walked path with Go's filepath.Match, the SDK calls Python's Path.glob.
// They agree on the safe subset (`models/llm/*.yaml`) and differ elsewhere, so we model both.
//
// Patterns come from the plugin, so matching must not backtrack: a pattern compiles to a small
// automaton that is run over the path once, keeping the set of pattern positions alive (time
// O(path × pattern), however many `*` there are), and patterns longer than MAX_GLOB_LENGTH are refused.

/** Longer patterns are refused: real ones are a few dozen characters. */
export const MAX_GLOB_LENGTH = 1024;

export interface GlobSyntaxError {
  message: string;
  /** Refused by our length cap rather than by Go's parser. */
  tooLong?: boolean;
}

type Token =
  | { t: 'char'; c: string }
  /** One character other than `/`. */
  | { t: 'any' }
  /** Zero or more characters other than `/`. */
  | { t: 'star' }
  /** One character other than `/` in (or, negated, not in) the ranges. */
  | { t: 'class'; ranges: [number, number][]; negate: boolean }
  /** Python `**` followed by `/`: zero or more whole folders (a name, then `/`). */
  | { t: 'dirs' };

/** A compiled glob: `test(path)` runs in time linear in the path (times the pattern length). */
export class GlobMatcher {
  /** The literal start of the pattern: paths without it cannot match (a cheap pre-filter). */
  private readonly prefix: string;

  constructor(private readonly tokens: Token[]) {
    let prefix = '';
    for (const tok of tokens) {
      if (tok.t !== 'char') break;
      prefix += tok.c;
    }
    this.prefix = prefix;
  }

  test(path: string): boolean {
    if (!path.startsWith(this.prefix)) return false;
    const tokens = this.tokens;
    const n = tokens.length;
    // States: 2*i = before token i; 2*i+1 = inside a folder name of a `dirs` token i. 2*n accepts.
    const size = 2 * n + 1;
    let cur = new Int32Array(size);
    let next = new Int32Array(size);
    let curList: number[] = [];
    let nextList: number[] = [];
    let gen = 1;
    const add = (list: number[], mark: Int32Array, s: number) => {
      // Epsilon closure: `star` and `dirs` may match nothing, so their successor is live too.
      while (mark[s] !== gen) {
        mark[s] = gen;
        list.push(s);
        if (s % 2 === 1 || s === 2 * n) return;
        const tok = tokens[s / 2];
        if (tok.t !== 'star' && tok.t !== 'dirs') return;
        s += 2;
      }
    };
    add(curList, cur, 0);
    for (let k = 0; k < path.length && curList.length > 0; k++) {
      const ch = path[k];
      const code = path.charCodeAt(k);
      gen++;
      nextList = [];
      for (const s of curList) {
        if (s === 2 * n) continue;
        const i = s >> 1;
        const tok = tokens[i];
        if (s % 2 === 1) {
          // Inside a folder name of `dirs`: more name, or `/` ends this folder.
          add(nextList, next, ch === '/' ? 2 * i : s);
          continue;
        }
        switch (tok.t) {
          case 'char':
            if (tok.c === ch) add(nextList, next, s + 2);
            break;
          case 'any':
            if (ch !== '/') add(nextList, next, s + 2);
            break;
          case 'star':
            if (ch !== '/') add(nextList, next, s);
            break;
          case 'class':
            if (ch !== '/' && inRanges(tok.ranges, code) !== tok.negate) add(nextList, next, s + 2);
            break;
          case 'dirs':
            if (ch !== '/') add(nextList, next, s + 1);
            break;
        }
      }
      [cur, next] = [next, cur];
      curList = nextList;
    }
    return curList.includes(2 * n);
  }
}

function inRanges(ranges: [number, number][], code: number): boolean {
  // A reversed range such as [z-a] simply matches nothing (Go and Python agree).
  for (const [lo, hi] of ranges) if (lo <= code && code <= hi) return true;
  return false;
}

/** Go `filepath.Match` semantics: `*` and `?` never cross `/`, `**` is just `*`, paths compared literally. */
export function compileGoGlob(pattern: string): GlobMatcher | GlobSyntaxError {
  if (pattern.length > MAX_GLOB_LENGTH) return tooLong();
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      while (pattern[i + 1] === '*') i++;
      tokens.push({ t: 'star' });
    } else if (c === '?') {
      tokens.push({ t: 'any' });
    } else if (c === '\\') {
      if (i + 1 >= pattern.length) return { message: 'the pattern ends with a lone backslash' };
      tokens.push({ t: 'char', c: pattern[++i] });
    } else if (c === '[') {
      const cls = readGoClass(pattern, i + 1);
      if ('message' in cls) return cls;
      tokens.push(cls.token);
      i = cls.end;
    } else {
      tokens.push({ t: 'char', c });
    }
  }
  return new GlobMatcher(tokens);
}

/** Python pathlib `glob` semantics: a `**` segment recurses (zero or more folders); `[!x]` negates. */
export function compilePythonGlob(pattern: string): GlobMatcher | undefined {
  if (pattern.length > MAX_GLOB_LENGTH) return undefined;
  const segments = pattern.split('/').filter((s, i) => !(s === '.' || (s === '' && i > 0)));
  const tokens: Token[] = [];
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    const last = s === segments.length - 1;
    if (seg === '**') {
      tokens.push({ t: 'dirs' });
      // A final `**` names something below: at least one more name.
      if (last) tokens.push({ t: 'any' }, { t: 'star' });
      continue;
    }
    pythonSegment(seg, tokens);
    if (!last) tokens.push({ t: 'char', c: '/' });
  }
  return new GlobMatcher(tokens);
}

function pythonSegment(seg: string, tokens: Token[]): void {
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') {
      if (tokens.at(-1)?.t !== 'star') tokens.push({ t: 'star' });
    } else if (c === '?') tokens.push({ t: 'any' });
    else if (c === '[') {
      const cls = readPythonClass(seg, i + 1);
      if (cls) {
        tokens.push(cls.token);
        i = cls.end;
      } else tokens.push({ t: 'char', c: '[' }); // fnmatch: an unclosed `[` is literal
    } else tokens.push({ t: 'char', c });
  }
}

/** Go's class after `[`: `^` negates, `\` escapes, `lo-hi` ranges; `]` or `-` cannot start an item. */
function readGoClass(p: string, start: number): { token: Token; end: number } | GlobSyntaxError {
  let i = start;
  let negate = false;
  if (p[i] === '^') {
    negate = true;
    i++;
  }
  const ranges: [number, number][] = [];
  const unclosed = { message: 'a "[" character class is not closed with "]"' };
  // Go's getEsc: one (possibly escaped) character; `-`, `]` and the end are errors there.
  const esc = (): number | GlobSyntaxError => {
    const c = p[i];
    if (c === undefined || c === '/') return unclosed;
    if (c === '-' || c === ']') return { message: `"${c}" cannot start a character class` };
    if (c === '\\') {
      i++;
      if (i >= p.length) return unclosed;
    }
    const code = p.codePointAt(i)!;
    i += code > 0xffff ? 2 : 1;
    return code;
  };
  for (;;) {
    if (p[i] === ']' && ranges.length > 0) return { token: { t: 'class', ranges, negate }, end: i };
    const lo = esc();
    if (typeof lo !== 'number') return lo;
    let hi = lo;
    if (p[i] === '-') {
      i++;
      const h = esc();
      if (typeof h !== 'number') return h;
      hi = h;
    }
    ranges.push([lo, hi]);
  }
}

/** fnmatch's class after `[`: `!` negates, a leading `]` is literal, `\` is literal; unclosed → undefined. */
function readPythonClass(p: string, start: number): { token: Token; end: number } | undefined {
  let i = start;
  let negate = false;
  if (p[i] === '!') {
    negate = true;
    i++;
  }
  let close = p[i] === ']' ? p.indexOf(']', i + 1) : p.indexOf(']', i);
  if (close < 0) return undefined;
  const ranges: [number, number][] = [];
  while (i < close) {
    const lo = p.codePointAt(i)!;
    i += lo > 0xffff ? 2 : 1;
    if (p[i] === '-' && i + 1 < close) {
      const hi = p.codePointAt(i + 1)!;
      i += 1 + (hi > 0xffff ? 2 : 1);
      ranges.push([lo, hi]); // reversed ranges match nothing, as fnmatch drops them
    } else ranges.push([lo, lo]);
  }
  close = i;
  return { token: { t: 'class', ranges, negate }, end: close };
}

function tooLong(): GlobSyntaxError {
  return { message: `the pattern is longer than ${MAX_GLOB_LENGTH} characters`, tooLong: true };
}
