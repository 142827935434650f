// The deflated bytes of each packaged file, kept between runs in the tool cache:
// <tool cache>/deflate/<sha256>.bin, keyed by the file's content with the compressor's version and
// level. fflate's deflate (zip.ts says why fflate) is pure JavaScript and costs hundreds of
// milliseconds in a fresh process before V8 optimises it, about as much as the rest of `package`;
// packaging again after an edit deflates only the files that changed. The bytes are the ones
// fflate gives for that content, so the package is the same with or without the cache.
// An entry is used only when it inflates (Node's zlib: decoding is unambiguous) back to the exact
// content; anything else, or a cache that cannot be read or written, means deflating again.
// MODEL_PLUGIN_NO_CACHE=1 turns it off. Files are private (0600 in a 0700 folder).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { deflateSync } from 'fflate';
import { toolCacheDir } from '../setup/paths.js';

/** The deflate level of every entry (fflate's default, as zlib's). */
export const DEFLATE_LEVEL = 6;
/** Bump when the way entries are compressed changes. */
const CACHE_VERSION = 1;
/** More entries than this and the folder is emptied (old contents pile up as files are edited). */
const MAX_ENTRIES = 20_000;
const counted = new Set<string>();
/** Files smaller than this cost less to deflate than to look up. */
const MIN_CACHED_BYTES = 256;

export function deflateCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const off = env.MODEL_PLUGIN_NO_CACHE;
  if (off && off !== '0') return undefined;
  return join(toolCacheDir(env), 'deflate');
}

let salt: string | undefined;
function cacheSalt(): string {
  if (salt !== undefined) return salt;
  let fflate = '?';
  try {
    const require = createRequire(import.meta.url);
    fflate = String((JSON.parse(readFileSync(require.resolve('fflate/package.json'), 'utf8')) as { version?: unknown }).version);
  } catch {
    // keep '?': entries from an unknown version are keyed apart
  }
  salt = [CACHE_VERSION, 'fflate', fflate, DEFLATE_LEVEL].join('\0');
  return salt;
}

/** One entry's deflated bytes, as every .difypkg stores them. */
export function deflateEntry(data: Uint8Array): Uint8Array {
  return deflateSync(data, { level: DEFLATE_LEVEL });
}

/**
 * Deflates every file, reusing the cached bytes of contents seen before and caching the others.
 * Returns the compressed bytes in the order given.
 */
export function deflateAll(files: readonly Uint8Array[], dir: string | undefined = deflateCacheDir()): Uint8Array[] {
  if (!dir) return files.map(deflateEntry);
  const fresh: { key: string; bytes: Uint8Array }[] = [];
  const out = files.map((data) => {
    if (data.length < MIN_CACHED_BYTES) return deflateEntry(data);
    const key = createHash('sha256').update(cacheSalt()).update('\0').update(data).digest('hex');
    const hit = readEntry(dir, key, data);
    if (hit) return hit;
    const bytes = deflateEntry(data);
    fresh.push({ key, bytes });
    return bytes;
  });
  writeEntries(dir, fresh);
  return out;
}

function readEntry(dir: string, key: string, data: Uint8Array): Uint8Array | undefined {
  try {
    const bytes = readFileSync(join(dir, `${key}.bin`));
    const back = inflateRawSync(bytes, { maxOutputLength: data.length + 1 });
    return back.length === data.length && Buffer.compare(back, data) === 0 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

function writeEntries(dir: string, entries: { key: string; bytes: Uint8Array }[]): void {
  if (entries.length === 0) return;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Counted once per process: listing a folder of thousands of entries for every plugin written
    // cost more than the parsing the cache saves.
    if (!counted.has(dir)) {
      counted.add(dir);
      if (readdirSync(dir).length > MAX_ENTRIES) {
        for (const name of readdirSync(dir)) if (name.endsWith('.bin')) rmSync(join(dir, name), { force: true });
      }
    }
  } catch {
    return;
  }
  for (const { key, bytes } of entries) {
    const tmp = join(dir, `${key}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      writeFileSync(tmp, bytes, { mode: 0o600, flag: 'wx' });
      renameSync(tmp, join(dir, `${key}.bin`));
    } catch {
      rmSync(tmp, { force: true });
    }
  }
}
