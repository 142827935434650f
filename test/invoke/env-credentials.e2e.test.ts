// Credentials from the environment end to end (issue 11 §4): MODEL_PLUGIN_CREDENTIAL_<VARIABLE>,
// -c key=env:NAME and a .env file reach the plugin (the real SDK) and are never printed; {mock}
// names the running mock.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyPlugin, removeTemps, runCli, scaffold, tempDir } from './run-cli.js';
import { testPythons } from '../helpers/python.js';

const [{ python }] = testPythons();
const SECRET = 'sk-env-secret-8d1e';
let plugin: string;

beforeAll(async () => {
  const base = await scaffold('openai-compatible', ['llm']);
  plugin = copyPlugin(base);
  // The model refuses any key but ours, so a pass proves the value arrived.
  const file = join(plugin, 'models/llm/llm.py');
  const cls = /^class (\w+)\(/m.exec(readFileSync(file, 'utf8'))![1];
  appendFileSync(
    file,
    [``, ``, `class Checked${cls}(${cls}):`, `    def _invoke(self, model, credentials, *args, **kwargs):`, `        if credentials.get("api_key") != "${SECRET}":`, `            raise ValueError("wrong api_key")`, `        return super()._invoke(model, credentials, *args, **kwargs)`, ``].join('\n'),
  );
});
afterAll(removeTemps);

describe('credentials from the environment', () => {
  it.each([
    ['MODEL_PLUGIN_CREDENTIAL_API_KEY', [], { MODEL_PLUGIN_CREDENTIAL_API_KEY: SECRET }],
    ['-c api_key=env:NAME', ['-c', 'api_key=env:MY_KEY'], { MY_KEY: SECRET }],
  ])('%s reaches the plugin and is never printed', async (_what, args, env) => {
    const r = await runCli(['invoke', '--mock', '--python', python, '-t', 'llm', '--verbose', ...args], { cwd: plugin, env });
    expect(r.code, (r.stdout + r.stderr).replaceAll(SECRET, '<secret>')).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  }, 300_000);

  it('reads a .env file given with --credentials, with {mock} for the mock URL', async () => {
    const file = join(tempDir(), 'plugin.env');
    writeFileSync(file, `# for the smoke run\napi_key=${SECRET}\nendpoint_url={mock}/v1\n`);
    const r = await runCli(['invoke', '--mock', '--python', python, '-t', 'llm', '--credentials', file, '--format', 'json'], { cwd: plugin });
    expect(r.code, r.stderr.replaceAll(SECRET, '<secret>')).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.mock.filled).toEqual([]); // everything was given
    expect(out.results.flatMap((x: { requests?: { url: string }[] }) => x.requests ?? []).every((q: { url: string }) => q.url.startsWith(out.mock.url))).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  }, 300_000);

  it('refuses {mock} without --mock, exit 2', async () => {
    const r = await runCli(['invoke', '--python', python, '-c', 'endpoint_url={mock}/v1', '-c', 'api_key=x'], { cwd: plugin });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/endpoint_url uses \{mock\}.*add --mock/);
  });
});
