// The packager's ignore file, the one implementation used by `model-plugin package` and by the
// validator's rules (F6, F5, P14...). Reference: marketplace-and-package.md §4.3; dify-plugin-daemon
// pkg/plugin_packager/decoder/fs.go and go-git v5 plumbing/format/gitignore/pattern.go.
//
// `.difyignore`, or `.gitignore` when there is no `.difyignore`, never both, never nested; lines
// trimmed, blank and `#` lines skipped, each line a go-git pattern. A path is excluded as soon as one
// pattern returns Exclude; an excluded folder is skipped as a whole; `!pattern` lines return Include,
// which the packager ignores, so they re-include nothing. Segments match with Go's filepath.Match,
// where `[!x]` is a class holding `!` and `x`, not a negation.
import { compileGoGlob } from './glob.js';

export const IGNORE_FILES = ['.difyignore', '.gitignore'] as const;

export interface IgnorePattern {
  /** 1-based line in the ignore file. */
  line: number;
  text: string;
  negated: boolean;
  dirOnly: boolean;
  /** Has a `/` (other than a trailing one): matched segment by segment from the root. */
  isGlob: boolean;
  segments: string[];
}

export interface IgnoreFile {
  /** `.difyignore` or `.gitignore`. */
  file: string;
  patterns: IgnorePattern[];
}

export function parseIgnore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  text.split('\n').forEach((raw, idx) => {
    const line = goTrimSpace(raw);
    if (line === '' || line.startsWith('#')) return;
    let p = line;
    const negated = p.startsWith('!');
    if (negated) p = p.slice(1);
    if (!p.endsWith('\\ ')) p = p.replace(/ +$/, '');
    const dirOnly = p.endsWith('/');
    if (dirOnly) p = p.slice(0, -1);
    patterns.push({ line: idx + 1, text: line, negated, dirOnly, isGlob: p.includes('/'), segments: p.split('/') });
  });
  return patterns;
}

// Go's strings.TrimSpace trims unicode.IsSpace; JS trim() differs (it trims a BOM, keeps U+0085).
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]';
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');
export function goTrimSpace(s: string): string {
  return s.replace(GO_TRIM, '');
}

/** go-git v5 `pattern.Match` for one path (components) — true when this pattern matches it. */
export function patternMatches(p: IgnorePattern, path: string[], isDir: boolean): boolean {
  return p.isGlob ? globMatch(p, path, isDir) : simpleNameMatch(p, path, isDir);
}

function simpleNameMatch(p: IgnorePattern, path: string[], isDir: boolean): boolean {
  for (let i = 0; i < path.length; i++) {
    if (!segmentMatch(p.segments[0], path[i])) continue;
    if (p.dirOnly && !isDir && i === path.length - 1) return false;
    return true;
  }
  return false;
}

function globMatch(p: IgnorePattern, path: string[], isDir: boolean): boolean {
  let matched = false;
  let canTraverse = false;
  let rest = path;
  for (let i = 0; i < p.segments.length; i++) {
    const seg = p.segments[i];
    if (seg === '') {
      canTraverse = false;
      continue;
    }
    if (seg === '**') {
      if (i === p.segments.length - 1) break;
      canTraverse = true;
      continue;
    }
    if (seg.includes('**')) return false;
    if (rest.length === 0) return false;
    if (canTraverse) {
      canTraverse = false;
      while (rest.length > 0) {
        const e = rest[0];
        rest = rest.slice(1);
        if (segmentMatch(seg, e)) {
          matched = true;
          break;
        } else if (rest.length === 0) {
          matched = false;
        }
      }
    } else {
      if (!segmentMatch(seg, rest[0])) return false;
      matched = true;
      rest = rest.slice(1);
    }
  }
  if (matched && p.dirOnly && !isDir && rest.length === 0) matched = false;
  return matched;
}

const segmentCache = new Map<string, RegExp | null>();
/** Go `filepath.Match` on one path component; a malformed pattern matches nothing. */
function segmentMatch(pattern: string, name: string): boolean {
  let re = segmentCache.get(pattern);
  if (re === undefined) {
    const compiled = compileGoGlob(pattern);
    re = compiled instanceof RegExp ? compiled : null;
    segmentCache.set(pattern, re);
  }
  return re !== null && re.test(name);
}

/**
 * The daemon's walk decision for one entry whose parents were all kept: the first non-negated
 * pattern that excludes it, or undefined.
 */
export function excludingPattern(ignore: IgnoreFile, parts: string[], isDir: boolean): IgnorePattern | undefined {
  for (const p of ignore.patterns) {
    if (p.negated) continue; // Include results never exclude, and never re-include either.
    if (patternMatches(p, parts, isDir)) return p;
  }
  return undefined;
}

/**
 * The first pattern that keeps `rel` out of the package, checking each parent folder first as the
 * daemon's walk does; undefined when it is packaged.
 */
export function excludedBy(ignore: IgnoreFile, rel: string, isDirectory = false): IgnorePattern | undefined {
  const parts = rel.split('/').filter((s) => s !== '');
  for (let k = 1; k <= parts.length; k++) {
    const p = excludingPattern(ignore, parts.slice(0, k), k < parts.length || isDirectory);
    if (p) return p;
  }
  return undefined;
}
