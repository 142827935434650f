// scripts/setup-python.mjs: a half-finished venv (no ready-marker) is rebuilt with the real SDK from
// PyPI; a ready one is left alone. Runs in its own cache folder with one interpreter.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './run-cli.js';
import { testPythons } from '../helpers/python.js';

describe('setup-python.mjs', () => {
  it('rebuilds a half-finished venv and then leaves the ready one alone', () => {
    // The base interpreter of an existing venv: a real Python the script would find.
    const base = execFileSync(testPythons()[0].python, ['-c', 'import sys; print(sys._base_executable)'], { encoding: 'utf8' }).trim();
    const minor = execFileSync(base, ['-c', 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")'], { encoding: 'utf8' }).trim();
    const cache = mkdtempSync(join(tmpdir(), 'mp-setup-'));
    const venv = join(cache, `py${minor}`);
    mkdirSync(join(venv, 'bin'), { recursive: true });
    writeFileSync(join(venv, 'bin', 'python'), 'left over by an interrupted run');
    const env = { ...process.env, MODEL_PLUGIN_PYTHON_CACHE: cache, MODEL_PLUGIN_PYTHONS: base };

    const first = spawnSync(process.execPath, [join(REPO, 'scripts/setup-python.mjs')], { env, encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/creating venv/);
    const marker = JSON.parse(readFileSync(join(venv, '.model-plugin-ready.json'), 'utf8'));
    expect(marker.sdkVersion).toMatch(/^\d+\.\d+\.\d+/);
    const imported = execFileSync(marker.python, ['-c', 'import importlib.metadata as m, dify_plugin; print(m.version("dify_plugin"))'], { encoding: 'utf8' });
    expect(imported.trim()).toBe(marker.sdkVersion);

    const second = spawnSync(process.execPath, [join(REPO, 'scripts/setup-python.mjs')], { env, encoding: 'utf8' });
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`ready \\(dify-plugin ${marker.sdkVersion.replace(/\./g, '\\.')}\\) in`));
    expect(second.stderr).not.toMatch(/creating venv/);
    rmSync(cache, { recursive: true, force: true });
  }, 15 * 60_000); // hang guard: a pip install of the SDK from PyPI takes minutes on a busy machine

  it('fails loudly when no interpreter works', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'scripts/setup-python.mjs')], {
      env: { ...process.env, MODEL_PLUGIN_PYTHON_CACHE: mkdtempSync(join(tmpdir(), 'mp-setup-')), MODEL_PLUGIN_PYTHONS: '/nonexistent/python3' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no Python virtualenv with dify-plugin could be set up/);
  });
});
