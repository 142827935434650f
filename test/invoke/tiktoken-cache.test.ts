// The offline GPT-2 tokenizer (protocol reference §1.4): the seeded cache is what the real tiktoken
// of the SDK's venv loads with no network at all.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeTemps, tempDir } from './run-cli.js';
import { seedTiktokenCache, cacheKey } from '../../src/invoke/tiktoken-cache.js';
import { testPythons } from '../helpers/python.js';

let saved: string | undefined;
beforeEach(() => {
  saved = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = tempDir();
});
afterEach(() => {
  if (saved === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = saved;
});

afterAll(removeTemps);

const CL100K = 'https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken';
const O200K = 'https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken';

describe('tiktoken cache', () => {
  it('names the files by the SHA-1 of their URL, as tiktoken does', () => {
    expect(cacheKey('vocab.bpe')).toBe('6d1cbeee0f20b3d9449abfede4726ed8212e3aee');
    expect(cacheKey('encoder.json')).toBe('6c7ea1a7e38e3a7f062df639a5b80947f075ffe6');
  });

  it('seeds a cache outside any plugin, with the pinned contents, and repairs a corrupted file', () => {
    const dir = seedTiktokenCache();
    expect(dir.startsWith(process.env.XDG_CACHE_HOME!)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([cacheKey('encoder.json'), cacheKey('vocab.bpe'), cacheKey(CL100K), cacheKey(O200K)].sort());
    const sha = (f: string) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    expect(sha(cacheKey('vocab.bpe'))).toBe('1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5');
    writeFileSync(join(dir, cacheKey('encoder.json')), 'corrupted');
    expect(seedTiktokenCache()).toBe(dir);
    expect(sha(cacheKey('encoder.json'))).toBe('196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783');
  });

  it('seeds cl100k_base and o200k_base with the bytes tiktoken pins, and honours a TIKTOKEN_CACHE_DIR the user set', () => {
    const dir = seedTiktokenCache();
    const sha = (f: string) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    expect(sha(cacheKey(CL100K))).toBe('223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7');
    expect(sha(cacheKey(O200K))).toBe('446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d');
    const mine = join(tempDir(), 'my-cache');
    expect(seedTiktokenCache(mine)).toBe(mine);
    expect(readdirSync(mine)).toContain(cacheKey(CL100K));
    expect(seedTiktokenCache('')).toBe(''); // tiktoken: caching off, the user's choice
  });

  it.each(testPythons())('lets the SDK venv\'s tiktoken load gpt2, cl100k_base and o200k_base with no network ($sdkVersion)', ({ python }) => {
    const dir = seedTiktokenCache();
    const out = execFileSync(python, ['-c', 'import tiktoken; print(tiktoken.get_encoding("gpt2").encode("hello world")); print(len(tiktoken.get_encoding("cl100k_base").encode("hello world")), len(tiktoken.get_encoding("o200k_base").encode("hello world")))'], {
      encoding: 'utf8',
      // Any download attempt would fail: the proxy does not exist.
      env: { ...process.env, TIKTOKEN_CACHE_DIR: dir, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '' },
    });
    expect(out.trim().split('\n')).toEqual(['[31373, 995]', '2 2']);
  });
});
