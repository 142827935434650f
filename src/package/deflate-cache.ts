// The deflated bytes of each packaged file, kept between runs in the tool cache:
// <tool cache>/deflate/<sha256>.bin, keyed by the file's content with the compressor's version and
// level. fflate's deflate (zip.ts says why fflate) is pure JavaScript and costs hundreds of
// milliseconds in a fresh process before V8 optimises it, about as much as the rest of `package`;
// packaging again after an edit deflates only the files that changed. The bytes are the ones
// fflate gives for that content, so the package is the same with or without the cache.
// An entry is used only when it inflates (Node's zlib: decoding is unambiguous) back to the exact
// content; anything else, or a cache that cannot be read or written, means deflating again.
// MODEL_PLUGIN_NO_CACHE=1 turns it off. Files are private (0600 in a 0700 folder).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../package-root.js';
import { cacheFolder, readCacheEntry, writeCacheEntries } from '../setup/tool-cache.js';

/** The deflate level of every entry (fflate's default, as zlib's). */
export const DEFLATE_LEVEL = 6;
/** Bump when the way entries are compressed changes. */
const CACHE_VERSION = 1;
/** Files smaller than this cost less to deflate than to look up. */
const MIN_CACHED_BYTES = 256;

export function deflateCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return cacheFolder('deflate', env);
}

let salt: string | undefined;
function cacheSalt(): string {
  if (salt !== undefined) return salt;
  let fflate = '?';
  try {
    // The exact version package.json pins (resolving the installed package cost ~5 ms of every run).
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    fflate = String(pkg.dependencies?.fflate);
  } catch {
    // keep '?': entries from an unknown version are keyed apart
  }
  salt = [CACHE_VERSION, 'fflate', fflate, DEFLATE_LEVEL].join('\0');
  return salt;
}

/** One entry's deflated bytes, as every .difypkg stores them. */
export function deflateEntry(data: Uint8Array): Uint8Array {
  // Loaded here: when every entry comes from the cache, fflate is not loaded at all.
  const { deflateSync } = createRequire(import.meta.url)('fflate') as typeof import('fflate');
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
  writeCacheEntries(dir, 'bin', fresh.map(({ key, bytes }) => ({ key, data: bytes })));
  return out;
}

function readEntry(dir: string, key: string, data: Uint8Array): Uint8Array | undefined {
  const bytes = readCacheEntry(dir, key, 'bin');
  if (!bytes) return undefined;
  try {
    const back = inflateRawSync(bytes, { maxOutputLength: data.length + 1 });
    return back.length === data.length && Buffer.compare(back, data) === 0 ? bytes : undefined;
  } catch {
    return undefined;
  }
}
