// X8's results kept between runs, per source text: <tool cache>/python-syntax/<sha256>.json holds a
// file's first syntax error (or null when it parses). The key hashes the text with everything the
// answer depends on (this tool's version, which pins the grammar packages, and the build of the
// code that describes errors), so a cached answer is the answer the grammar would give. Loading the
// grammar and parsing costs hundreds of milliseconds of CPU; reading a cached answer, well under one.
// MODEL_PLUGIN_NO_CACHE=1 turns it off. Files are private (0600 in a 0700 folder); a cache that
// cannot be read or written only means parsing again.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-root.js';
import { buildStamp, cacheFolder, readCacheEntry, writeCacheEntries } from '../../setup/tool-cache.js';
import type { PythonSyntaxError } from './grammar.js';

/** Bump when grammar.ts changes what it reports for a given source. */
const CHECK_VERSION = 1;

export interface SyntaxCacheEntry {
  rel: string;
  key: string;
}

let salt: string | undefined;

function cacheSalt(): string {
  // The grammar packages are pinned exactly in package.json, so the tool's version and build stand
  // for their versions too (resolving them cost ~12 ms of every run).
  salt ??= [CHECK_VERSION, buildStamp(import.meta.url, join(PACKAGE_ROOT, 'package.json'))].join('\0');
  return salt;
}

export function syntaxCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return cacheFolder('python-syntax', env);
}

export function syntaxCacheKey(text: string): string {
  return createHash('sha256').update(cacheSalt()).update('\0').update(text).digest('hex');
}

function isResult(v: unknown): v is PythonSyntaxError | null {
  if (v === null) return true;
  if (typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return Number.isInteger(e.line) && Number.isInteger(e.column) && typeof e.message === 'string' && Object.keys(e).length === 3;
}

/** The cached result for `key`, or undefined when there is none (or it does not read back right). */
export function readSyntaxCache(dir: string, key: string): PythonSyntaxError | null | undefined {
  const bytes = readCacheEntry(dir, key, 'json');
  if (!bytes) return undefined;
  try {
    const v = JSON.parse(bytes.toString('utf8')) as unknown;
    return isResult(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function writeSyntaxCache(dir: string, entries: { key: string; result: PythonSyntaxError | null }[]): void {
  writeCacheEntries(dir, 'json', entries.map(({ key, result }) => ({ key, data: JSON.stringify(result) })));
}
