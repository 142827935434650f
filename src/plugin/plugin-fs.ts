// The one place that turns a path written in a plugin file into a file on disk. Every path in a
// plugin is relative to the plugin root (reference §8.1); nothing outside the root is ever read,
// including through symlinks.
import { lstatSync, readdirSync, realpathSync as realpathJs, statSync } from 'node:fs';

// The native realpath is one syscall; the JS one lstat()s every path component.
const realpathSync = realpathJs.native;
import { isAbsolute, join, relative, sep } from 'node:path';
import { parseYamlBytes, unreadableYaml, MAX_YAML_BYTES, type YamlFile } from './yaml-file.js';
import { describeNonRegular, readFailureText, readRegularFile, type ReadResult } from './read-file.js';

export type PathStatus =
  | 'file'
  | 'directory'
  | 'missing'
  | 'absolute' // written as an absolute path
  | 'parent' // climbs out with `..`
  | 'outside' // a symlink (or a link in the chain) leads outside the root
  | 'unreadable' // a folder on the way cannot be searched (permission denied)
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

/** A file or folder of the plugin that could not be read: reported once, at that path (rule F10). */
export interface FileProblem {
  path: string;
  /** The rest of the sentence after the path: "is a FIFO (named pipe), not a regular file". */
  text: string;
  kind: 'not-regular' | 'unreadable';
}

export class PluginFs {
  readonly root: string;
  private readonly yamlCache = new Map<string, YamlFile>();
  private walkCache: WalkResult | undefined;
  // Several rules read the same files (each Python source is read by the syntax check, the class
  // and import rules and the credential rules): resolved once, read once, decoded once per run.
  private readonly resolveCache = new Map<string, ResolvedPath>();
  private readonly bytesCache = new Map<string, Buffer>();
  private readonly textCache = new Map<string, string>();
  /** Files and folders found unreadable so far (by the walk or by a read), by path. */
  readonly problems = new Map<string, FileProblem>();

  constructor(root: string) {
    this.root = realpathSync(root);
  }

  /** Resolves a path written in a plugin file, relative to the root, refusing anything that leaves it. */
  resolve(written: string): ResolvedPath {
    if (typeof written !== 'string') return this.resolveUncached(written);
    let r = this.resolveCache.get(written);
    if (!r) {
      r = this.resolveUncached(written);
      this.resolveCache.set(written, r);
    }
    return { ...r };
  }

  private resolveUncached(written: string): ResolvedPath {
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
    } catch (err) {
      if (this.danglingEscapes(parts)) return { status: 'outside', rel };
      const code = (err as NodeJS.ErrnoException).code;
      // Missing, or a dangling link; or a folder on the way that we may not search.
      return { status: code === 'EACCES' || code === 'EPERM' ? 'unreadable' : 'missing', rel };
    }
    if (!this.contains(real)) return { status: 'outside', rel };
    let st;
    try {
      st = statSync(real);
    } catch {
      return { status: 'unreadable', rel };
    }
    // FIFOs, sockets and devices count as files here; reading one fails with a clear problem.
    return { status: st.isDirectory() ? 'directory' : 'file', rel, abs: real };
  }

  /** Reads a file inside the root, at most `maxBytes`; a failure other than "missing" is recorded in `problems`. */
  read(rel: string, maxBytes: number): ReadResult {
    const resolved = this.resolve(rel);
    if (resolved.status === 'unreadable') {
      const r: ReadResult = { ok: false, reason: 'unreadable', message: 'permission denied on a folder on its path' };
      this.problems.set(resolved.rel, { path: resolved.rel, text: readFailureText(r), kind: 'unreadable' });
      return r;
    }
    if (resolved.status !== 'file' || !resolved.abs) return { ok: false, reason: 'missing' };
    const known = this.bytesCache.get(resolved.rel);
    if (known) return known.length > maxBytes ? { ok: false, reason: 'too-large', size: known.length } : { ok: true, bytes: known };
    const r = readRegularFile(resolved.abs, maxBytes);
    if (r.ok) this.bytesCache.set(resolved.rel, r.bytes);
    if (!r.ok && (r.reason === 'not-regular' || r.reason === 'unreadable')) {
      this.problems.set(resolved.rel, { path: resolved.rel, text: readFailureText(r), kind: r.reason });
    }
    return r;
  }

  /** Reads and parses a YAML file by its path relative to the root (cached); undefined unless it is a file inside the root. */
  loadYaml(rel: string): YamlFile | undefined {
    const resolved = this.resolve(rel);
    if (resolved.status !== 'file' || !resolved.abs) return undefined;
    const cached = this.yamlCache.get(resolved.rel);
    if (cached) return cached;
    // Never read a huge file into memory just to refuse it.
    const r = this.read(resolved.rel, MAX_YAML_BYTES);
    let file: YamlFile;
    if (r.ok) file = parseYamlBytes(resolved.rel, r.bytes);
    else if (r.reason === 'too-large') file = parseYamlBytes(resolved.rel, Buffer.alloc(0), r.size);
    else file = unreadableYaml(resolved.rel); // reported once, by F10, from `problems`
    this.yamlCache.set(resolved.rel, file);
    return file;
  }

  /** Every YAML file loaded so far, in load order. */
  loadedYaml(): YamlFile[] {
    return [...this.yamlCache.values()];
  }

  /** Reads a text file inside the root (for Python sources), or undefined. */
  readText(rel: string, maxBytes = 4 * 1024 * 1024): string | undefined {
    const r = this.read(rel, maxBytes);
    if (!r.ok) return undefined;
    let text = this.textCache.get(rel);
    if (text === undefined) {
      text = r.bytes.toString('utf8');
      this.textCache.set(rel, text);
    }
    return text;
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
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (dirRel && (code === 'EACCES' || code === 'EPERM')) {
          this.problems.set(dirRel, { path: dirRel, text: 'is a folder that cannot be read (permission denied)', kind: 'unreadable' });
        }
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
          else if (r.status === 'file') {
            const st = statSync(r.abs!, { throwIfNoEntry: false });
            if (st && !st.isFile()) this.notRegular(rel, st);
            else result.files.push(rel);
          }
          // Links to directories inside the root are not followed: their files are walked at their real place.
        } else {
          // A FIFO, socket or device: never read (it would block or never end), always reported.
          const st = lstatSync(join(this.root, rel), { throwIfNoEntry: false });
          if (st) this.notRegular(rel, st);
        }
      }
    }
    result.files.sort();
    result.escapingLinks.sort();
    this.walkCache = result;
    return result;
  }

  private notRegular(rel: string, st: import('node:fs').Stats): void {
    this.problems.set(rel, { path: rel, text: `is ${describeNonRegular(st)}, not a regular file`, kind: 'not-regular' });
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
