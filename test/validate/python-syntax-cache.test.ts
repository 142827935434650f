// X8's results are kept between runs in the tool's cache (python/syntax-cache.ts): the built CLI
// writes one private entry per source text, reads it back on the next run with the same output,
// ignores an entry that does not read back right, and keeps nothing under MODEL_PLUGIN_NO_CACHE=1.
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyPlugin, removeTemps, runCli, scaffold, tempDir } from '../invoke/run-cli.js';

let plugin: string;
beforeAll(async () => {
  plugin = copyPlugin(await scaffold('openai-compatible', ['llm']));
  const llm = join(plugin, 'models', 'llm', 'llm.py');
  writeFileSync(llm, readFileSync(llm, 'utf8') + '\nNAME = [1, 2\n');
}, 120_000);
afterAll(removeTemps);

const validate = (cache: string, extra: NodeJS.ProcessEnv = {}) =>
  runCli(['validate', plugin, '--format', 'json'], { env: { MODEL_PLUGIN_CACHE_DIR: cache, ...extra } });

const x8 = (stdout: string) =>
  (JSON.parse(stdout).plugins[0].diagnostics as { ruleId: string; file: string; line: number; column: number; message: string }[]).filter((d) => d.ruleId === 'X8');

describe('the Python syntax cache', () => {
  it('gives the same findings from a cold and a warm cache, in private files', async () => {
    const cache = tempDir();
    const cold = await validate(cache);
    expect(cold.code).toBe(1);
    const found = x8(cold.stdout);
    expect(found.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([`models/llm/llm.py:${readFileSync(join(plugin, 'models', 'llm', 'llm.py'), 'utf8').split('\n').findIndex((l) => l.startsWith('NAME = [')) + 1}:8`]);
    const dir = join(cache, 'python-syntax');
    const entries = readdirSync(dir);
    expect(entries.length).toBeGreaterThan(1); // one per .py text
    expect(entries.every((e) => /^[0-9a-f]{64}\.json$/.test(e))).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const e of entries) expect(statSync(join(dir, e)).mode & 0o777).toBe(0o600);

    const warm = await validate(cache);
    expect(warm.code).toBe(1);
    expect(warm.stdout).toBe(cold.stdout);
  }, 120_000);

  it('reads entries back (an entry is the answer) and ignores one that does not read back right', async () => {
    const cache = tempDir();
    const first = await validate(cache);
    const dir = join(cache, 'python-syntax');
    const broken = readdirSync(dir).find((e) => readFileSync(join(dir, e), 'utf8') !== 'null')!;
    expect(broken).toBeDefined();
    // A planted answer is what the next run reports: proof the cache is read.
    writeFileSync(join(dir, broken), JSON.stringify({ line: 1, column: 1, message: 'Python syntax error: planted.' }));
    const planted = x8((await validate(cache)).stdout);
    expect(planted.map((d) => `${d.line}:${d.column}`)).toEqual(['1:1']);
    expect(planted[0].message).toContain('planted');
    // An entry of the wrong shape is parsed again, and rewritten.
    writeFileSync(join(dir, broken), JSON.stringify({ line: 'x', message: 1 }));
    const again = await validate(cache);
    expect(again.stdout).toBe(first.stdout);
    expect(JSON.parse(readFileSync(join(dir, broken), 'utf8')).message).toBe(x8(first.stdout)[0].message.split(' The SDK')[0]);
  }, 120_000);

  it('keeps nothing under MODEL_PLUGIN_NO_CACHE=1, with the same findings', async () => {
    const cache = tempDir();
    const off = await validate(cache, { MODEL_PLUGIN_NO_CACHE: '1' });
    expect(existsSync(join(cache, 'python-syntax'))).toBe(false);
    const on = await validate(tempDir());
    expect(off.stdout).toBe(on.stdout);
  }, 120_000);
});
