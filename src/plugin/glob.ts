// The two glob dialects that read a provider's `models.<key>.predefined` patterns (reference §8.2):
// the daemon tests each walked path with Go's filepath.Match, the SDK calls Python's Path.glob.
// They agree on the safe subset (`models/llm/*.yaml`) and differ elsewhere, so we model both.

export interface GlobSyntaxError {
  message: string;
}

/** Go `filepath.Match` semantics: `*` and `?` never cross `/`, `**` is just `*`, paths compared literally. */
export function compileGoGlob(pattern: string): RegExp | GlobSyntaxError {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      while (pattern[i + 1] === '*') i++;
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '\\') {
      if (i + 1 >= pattern.length) return { message: 'the pattern ends with a lone backslash' };
      re += escapeRe(pattern[++i]);
    } else if (c === '[') {
      const cls = readClass(pattern, i + 1, '^');
      if ('message' in cls) return cls;
      re += cls.re;
      i = cls.end;
    } else {
      re += escapeRe(c);
    }
  }
  return new RegExp(`^${re}$`, 's');
}

/** Python pathlib `glob` semantics: a `**` segment recurses (zero or more folders); `[!x]` negates. */
export function compilePythonGlob(pattern: string): RegExp | undefined {
  const segments = pattern.split('/').filter((s, i) => !(s === '.' || (s === '' && i > 0)));
  let re = '';
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    const last = s === segments.length - 1;
    if (seg === '**') {
      re += last ? '(?:[^/]+/)*[^/]+' : '(?:[^/]+/)*';
      continue;
    }
    re += segmentToRegex(seg) + (last ? '' : '/');
  }
  try {
    return new RegExp(`^${re}$`, 's');
  } catch {
    return undefined;
  }
}

function segmentToRegex(seg: string): string {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const cls = readClass(seg, i + 1, '!');
      if ('message' in cls) re += '\\[';
      else {
        re += cls.re;
        i = cls.end;
      }
    } else re += escapeRe(c);
  }
  return re;
}

/** Reads a `[...]` class starting after the `[`; returns its regex and the index of the closing `]`. */
function readClass(p: string, start: number, negator: string): { re: string; end: number } | GlobSyntaxError {
  let i = start;
  let negate = false;
  if (p[i] === negator) {
    negate = true;
    i++;
  }
  let body = '';
  let count = 0;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === ']' && count > 0) {
      return { re: `[${negate ? '^' : ''}${body}]`, end: i };
    }
    if (c === '/') break;
    if (c === '\\' && negator === '^') {
      if (i + 1 >= p.length) break;
      body += escapeClass(p[++i]);
    } else if (c === '-' && count > 0 && p[i + 1] !== ']') {
      body += '-';
      continue;
    } else {
      if ((c === ']' || c === '-') && count === 0 && negator === '^') {
        return { message: `"${c}" cannot start a character class` };
      }
      body += escapeClass(c);
    }
    count++;
  }
  return { message: 'a "[" character class is not closed with "]"' };
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function escapeClass(c: string): string {
  return /[\]\\^-]/.test(c) ? `\\${c}` : c;
}
