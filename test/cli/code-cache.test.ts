// The bin shims run the CommonJS bundles of dist/bin/ with a V8 code cache in the tool cache
// (src/cli/code-cache.cts). The cache must never change what a command does: same output with no
// cache, a fresh one, a reused one, or a corrupt one; MODEL_PLUGIN_NO_CACHE=1 writes none.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../invoke/run-cli.js';

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const plugin = join(REPO, '..', 'shared', 'corpus', 'dify-official-models', 'perfxcloud');
const v8Files = (cache: string) => {
  try {
    return readdirSync(join(cache, 'v8')).sort();
  } catch {
    return [];
  }
};

describe('the code cache of the bundles', () => {
  it('is written per command bundle, reused, and never changes the output', async () => {
    const cache = temp('mp-v8-');
    const env = { MODEL_PLUGIN_CACHE_DIR: cache };
    const args = ['validate', plugin, '--format', 'json'];

    const first = await runCli(args, { env });
    expect(first.stderr).toBe('');
    const files = v8Files(cache);
    // The validate bundle's own cache, and one per generated schema validator.
    expect(files.some((f) => f.startsWith('model-plugin-validate.validate.') && f.endsWith('.bin'))).toBe(true);
    expect(files.some((f) => f.startsWith('provider.validator.'))).toBe(true);
    const bundleCache = join(cache, 'v8', files.find((f) => f.startsWith('model-plugin-validate.'))!);
    const written = statSync(bundleCache).mtimeMs;

    const second = await runCli(args, { env });
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe('');
    // Accepted by V8, so not written again.
    expect(statSync(bundleCache).mtimeMs).toBe(written);

    // A corrupt cache is refused by V8: same answer, and a fresh cache replaces it.
    writeFileSync(bundleCache, Buffer.alloc(4096, 0x5a));
    const third = await runCli(args, { env });
    expect(third.stdout).toBe(first.stdout);
    expect(third.stderr).toBe('');
    expect(readFileSync(bundleCache).equals(Buffer.alloc(4096, 0x5a))).toBe(false);

    const none = await runCli(args, { env: { MODEL_PLUGIN_CACHE_DIR: temp('mp-v8-off-'), MODEL_PLUGIN_NO_CACHE: '1' } });
    expect(none.stdout).toBe(first.stdout);
    expect(JSON.parse(none.stdout).plugins[0].name).toBe('perfxcloud');
  });

  it('drops the cache of an older build of the same bundle and command', async () => {
    const cache = temp('mp-v8-');
    mkdirSync(join(cache, 'v8'));
    writeFileSync(join(cache, 'v8', 'model-plugin-validate.rules.1-1.v0.0.0.x64.bin'), 'old');
    writeFileSync(join(cache, 'v8', 'model-plugin-validate.validate.1-1.v0.0.0.x64.bin'), 'old');
    const r = await runCli(['rules'], { env: { MODEL_PLUGIN_CACHE_DIR: cache } });
    expect(r.code).toBe(0);
    const files = v8Files(cache);
    expect(files).not.toContain('model-plugin-validate.rules.1-1.v0.0.0.x64.bin');
    expect(files.filter((f) => f.startsWith('model-plugin-validate.rules.'))).toHaveLength(1);
    // Another command's cache is not touched.
    expect(files).toContain('model-plugin-validate.validate.1-1.v0.0.0.x64.bin');
  });

  it('runs a command from its own bundle with the same program as the whole CLI', async () => {
    const env = { MODEL_PLUGIN_NO_CACHE: '1' };
    const own = await runCli(['validate', '--help'], { env });
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/^Usage: model-plugin validate \[options\] \[paths\.\.\.\]/);
    const whole = await runCli(['--help'], { env });
    for (const command of ['validate', 'rules', 'init', 'add', 'invoke', 'mock-server', 'setup', 'package', 'checksum']) {
      expect(whole.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    const version = await runCli(['package', '--version'], { env });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
  });
});
