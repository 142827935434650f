// The one place that turns a path written in a plugin file into a file on disk. Every path in a
// plugin is relative to the plugin root (reference §8.1); nothing outside the root is ever read,
// including through symlinks.
import { lstatSync, readFileSync, readdirSync, realpathSync as realpathJs, statSync } from 'node:fs';

// The native realpath is one syscall; the JS one lstat()s every path component.
const realpathSync = realpathJs.native;
import { isAbsolute, join, relative, sep } from 'node:path';
import { parseYamlBytes, MAX_YAML_BYTES, type YamlFile } from './yaml-file.js';

export type PathStatus =
  | 'file'
  | 'directory'
  | 'missing'
  | 'absolute' // written as an absolute path
  | 'parent' // climbs out with `..`
  | 'outside' // a symlink (or a link in the chain) leads outside the root
  | 'invalid'; // empty, or a NUL byte

export interface ResolvedPath {
  status: PathStatus;
  /** Normalised relative path (forward slashes), when the path stays inside the root. */
  rel: string;
  /** Absolute path, only when status is 'file' or 'directory'. */
  abs?: string;
}

/** Folders never walked: tool caches and environments, not part of what a plugin declares. */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.idea', '.vscode']);
/** A plugin with more files than this is not walked further (the walk stays bounded on hostile trees). */
export const MAX_WALK_ENTRIES = 20000;

export interface WalkResult {
  /** Regular files (and symlinks to files inside the root), relative, forward slashes, sorted. */
  files: string[];
  /** Symlinks whose target is outside the root (never followed). */
  escapingLinks: string[];
  /** True when MAX_WALK_ENTRIES stopped the walk. */
  truncated: boolean;
  /** Total size in bytes of the regular files seen. */
  totalBytes: number;
}

export class PluginFs {
  readonly root: string;
  private readonly yamlCache = new Map<string, YamlFile>();
  private walkCache: WalkResult | undefined;

  constructor(root: string) {
    this.root = realpathSync(root);
  }

  /** Resolves a path written in a plugin file, relative to the root, refusing anything that leaves it. */
  resolve(written: string): ResolvedPath {
    if (typeof written !== 'string' || written.length === 0 || written.includes('\0')) {
      return { status: 'invalid', rel: String(written) };
    }
    if (isAbsolute(written) || /^[A-Za-z]:[\\/]/.test(written)) return { status: 'absolute', rel: written };
    const parts: string[] = [];
    for (const seg of written.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        if (parts.length === 0) return { status: 'parent', rel: written };
        parts.pop();
        continue;
      }
      parts.push(seg);
    }
    const rel = parts.join('/');
    const abs = join(this.root, ...parts);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      // Missing, or a dangling link: check that what exists of the chain stays inside.
      return { status: this.danglingEscapes(parts) ? 'outside' : 'missing', rel };
    }
    if (!this.contains(real)) return { status: 'outside', rel };
    const st = statSync(real);
    return { status: st.isDirectory() ? 'directory' : 'file', rel, abs: real };
  }

  /** Reads and parses a YAML file by its path relative to the root (cached); undefined unless it is a file inside the root. */
  loadYaml(rel: string): YamlFile | undefined {
    const resolved = this.resolve(rel);
    if (resolved.status !== 'file' || !resolved.abs) return undefined;
    const cached = this.yamlCache.get(resolved.rel);
    if (cached) return cached;
    const size = statSync(resolved.abs).size;
    // Never read a huge file into memory just to refuse it.
    const file =
      size > MAX_YAML_BYTES
        ? parseYamlBytes(resolved.rel, Buffer.alloc(0), size)
        : parseYamlBytes(resolved.rel, readFileSync(resolved.abs));
    this.yamlCache.set(resolved.rel, file);
    return file;
  }

  /** Every YAML file loaded so far, in load order. */
  loadedYaml(): YamlFile[] {
    return [...this.yamlCache.values()];
  }

  /** Reads a text file inside the root (for Python sources), or undefined. */
  readText(rel: string, maxBytes = 4 * 1024 * 1024): string | undefined {
    const resolved = this.resolve(rel);
    if (resolved.status !== 'file' || !resolved.abs) return undefined;
    if (statSync(resolved.abs).size > maxBytes) return undefined;
    return readFileSync(resolved.abs, 'utf8');
  }

  /** Every file of the plugin, walked once (bounded; escaping symlinks are listed, never followed). */
  walk(): WalkResult {
    if (this.walkCache) return this.walkCache;
    const result: WalkResult = { files: [], escapingLinks: [], truncated: false, totalBytes: 0 };
    const stack: string[] = [''];
    let seen = 0;
    while (stack.length > 0) {
      const dirRel = stack.pop()!;
      let entries;
      try {
        entries = readdirSync(dirRel ? join(this.root, dirRel) : this.root, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (++seen > MAX_WALK_ENTRIES) {
          result.truncated = true;
          stack.length = 0;
          break;
        }
        const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name)) stack.push(rel);
        } else if (entry.isFile()) {
          result.files.push(rel);
          try {
            result.totalBytes += lstatSync(join(this.root, rel)).size;
          } catch {
            /* vanished while walking */
          }
        } else if (entry.isSymbolicLink()) {
          const r = this.resolve(rel);
          if (r.status === 'outside') result.escapingLinks.push(rel);
          else if (r.status === 'file') result.files.push(rel);
          // Links to directories inside the root are not followed: their files are walked at their real place.
        }
      }
    }
    result.files.sort();
    result.escapingLinks.sort();
    this.walkCache = result;
    return result;
  }

  private contains(real: string): boolean {
    const r = relative(this.root, real);
    return r === '' || (!r.startsWith('..' + sep) && r !== '..' && !isAbsolute(r));
  }

  private danglingEscapes(parts: string[]): boolean {
    // Walk the chain component by component; if any existing prefix resolves outside, it escapes.
    let cur = this.root;
    for (const p of parts) {
      cur = join(cur, p);
      try {
        const real = realpathSync(cur);
        if (!this.contains(real)) return true;
        cur = real;
      } catch {
        try {
          // A dangling symlink: where does it point?
          if (lstatSync(cur).isSymbolicLink()) return true;
        } catch {
          /* does not exist */
        }
        return false;
      }
    }
    return false;
  }
}
