// The packager's ignore file (reference §8.6; dify-plugin-daemon: pkg/plugin_packager/decoder/fs.go):
// `.difyignore`, or `.gitignore` when there is no `.difyignore`; lines trimmed, blank and `#` lines
// skipped, each line a go-git gitignore pattern (plumbing/format/gitignore/pattern.go, v5). A path
// is excluded as soon as one pattern returns Exclude; an excluded folder is skipped as a whole;
// `!pattern` lines return Include, which the packager ignores, so they re-include nothing.
import type { LoadedPlugin } from '../../../plugin/load.js';
import { GlobMatcher, compileGoGlob } from '../../../plugin/glob.js';

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

const cache = new WeakMap<LoadedPlugin, IgnoreFile | null>();

export function ignoreFileOf(plugin: LoadedPlugin): IgnoreFile | undefined {
  if (cache.has(plugin)) return cache.get(plugin) ?? undefined;
  let result: IgnoreFile | null = null;
  for (const name of ['.difyignore', '.gitignore']) {
    const status = plugin.fs.resolve(name).status;
    // The daemon falls back to .gitignore when reading .difyignore fails (missing, or a folder).
    if (status !== 'file' && status !== 'outside') continue;
    // The daemon stops at the first ignore file it can read; one we cannot read counts as empty.
    const text = status === 'file' ? plugin.fs.readText(name, 1024 * 1024) ?? '' : '';
    result = { file: name, patterns: parseIgnore(text) };
    break;
  }
  cache.set(plugin, result);
  return result ?? undefined;
}

export function parseIgnore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  text.split('\n').forEach((raw, idx) => {
    const line = raw.trim();
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

/** go-git v5 `pattern.Match` for one path (components) — true when this pattern matches it. */
function patternMatches(p: IgnorePattern, path: string[], isDir: boolean): boolean {
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

const segmentCache = new Map<string, GlobMatcher | null>();
/** Go `filepath.Match` on one path component; a malformed pattern matches nothing. */
function segmentMatch(pattern: string, name: string): boolean {
  let re = segmentCache.get(pattern);
  if (re === undefined) {
    const compiled = compileGoGlob(pattern);
    re = compiled instanceof GlobMatcher ? compiled : null;
    segmentCache.set(pattern, re);
  }
  return re !== null && re.test(name);
}

/**
 * The first pattern that keeps `rel` (a file) out of the package, checking each parent folder
 * first as the daemon's walk does; undefined when the file is packaged.
 */
export function excludedBy(ignore: IgnoreFile, rel: string, isDirectory = false): IgnorePattern | undefined {
  const parts = rel.split('/').filter((s) => s !== '');
  for (let k = 1; k <= parts.length; k++) {
    const prefix = parts.slice(0, k);
    const isDir = k < parts.length || isDirectory;
    for (const p of ignore.patterns) {
      if (p.negated) continue; // Include results never exclude, and never re-include either.
      if (patternMatches(p, prefix, isDir)) return p;
    }
  }
  return undefined;
}
