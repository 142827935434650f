// scripts/setup-python.mjs: a half-finished venv (no ready-marker) is rebuilt with the real SDK from
// PyPI; a ready one is left alone. Runs in its own cache folder with one interpreter.
//
// The rebuild (a venv plus `pip install dify-plugin`) takes a minute on an idle machine and several
// on a busy one, so it runs once in beforeAll, asynchronously, under a hang guard far above that;
// the tests only read what it produced. No assertion depends on how long it took.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './run-cli.js';
import { testPythons } from '../helpers/python.js';

/** Hang guard for the whole rebuild: pip on a loaded 2-core machine, far above its normal minute. */
const HANG_GUARD_MS = 30 * 60_000;

interface Run {
  status: number | null;
  stderr: string;
}

function runScript(env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'scripts/setup-python.mjs')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('setup-python.mjs', () => {
  let cache = '';
  let venv = '';
  let first: Run;
  let second: Run;

  beforeAll(async () => {
    // The base interpreter of an existing venv: a real Python the script would find.
    const base = execFileSync(testPythons()[0].python, ['-c', 'import sys; print(sys._base_executable)'], { encoding: 'utf8' }).trim();
    const minor = execFileSync(base, ['-c', 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")'], { encoding: 'utf8' }).trim();
    cache = mkdtempSync(join(tmpdir(), 'mp-setup-'));
    venv = join(cache, `py${minor}`);
    mkdirSync(join(venv, 'bin'), { recursive: true });
    writeFileSync(join(venv, 'bin', 'python'), 'left over by an interrupted run');
    const env = { ...process.env, MODEL_PLUGIN_PYTHON_CACHE: cache, MODEL_PLUGIN_PYTHONS: base };
    first = await runScript(env);
    second = await runScript(env);
  }, HANG_GUARD_MS);

  afterAll(() => {
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  it('rebuilds a half-finished venv with the real SDK', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/creating venv/);
    const marker = JSON.parse(readFileSync(join(venv, '.model-plugin-ready.json'), 'utf8'));
    expect(marker.sdkVersion).toMatch(/^\d+\.\d+\.\d+/);
    const imported = execFileSync(marker.python, ['-c', 'import importlib.metadata as m, dify_plugin; print(m.version("dify_plugin"))'], { encoding: 'utf8' });
    expect(imported.trim()).toBe(marker.sdkVersion);
  });

  it('then leaves the ready one alone', () => {
    const marker = JSON.parse(readFileSync(join(venv, '.model-plugin-ready.json'), 'utf8'));
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`ready \\(dify-plugin ${marker.sdkVersion.replace(/\./g, '\\.')}\\) in`));
    expect(second.stderr).not.toMatch(/creating venv/);
  });

  it('fails loudly when no interpreter works', async () => {
    const r = await runScript({ ...process.env, MODEL_PLUGIN_PYTHON_CACHE: mkdtempSync(join(tmpdir(), 'mp-setup-')), MODEL_PLUGIN_PYTHONS: '/nonexistent/python3' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no Python virtualenv with dify-plugin could be set up/);
  });
});
