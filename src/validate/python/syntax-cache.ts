// X8's results kept between runs, per source text: <tool cache>/python-syntax/<sha256>.json holds a
// file's first syntax error (or null when it parses). The key hashes the text with everything the
// answer depends on (the grammar packages' versions, this tool's version, and the build of the code
// that describes errors), so a cached answer is the answer the grammar would give. Loading the
// grammar and parsing costs hundreds of milliseconds of CPU; reading a cached answer, well under one.
// MODEL_PLUGIN_NO_CACHE=1 turns it off. Files are private (0600 in a 0700 folder); a cache that
// cannot be read or written only means parsing again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  if (salt !== undefined) return salt;
  const require = createRequire(import.meta.url);
  const version = (file: string) => {
    try {
      return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version);
    } catch {
      return '?';
    }
  };
  let grammar = '?';
  let runtime = '?';
  try {
    grammar = version(require.resolve('tree-sitter-python/package.json'));
    runtime = version(require.resolve('web-tree-sitter/package.json'));
  } catch {
    // keep '?'
  }
  salt = [CHECK_VERSION, grammar, runtime, buildStamp(import.meta.url, join(PACKAGE_ROOT, 'package.json'))].join('\0');
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
