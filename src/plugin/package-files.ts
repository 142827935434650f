// The files `dify plugin package` puts in a .difypkg (reference marketplace-and-package.md §4.2–4.3):
// a walk of the plugin root in Go's filepath.Walk order, skipping what the ignore file excludes
// (an excluded folder is not entered), storing files only (folders never, so empty ones vanish).
// A symlink to a file is stored with the target's content; a symlink to a folder, a dangling one
// or a loop makes the daemon fail, and we say so naming the link. Unlike the daemon we never read
// outside the plugin root: a link leading out is refused too.
import { lstatSync, readFileSync, readdirSync, realpathSync as realpathJs, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { excludingPattern, IGNORE_FILES, parseIgnore, type IgnoreFile } from './ignore.js';

const realpathSync = realpathJs.native;

/** Entries walked before giving up on a hostile tree (far above the 5,000-file install limit). */
export const MAX_PACKAGE_WALK = 200_000;

export interface PackageEntry {
  /** Root-relative, `/` separators: the zip entry name. */
  path: string;
  /** Where the bytes are read from (the target, for a symlink). */
  abs: string;
  size: number;
  /** True when `path` is a symlink (stored as its target's content). */
  symlink?: boolean;
}

export interface PackageWalkProblem {
  path: string;
  message: string;
}

export interface PackageFileSet {
  root: string;
  /** The ignore file that applied, if any. */
  ignore: IgnoreFile | undefined;
  /** Sorted byte-wise by path, as the daemon writes them. */
  files: PackageEntry[];
  /** What makes the daemon's packaging fail (folder/dangling/looping/escaping links, unreadable folders). */
  problems: PackageWalkProblem[];
  totalBytes: number;
  /** The walk stopped at MAX_PACKAGE_WALK entries. */
  truncated: boolean;
}

/** Byte-wise comparison of UTF-8 paths (Go's string order), not JS's UTF-16 order. */
export function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Reads the ignore file the daemon would use: `.difyignore`, else `.gitignore`, else none. */
export function readIgnoreFile(root: string, problems?: PackageWalkProblem[]): IgnoreFile | undefined {
  for (const name of IGNORE_FILES) {
    const abs = join(root, name);
    let real: string;
    try {
      real = realpathSync(abs);
      // os.ReadFile fails on a folder, and the daemon then falls back to the next file.
      if (!statSync(real).isFile()) continue;
    } catch {
      continue;
    }
    if (!inside(root, real)) {
      problems?.push({ path: name, message: `${name} is a symlink to a file outside the plugin root; model-plugin never reads outside the root. Replace the link with a regular file.` });
      return { file: name, patterns: [] };
    }
    return { file: name, patterns: parseIgnore(readFileSync(real, 'utf8')) };
  }
  return undefined;
}

export function collectPackageFiles(rootGiven: string): PackageFileSet {
  const root = realpathSync(rootGiven);
  const problems: PackageWalkProblem[] = [];
  const ignore = readIgnoreFile(root, problems);
  const files: PackageEntry[] = [];
  let totalBytes = 0;
  let seen = 0;
  let truncated = false;

  // Depth-first in lexical order, like filepath.Walk (which reads and sorts each folder's names).
  const visit = (dirParts: string[]): void => {
    const dirAbs = join(root, ...dirParts);
    let entries: Dirent[];
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch (err) {
      const rel = dirParts.join('/') || '.';
      problems.push({ path: rel, message: `cannot read the folder ${rel} (${(err as NodeJS.ErrnoException).code ?? 'error'}); Dify's packager fails on it. Fix its permissions or exclude it in .difyignore.` });
      return;
    }
    entries.sort((a, b) => compareBytewise(a.name, b.name));
    for (const entry of entries) {
      if (truncated) return;
      if (++seen > MAX_PACKAGE_WALK) {
        truncated = true;
        return;
      }
      const parts = [...dirParts, entry.name];
      const rel = parts.join('/');
      const isDir = entry.isDirectory();
      if (ignore && excludingPattern(ignore, parts, isDir)) continue;
      if (isDir) {
        visit(parts);
        continue;
      }
      const abs = join(root, ...parts);
      if (entry.isFile()) {
        const size = sizeOf(abs);
        files.push({ path: rel, abs, size });
        totalBytes += size;
        continue;
      }
      if (entry.isSymbolicLink()) {
        const linked = followLink(root, abs, rel);
        if ('message' in linked) problems.push(linked);
        else {
          files.push({ path: rel, abs: linked.abs, size: linked.size, symlink: true });
          totalBytes += linked.size;
        }
        continue;
      }
      problems.push({ path: rel, message: `${rel} is not a regular file (a pipe, socket or device); Dify's packager cannot store it. Remove it or exclude it in .difyignore.` });
    }
  };
  visit([]);
  files.sort((a, b) => compareBytewise(a.path, b.path));
  return { root, ignore, files, problems, totalBytes, truncated };
}

function followLink(root: string, abs: string, rel: string): { abs: string; size: number } | PackageWalkProblem {
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ELOOP' ? 'a symlink loop' : 'a dangling symlink (its target does not exist)';
    return { path: rel, message: `${rel} is ${why}; Dify's packager fails on it ("no such file"). Remove the link, or exclude it in .difyignore.` };
  }
  if (!inside(root, real)) {
    return { path: rel, message: `${rel} is a symlink to ${real}, outside the plugin root; model-plugin never reads outside the root. Copy the file into the plugin instead of linking it.` };
  }
  const st = statSync(real);
  if (st.isDirectory()) {
    return { path: rel, message: `${rel} is a symlink to a folder; Dify's packager fails on it ("is a directory"). Replace the link with the folder's files, or exclude it in .difyignore.` };
  }
  return { abs: real, size: st.size };
}

function sizeOf(abs: string): number {
  try {
    return lstatSync(abs).size;
  } catch {
    return 0;
  }
}

function inside(root: string, real: string): boolean {
  const r = relative(root, real);
  return r === '' || (!r.startsWith('..' + sep) && r !== '..' && !isAbsolute(r));
}
