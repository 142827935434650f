// The module scans and credential reads of the Python sources are kept between runs in the tool's
// cache (python/facts.ts): the built CLI writes one private entry per source text and reads it back
// on the next run with the same findings; an entry is what the next run uses (a planted read is
// reported), and one that does not read back right is computed again.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyPlugin, removeTemps, runCli, scaffold, tempDir } from '../invoke/run-cli.js';

let plugin: string;
let llm: string;
beforeAll(async () => {
  plugin = copyPlugin(await scaffold('openai-compatible', ['llm']));
  llm = join(plugin, 'models', 'llm', 'llm.py');
  // An undeclared credential read: X9 at this line.
  writeFileSync(llm, readFileSync(llm, 'utf8') + '\ndef _region(credentials):\n    return credentials["region_name"]\n');
}, 120_000);
afterAll(removeTemps);

const validate = (cache: string, extra: NodeJS.ProcessEnv = {}) =>
  runCli(['validate', plugin, '--format', 'json'], { env: { MODEL_PLUGIN_CACHE_DIR: cache, ...extra } });

const x9 = (stdout: string) =>
  (JSON.parse(stdout).plugins[0].diagnostics as { ruleId: string; file: string; line: number; message: string }[]).filter((d) => d.ruleId === 'X9').map((d) => `${d.file}:${d.line} ${d.message.split(':')[0]}`);

describe('the Python facts cache', () => {
  it('gives the same findings from a cold and a warm cache, and reads its entries back', async () => {
    const cache = tempDir();
    const cold = await validate(cache);
    const line = readFileSync(llm, 'utf8').split('\n').findIndex((l) => l.includes('credentials["region_name"]')) + 1;
    expect(x9(cold.stdout)).toEqual([`models/llm/llm.py:${line} credentials["region_name"]`]);
    const dir = join(cache, 'python-facts');
    const entries = readdirSync(dir);
    expect(entries.length).toBeGreaterThan(1); // the provider's and the model's sources
    expect(entries.every((e) => /^[0-9a-f]{64}\.json$/.test(e))).toBe(true);
    for (const e of entries) expect(statSync(join(dir, e)).mode & 0o777).toBe(0o600);

    const warm = await validate(cache);
    expect(warm.stdout).toBe(cold.stdout);

    // A planted read is what the next run reports: proof the entry is used, not recomputed.
    const entry = entries.find((e) => readFileSync(join(dir, e), 'utf8').includes('region_name'))!;
    const facts = JSON.parse(readFileSync(join(dir, entry), 'utf8'));
    facts.reads = facts.reads.map((r: { key: string }) => (r.key === 'region_name' ? { ...r, key: 'planted_key' } : r));
    writeFileSync(join(dir, entry), JSON.stringify(facts));
    expect(x9((await validate(cache)).stdout)).toEqual([`models/llm/llm.py:${line} credentials["planted_key"]`]);

    // An entry of the wrong shape is computed again and rewritten.
    writeFileSync(join(dir, entry), '{"scan": 1}');
    const again = await validate(cache);
    expect(again.stdout).toBe(cold.stdout);
    expect(JSON.parse(readFileSync(join(dir, entry), 'utf8')).reads.some((r: { key: string }) => r.key === 'region_name')).toBe(true);
  }, 120_000);

  it('keeps nothing under MODEL_PLUGIN_NO_CACHE=1, with the same findings', async () => {
    const cache = tempDir();
    const off = await validate(cache, { MODEL_PLUGIN_NO_CACHE: '1' });
    const on = await validate(tempDir());
    expect(off.stdout).toBe(on.stdout);
    expect(() => readdirSync(join(cache, 'python-facts'))).toThrow();
  }, 120_000);
});
