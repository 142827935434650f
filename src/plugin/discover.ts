// Finds plugin roots (folders holding manifest.yaml) under the paths a user gives, so that a whole
// monorepo such as the official plugins repository validates in one command.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../cli/errors.js';

const SKIP = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__']);
const MAX_DIRS = 100000;

export function discoverPluginRoots(paths: string[], cwd = process.cwd()): string[] {
  const roots: string[] = [];
  const seen = new Set<string>();
  const add = (root: string) => {
    if (!seen.has(root)) {
      seen.add(root);
      roots.push(root);
    }
  };
  for (const given of paths.length > 0 ? paths : ['.']) {
    const abs = resolve(cwd, given);
    if (!existsSync(abs)) {
      throw new UsageError(`path not found: ${given}. Pass a plugin folder (one that holds manifest.yaml) or a folder that contains plugins.`);
    }
    const st = statSync(abs);
    if (!st.isDirectory()) {
      if (basename(abs) === 'manifest.yaml') add(dirname(abs));
      else throw new UsageError(`${given} is a file; pass a plugin folder (one that holds manifest.yaml), or its manifest.yaml.`);
      continue;
    }
    const found = findRoots(abs);
    if (found.length === 0) {
      throw new UsageError(`no plugin found under ${given}: no manifest.yaml in it or in any folder below it.`);
    }
    found.forEach(add);
  }
  return roots;
}

/** Breadth-first, sorted, bounded; does not descend into a plugin root or into dot-folders. */
function findRoots(dir: string): string[] {
  const roots: string[] = [];
  const queue = [dir];
  let visited = 0;
  while (queue.length > 0 && visited++ < MAX_DIRS) {
    const cur = queue.shift()!;
    let entries;
    try {
      entries = readdirSync(cur, { withFileTypes: true });
    } catch {
      continue;
    }
    // Any non-folder manifest.yaml marks a plugin (a FIFO or socket one is then reported, never read).
    if (entries.some((e) => e.name === 'manifest.yaml' && !e.isDirectory())) {
      roots.push(cur);
      continue;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      // Symlinked folders are not followed: they may lead anywhere, including in circles.
      if (e.isDirectory() && !e.name.startsWith('.') && !SKIP.has(e.name)) queue.push(join(cur, e.name));
    }
  }
  return roots.sort();
}
