// Content-addressed folders of the tool cache (<tool cache>/<name>/<key>.<ext>), shared by the
// caches that keep work between runs (the Python syntax answers, the deflated package entries).
// MODEL_PLUGIN_NO_CACHE=1 turns them off. Entries are private (0600 in a 0700 folder) and written
// atomically; a cache that cannot be read or written only means doing the work again.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachesOff, toolCacheDir } from './cache-dir.cjs';

/** More entries than this and the folder is emptied (old contents pile up as files are edited). */
const MAX_ENTRIES = 20_000;
const counted = new Set<string>();

/** The folder of the cache `name`, or undefined when caching is turned off. */
export function cacheFolder(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (cachesOff(env)) return undefined;
  return join(toolCacheDir(env), name);
}

/** The bytes of one entry, or undefined when there is none or it cannot be read. */
export function readCacheEntry(dir: string, key: string, ext: string): Buffer | undefined {
  try {
    return readFileSync(join(dir, `${key}.${ext}`));
  } catch {
    return undefined;
  }
}

export function writeCacheEntries(dir: string, ext: string, entries: readonly { key: string; data: string | Uint8Array }[]): void {
  if (entries.length === 0) return;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Counted once per process: listing a folder of thousands of entries for every plugin written
    // cost more than the work the cache saves.
    if (!counted.has(dir)) {
      counted.add(dir);
      if (readdirSync(dir).length > MAX_ENTRIES) {
        for (const name of readdirSync(dir)) if (name.endsWith(`.${ext}`)) rmSync(join(dir, name), { force: true });
      }
    }
  } catch {
    return;
  }
  for (const { key, data } of entries) {
    const tmp = join(dir, `${key}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
      renameSync(tmp, join(dir, `${key}.${ext}`));
    } catch {
      rmSync(tmp, { force: true });
    }
  }
}

/**
 * What a cached answer computed by the code of `moduleUrl` depends on besides its input: the tool's
 * version and that file's build time (every build rewrites it), so a changed check never reads the
 * answers of an older one.
 */
export function buildStamp(moduleUrl: string, packageJson: string): string {
  const read = (f: () => string) => {
    try {
      return f();
    } catch {
      return '?';
    }
  };
  const version = read(() => String((JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }).version));
  const built = read(() => String(statSync(fileURLToPath(moduleUrl)).mtimeMs));
  return `${version}\0${built}`;
}
