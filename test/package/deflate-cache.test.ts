import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { deflateAll, deflateCacheDir, deflateEntry } from '../../src/package/deflate-cache.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mp-deflate-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const text = (seed: string, n: number) => Buffer.from(Array.from({ length: n }, (_, i) => `${seed} line ${i % 97}\n`).join(''));

describe('deflate cache', () => {
  it('gives the bytes a fresh deflate gives, from the cache on the second run', () => {
    const dir = join(tempDir(), 'deflate');
    const files = [text('a', 2000), text('b', 50), Buffer.from('tiny')];
    const fresh = files.map((f) => Buffer.from(deflateEntry(f)));
    const first = deflateAll(files, dir).map((b) => Buffer.from(b));
    expect(first).toEqual(fresh);
    // The two files above the size threshold are cached; the tiny one is not.
    expect(readdirSync(dir).filter((n) => n.endsWith('.bin'))).toHaveLength(2);
    const second = deflateAll(files, dir).map((b) => Buffer.from(b));
    expect(second).toEqual(fresh);
    for (const [i, f] of files.entries()) expect(inflateRawSync(second[i])).toEqual(f);
  });

  it('ignores an entry that does not inflate back to the content', () => {
    const dir = join(tempDir(), 'deflate');
    const file = text('c', 1000);
    deflateAll([file], dir);
    const [name] = readdirSync(dir);
    writeFileSync(join(dir, name), deflateEntry(text('other', 1000)));
    expect(Buffer.from(deflateAll([file], dir)[0])).toEqual(Buffer.from(deflateEntry(file)));
    writeFileSync(join(dir, name), 'not deflate data');
    expect(Buffer.from(deflateAll([file], dir)[0])).toEqual(Buffer.from(deflateEntry(file)));
  });

  it('is off with MODEL_PLUGIN_NO_CACHE=1 and lives in the tool cache otherwise', () => {
    const cache = tempDir();
    expect(deflateCacheDir({ MODEL_PLUGIN_NO_CACHE: '1', MODEL_PLUGIN_CACHE_DIR: cache })).toBeUndefined();
    expect(deflateCacheDir({ MODEL_PLUGIN_CACHE_DIR: cache })).toBe(join(cache, 'deflate'));
  });
});
